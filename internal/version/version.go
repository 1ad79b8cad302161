// Package version says which release and which commit a binary was built
// from, for `--version`, the About box and the places that name the program
// with its version (the thumbnail cache's fail directory).
//
// The release has one source: FyneApp.toml's [Details] Version. The
// Makefile reads it and stamps it, with the commit, at link time:
//
//	go build -ldflags "-X github.com/gen5viewer/gen5view/internal/version.version=0.1.0
//	                   -X github.com/gen5viewer/gen5view/internal/version.commit=3a7ab57"
//
// A plain `go build` or `go install` is not stamped: the release is then
// the default below (a test keeps it equal to FyneApp.toml's), and the
// commit is the one the Go toolchain records from the checkout
// (runtime/debug.ReadBuildInfo's vcs.revision and vcs.modified).
package version

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Set at link time by the Makefile (-ldflags -X); they must stay plain,
// constant-initialised string variables for -X to reach them.
var (
	version = "0.1.0"
	commit  = ""
)

// Version is the release, as in FyneApp.toml: "0.1.0".
func Version() string { return version }

// Program is the viewer's name and release as one word, "gen5view-0.1.0".
func Program() string { return "gen5view-" + version }

// Commit is the commit the binary was built from, abbreviated to 12 hex
// digits, with "-dirty" when the checkout had uncommitted changes; "" when
// nothing recorded it (a build outside a git checkout, or with -buildvcs=false).
func Commit() string {
	if commit != "" {
		return commit
	}
	return commitFrom(debug.ReadBuildInfo())
}

// commitFrom reads the commit the Go toolchain stamps into a build made in
// a git checkout.
func commitFrom(bi *debug.BuildInfo, ok bool) string {
	if !ok {
		return ""
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		return ""
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if modified == "true" {
		rev += "-dirty"
	}
	return rev
}

// String is the release and the commit for a person to read, as the About
// box shows them: "0.1.0 (commit 3a7ab57c0d1e)", or "0.1.0" alone when the
// commit is unknown.
func String() string { return describe(version, Commit()) }

func describe(v, c string) string {
	if c == "" {
		return v
	}
	return fmt.Sprintf("%s (commit %s)", v, c)
}

// Line is what `PROG --version` prints: the program, String and the Go
// toolchain and platform it was built with, e.g.
// "gen5 0.1.0 (commit 3a7ab57c0d1e) go1.26.8 linux/amd64".
func Line(prog string) string {
	return fmt.Sprintf("%s %s %s %s/%s", prog, String(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
