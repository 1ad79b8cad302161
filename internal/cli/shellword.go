package cli

import "strings"

// ShellWord writes a file name so that it can be pasted into a shell: as it
// is when it has no special characters, in single quotes when it is plain
// text, and otherwise escaped by termText, so that no control character
// reaches the terminal.
func ShellWord(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/+:@,=-") == "" {
		return s
	}
	if !needsEscape(s) && !strings.ContainsRune(s, '\'') {
		return "'" + s + "'"
	}
	return termText(s)
}
