package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/gen5viewer/gen5view/internal/fixtures"
)

// TestMain lets the tests run the real program: the test binary re-executes
// itself with GEN5VIEW_RUN_MAIN=1 and then behaves as gen5view.
func TestMain(m *testing.M) {
	if os.Getenv("GEN5VIEW_RUN_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func runMain(t *testing.T, env []string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), "GEN5VIEW_RUN_MAIN=1"), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, out.String(), errb.String()
}

// Under the C.UTF-8 locale of containers and CI, Fyne used to log three
// lines while initialising; a command line must print only its own output.
func TestCommandLineSaysOnlyWhatItMeans(t *testing.T) {
	cLocale := []string{"LANG=C.UTF-8", "LANGUAGE=", "LC_ALL=", "LC_MESSAGES="}
	good := fixtures.Path(t, "a0_sd15_f32.gen5")
	code, out, stderr := runMain(t, cLocale, "info", good)
	if code != 0 || stderr != "" || !strings.Contains(out, "A puppy smiling") {
		t.Errorf("info: exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = runMain(t, cLocale, "info", "/nonexistent/x.gen5")
	if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "/nonexistent/x.gen5") {
		t.Errorf("missing file: exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = runMain(t, cLocale, "--bogus")
	if code != 2 || strings.Count(stderr, "\n") != 1 {
		t.Errorf("bad flag: exit %d, stderr %q", code, stderr)
	}
}

// Without an X or Wayland display the window cannot open: one line that
// says so and names the command that works without one, exit 1, and no
// goroutine trace from the graphics driver.
func TestViewerWithoutDisplay(t *testing.T) {
	noDisplay := []string{"DISPLAY=", "WAYLAND_DISPLAY=", "LANG=C.UTF-8"}
	good := fixtures.Path(t, "a0_sd15_f32.gen5")
	// DISPLAY=:9 names a display no X server answers at here (the tests
	// run without one, or under xvfb-run, which starts at :99).
	deadX := []string{"DISPLAY=:9", "WAYLAND_DISPLAY=", "LANG=C.UTF-8"}
	if _, err := os.Stat("/tmp/.X11-unix/X9"); err == nil {
		deadX = noDisplay
	}
	for i, args := range [][]string{{good}, {"/nonexistent/y.gen5"}, {}, {good}} {
		env := noDisplay
		if i == 3 {
			env = deadX
		}
		code, out, stderr := runMain(t, env, args...)
		want := "gen5view: no display: use `gen5view info "
		if code != 1 || out != "" || strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, want) {
			t.Errorf("gen5view %q without a display: exit %d, stdout %q, stderr %q; want exit 1 and one line starting %q",
				args, code, out, stderr, want)
		}
		if len(args) == 1 && !strings.Contains(stderr, "info "+args[0]+"`") {
			t.Errorf("gen5view %q without a display: the line does not name the file: %q", args, stderr)
		}
	}
}
