package cli

import (
	"fmt"

	"github.com/gen5viewer/gen5view/internal/version"
)

func init() {
	register("version", "print the release and the commit it was built from", runVersion)
}

// isVersionFlag reports whether arg asks for the version the way programs
// commonly do, so that `gen5view --version` is not taken for a file.
func isVersionFlag(arg string) bool { return arg == "--version" || arg == "-version" }

func runVersion(e *env, args []string) int {
	fs := e.flags("version", "")
	if _, code, ok := e.parse(fs, args, 0, 0); !ok {
		return code
	}
	fmt.Fprintln(e.stdout, version.Line(e.prog))
	return ExitOK
}
