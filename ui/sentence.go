package ui

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// sentence capitalises the first letter of a line written in lower case
// for a log ("no noise chunk") to start a sentence in the window. It
// leaves alone a line that starts with anything but a plain word: a file
// name ("edit-me.gen5 was not saved"), a key ("seed: …") or a path, whose
// case is part of what it names.
func sentence(s string) string {
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
