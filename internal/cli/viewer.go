package cli

import (
	"fmt"
	"io"
	"strings"
)

// CheckViewerArgs checks the arguments of `gen5view [FILE|FOLDER]` before
// a window is made: an unknown flag or more than one path is a usage error
// (exit 2), reported in one line. A folder opens the library window; a
// file that is missing, unreadable or damaged is left to the window, which
// explains it there.
func CheckViewerArgs(args []string, stderr io.Writer) (code int, ok bool) {
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			fmt.Fprintf(stderr, "gen5view: unknown flag %q (run gen5view help)\n", a)
			return ExitUsage, false
		}
	}
	if len(args) > 1 {
		fmt.Fprintf(stderr, "gen5view: give one file or folder to open, not %d (run gen5view help)\n", len(args))
		return ExitUsage, false
	}
	return ExitOK, true
}
