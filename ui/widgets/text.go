package widgets

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentence capitalises the first letter of a line written in lower case
// for a log ("no noise chunk") to start a sentence in the window. It
// leaves alone a line that starts with anything but a plain word: a file
// name ("edit-me.gen5 was not saved"), a key ("seed: …") or a path, whose
// case is part of what it names.
func Sentence(s string) string {
	word := s
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		word = s[:i]
	}
	if word == "" {
		return s
	}
	for _, r := range word {
		if !unicode.IsLower(r) {
			return s
		}
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// FormatBytes gives a size the way file managers do: "106 KB", "2.6 MB".
func FormatBytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	v, i := float64(n)/unit, 0
	for v >= unit && i < 3 {
		v /= unit
		i++
	}
	suffix := []string{"KB", "MB", "GB", "TB"}[i]
	if v < 10 {
		return fmt.Sprintf("%.1f %s", v, suffix)
	}
	return fmt.Sprintf("%.0f %s", v, suffix)
}
