package cli

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// termText makes text that comes from a file safe to print on a terminal:
// every control character (C0 including newline and carriage return, DEL,
// C1), the characters that reorder text (bidirectional overrides and
// isolates) and every byte that is not valid UTF-8 are written as Go-style
// escapes (\x1b, \r, \u202e, \xff), so that a prompt or a tag can neither
// move the cursor, retitle the window, ring the bell nor forge a line of
// output. Everything else, non-ASCII letters included, is kept. Every line
// the commands print that holds file text goes through here; the JSON
// output is escaped by jsonSafe instead, so that it stays JSON.
func termText(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r == '\\':
			b.WriteString(`\\`)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// needsEscape reports whether termText would change s. A backslash alone
// does not count: text without control characters is printed as it is, so
// that paths and prompts read naturally; only once something is escaped
// are backslashes doubled, so the escapes cannot be forged.
func needsEscape(s string) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n <= 1) || r < 0x20 || r == 0x7f || unsafeRune(r) {
			return true
		}
		i += n
	}
	return false
}

// unsafeRune reports the non-ASCII characters a terminal acts on: the C1
// controls (U+009B is CSI, which starts an escape sequence by itself), the
// line and paragraph separators, and the bidirectional controls that make
// text display in another order than it is stored.
func unsafeRune(r rune) bool {
	return (r >= 0x80 && r <= 0x9f) || r == 0x2028 || r == 0x2029 ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
}
