package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// CheckViewerArgs checks the arguments of `gen5view [FILE]` before a window
// is made: an unknown flag is a usage error (exit 2) and a directory is a
// file error (exit 1), each reported in one line. A file that is missing,
// unreadable or damaged is left to the window, which explains it there.
func CheckViewerArgs(args []string, stderr io.Writer) (code int, ok bool) {
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			fmt.Fprintf(stderr, "gen5view: unknown flag %q (run gen5view help)\n", a)
			return ExitUsage, false
		}
	}
	if len(args) > 1 {
		fmt.Fprintf(stderr, "gen5view: give one file to open, not %d (run gen5view help)\n", len(args))
		return ExitUsage, false
	}
	if len(args) == 1 {
		// A file that cannot be read (moved, say, since it was
		// double-clicked) is the window's to explain: a line on a terminal
		// nobody sees would fail silently.
		if st, err := os.Stat(args[0]); err == nil && st.IsDir() {
			fmt.Fprintf(stderr, "gen5view: %s: is a directory, not a .gen5 file\n", args[0])
			return ExitFile, false
		}
	}
	return ExitOK, true
}
