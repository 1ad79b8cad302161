// Package assets holds files compiled into the gen5view binary.
package assets

import _ "embed"

// IconPNG is the application icon, 1024×1024 PNG. It is drawn by
// desktop/iconsrc (go run desktop/iconsrc/main.go) and is also the file that
// FyneApp.toml names, so `fyne package` and the running window use the same
// picture. The UI wraps it in a fyne.StaticResource.
//
//go:embed icon.png
var IconPNG []byte
