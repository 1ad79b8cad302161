// Package version holds the program's version: the one FyneApp.toml gives
// the packaged application, for the places that name it at run time (the
// thumbnail cache's fail directory).
package version

// Version is the release, as in FyneApp.toml's [Details] Version.
const Version = "0.1.0"

// Program is the program and its version as one word, "gen5view-0.1.0".
const Program = "gen5view-" + Version
