package xdg

import (
	"context"
	"net/url"

	"github.com/godbus/dbus/v5"
)

// The file manager interface that Nautilus, Dolphin, Nemo, Caja, Thunar
// and PCManFM export.
const (
	fileManagerService = "org.freedesktop.FileManager1"
	fileManagerPath    = dbus.ObjectPath("/org/freedesktop/FileManager1")
)

// ShowItems asks the desktop's file manager to show the files at paths in
// their folder, selected. It fails, within CallTimeout, where no file
// manager answers.
func (b *Bus) ShowItems(ctx context.Context, paths []string) error {
	uris := make([]string, len(paths))
	for i, p := range paths {
		uris[i] = FileURI(p)
	}
	return b.call(ctx, fileManagerService, fileManagerPath, fileManagerService+".ShowItems", nil, uris, "")
}

// FileURI is the file:// URI of the absolute path p, escaped.
func FileURI(p string) string {
	return (&url.URL{Scheme: "file", Path: p}).String()
}
