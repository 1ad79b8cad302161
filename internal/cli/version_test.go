package cli

import (
	"bytes"
	"testing"

	"github.com/gen5viewer/gen5view/internal/version"
)

// --version, -version and the version command print the same line, naming
// the program that runs them, and main routes --version to the commands
// rather than taking it for a file to open.
func TestVersion(t *testing.T) {
	for _, prog := range []string{Viewer, CommandLine} {
		for _, args := range [][]string{{"--version"}, {"-version"}, {"version"}} {
			var stdout, stderr bytes.Buffer
			code := RunAs(prog, args, &stdout, &stderr)
			if code != ExitOK || stderr.Len() > 0 {
				t.Errorf("%s %v: exit %d, stderr %q", prog, args, code, stderr.String())
			}
			if want := version.Line(prog) + "\n"; stdout.String() != want {
				t.Errorf("%s %v printed %q, want %q", prog, args, stdout.String(), want)
			}
			if !IsCommand(args[0]) {
				t.Errorf("IsCommand(%q) = false: the viewer would open it as a file", args[0])
			}
		}
	}
	var stdout, stderr bytes.Buffer
	if code := RunAs(CommandLine, []string{"version", "extra"}, &stdout, &stderr); code != ExitUsage {
		t.Errorf("version extra: exit %d, want %d", code, ExitUsage)
	}
}
