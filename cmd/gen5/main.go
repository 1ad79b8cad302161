// Command gen5 is Gen5 Viewer's command line without the window: every
// subcommand of gen5view (info, verify, extract, create, edit, seedcheck,
// noise), and nothing of Fyne, so that it builds with CGO_ENABLED=0 into a
// static binary that runs where there is no display and no GL or X11
// library: servers, slim containers, the machines pipelines run on. It
// cross-compiles to Windows and macOS with a plain go build.
//
// Usage:
//
//	gen5 COMMAND [ARGS]
//	gen5 help
package main

import (
	"os"
	"runtime/debug"

	"github.com/gen5viewer/gen5view/internal/cli"
)

func main() {
	// As in gen5view: a command lives for milliseconds and a collection
	// cycle costs it more than it frees; the limit keeps memory bounded.
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(512 << 20)
	os.Exit(cli.RunAs(cli.CommandLine, os.Args[1:], os.Stdout, os.Stderr))
}
