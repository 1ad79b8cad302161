// Package clocale keeps the "C.UTF-8" locale (the default of containers,
// CI machines and cron) from making Fyne log three lines of "Error parsing
// user locale C" on every run, command-line runs included.
//
// Fyne reads the locale while its packages initialise, before main runs, and
// takes the "C" of "C.UTF-8" for a language name. glibc's C.<codeset>
// locales are untranslated, that is English; saying so through LANGUAGE
// (which gettext-style lookups, Fyne's among them, consult first) is the
// whole fix. It must run before fyne.io/fyne/v2/lang initialises: Go
// initialises ready packages in import-path order, and this package, with
// only the standard library below it, sorts before github.com/jeandeaual/
// go-locale, on which Fyne's lang package waits.
package clocale

import (
	"os"
	"strings"
)

func init() {
	if os.Getenv("LANGUAGE") != "" {
		return
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(k); v != "" {
			if strings.HasPrefix(v, "C.") {
				os.Setenv("LANGUAGE", "en")
			}
			return
		}
	}
}
