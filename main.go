// Command gen5view opens .gen5 AI image containers in a window, or, given a
// subcommand (info, verify, extract, create, edit, seedcheck, noise), works
// on them from the command line with the same code.
package main

import (
	"os"
	"runtime/debug"

	"fyne.io/fyne/v2/app"

	"github.com/gen5viewer/gen5view/internal/cli"
	_ "github.com/gen5viewer/gen5view/internal/clocale" // before Fyne reads the locale
	"github.com/gen5viewer/gen5view/ui"
	"github.com/gen5viewer/gen5view/ui/widgets"
)

func main() {
	args := os.Args[1:]
	if len(args) > 0 && cli.IsCommand(args[0]) {
		// A command lives for milliseconds, and a collection cycle costs it
		// more than the memory it frees (4 ms of 20 for info on a Flux
		// file). The collector runs only as the heap nears the limit, so
		// memory stays bounded on large files.
		debug.SetGCPercent(-1)
		debug.SetMemoryLimit(512 << 20)
		os.Exit(cli.Run(args, os.Stdout, os.Stderr))
	}
	if code, ok := cli.CheckViewerArgs(args, os.Stderr); !ok {
		os.Exit(code)
	}
	if code, ok := checkDisplay(args, os.Getenv, os.Stderr); !ok {
		os.Exit(code)
	}
	a := app.NewWithID(ui.AppID)
	widgets.ScreenSize = screenSize
	ui.Run(a, args)
}
