package main

import (
	"bytes"
	"debug/buildinfo"
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

// The release and commit reach the binary the two ways it can be built: the
// Makefile's -ldflags -X stamp, and a plain go build, which reports the
// commit the Go toolchain recorded from the checkout.
func TestVersionStamp(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	const pkg = "github.com/gen5viewer/gen5view/internal/version"
	run := func(bin string, buildArgs ...string) string {
		build := exec.Command("go", append(append([]string{"build", "-o", bin}, buildArgs...), ".")...)
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
		out, err := exec.Command(bin, "--version").Output()
		if err != nil {
			t.Fatalf("%s --version: %v", bin, err)
		}
		return string(out)
	}
	stamped := run(filepath.Join(dir, "stamped"), "-ldflags", "-X "+pkg+".version=9.8.7 -X "+pkg+".commit=0123456789ab")
	if !strings.HasPrefix(stamped, "gen5 9.8.7 (commit 0123456789ab) go") {
		t.Errorf("stamped gen5 --version = %q", stamped)
	}
	// The Go toolchain records the commit only in a checkout whose .git is a
	// directory (not in a git worktree), and GOFLAGS may say -buildvcs=false.
	plainBin := filepath.Join(dir, "plain")
	plain := run(plainBin, "-buildvcs=true")
	bi, err := buildinfo.ReadFile(plainBin)
	if err != nil {
		t.Fatal(err)
	}
	rev := ""
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" {
			rev = s.Value
		}
	}
	if len(rev) < 12 {
		t.Skipf("the toolchain recorded no commit here (%q); the fallback is tested in internal/version", plain)
	}
	if want := "(commit " + rev[:12]; !strings.Contains(plain, want) {
		t.Errorf("unstamped gen5 --version = %q, want it to contain %q", plain, want)
	}
}
