package main

import (
	"bytes"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/gen5viewer/gen5view/internal/fixtures"
)

// gen5 must build without cgo and without Fyne: anything of fyne.io, or a
// package outside the standard library with cgo files, among its
// dependencies would make the binary need the C, GL and X11 libraries it
// exists to do without. go list reports the dependencies as a default
// (cgo-enabled) build sees them, so a package that only compiles its cgo
// half when it can is caught too. The standard library's cgo (net's and
// os/user's lookups) is optional: CGO_ENABLED=0 takes its pure-Go side,
// which TestStaticBinaryRuns checks.
func TestNoFyneNoCgo(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}} {{len .CgoFiles}} {{.Standard}}", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		path, cgoFiles, std := f[0], f[1], f[2] == "true"
		if strings.HasPrefix(path, "fyne.io/") {
			t.Errorf("gen5 depends on %s", path)
		}
		if cgoFiles != "0" && !std {
			t.Errorf("gen5 depends on %s, which uses cgo", path)
		}
	}
}

// The binary built as the Makefile builds it is static (no program
// interpreter, no shared library) and describes a file.
func TestStaticBinaryRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if runtime.GOOS != "linux" {
		t.Skip("checks an ELF binary")
	}
	fixture := fixtures.Path(t, "a0_flux_f32.gen5")
	bin := filepath.Join(t.TempDir(), "gen5")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
			t.Errorf("gen5 is dynamically linked (program header %v)", p.Type)
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		t.Errorf("gen5 needs shared libraries %v", libs)
	}
	// An empty environment: no DISPLAY, no library path, nothing to lean on.
	cmd := exec.Command(bin, "info", "--json", fixture)
	cmd.Env = []string{}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Fatalf("gen5 info: %v, stderr %q", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), `"flux sized latent"`) {
		t.Errorf("gen5 info --json does not give the prompt:\n%.300s", stdout.String())
	}
}
