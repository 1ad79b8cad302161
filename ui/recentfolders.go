package ui

import (
	"path/filepath"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/gen5viewer/gen5view/ui/library"
)

// The recent folders, those opened in a library window, are kept in the
// app's preferences as a string list, most recent first. Unlike a recent
// file, a folder that is missing stays listed, greyed: it is often on a
// drive not mounted now, and comes back.
const (
	recentFoldersKey = "recentFolders"
	recentFoldersMax = 10
)

// recentFolder is a recent folder and whether it is there now.
type recentFolder struct {
	path    string
	missing bool
}

// recentFolders returns the recent folders, most recent first.
func recentFolders(p fyne.Preferences) []recentFolder {
	stored := p.StringList(recentFoldersKey)
	out := make([]recentFolder, len(stored))
	for i, d := range stored {
		out[i] = recentFolder{path: d, missing: !isFolder(d)}
	}
	return out
}

// addRecentFolder puts dir at the head of the recent folders, once,
// keeping at most recentFoldersMax.
func addRecentFolder(p fyne.Preferences, dir string) {
	pushRecent(p, recentFoldersKey, recentFoldersMax, dir)
}

func clearRecentFolders(p fyne.Preferences) {
	p.SetStringList(recentFoldersKey, []string{})
}

// recentFoldersMenuItem is "Open Recent Folder ▸": the recent folders,
// each opening a library window, a missing one greyed; parent shows what
// goes wrong.
func (s *session) recentFoldersMenuItem(parent fyne.Window) *fyne.MenuItem {
	item := fyne.NewMenuItem("Open Recent Folder", nil)
	item.Icon = theme.FolderIcon()
	recent := recentFolders(s.app.Preferences())
	if len(recent) == 0 {
		none := fyne.NewMenuItem("No recent folders", nil)
		none.Disabled = true
		item.ChildMenu = fyne.NewMenu("", none)
		return item
	}
	sub := make([]*fyne.MenuItem, 0, len(recent)+2)
	for _, f := range recent {
		label := recentLabel(f.path)
		if f.missing {
			label += "  (not found)"
		}
		it := fyne.NewMenuItem(label, func() { s.openRecentFolder(f.path, parent) })
		it.Disabled = f.missing
		sub = append(sub, it)
	}
	sub = append(sub, fyne.NewMenuItemSeparator(), fyne.NewMenuItem("Clear Recent Folders", func() {
		clearRecentFolders(s.app.Preferences())
		s.refreshMenus()
	}))
	item.ChildMenu = fyne.NewMenu("", sub...)
	return item
}

// openRecentFolder opens dir in a library window, or brings forward the
// one already showing it.
func (s *session) openRecentFolder(dir string, parent fyne.Window) {
	if lw := s.openLibrary(dir, parent); lw != nil {
		lw.Window().Show()
		lw.Window().RequestFocus()
	}
}

// refreshMenus rebuilds every window's menus, after the recent files or
// folders changed.
func (s *session) refreshMenus() {
	for _, v := range s.viewers {
		v.refreshMenu()
	}
	for _, lw := range s.libWindows {
		lw.Window().SetMainMenu(s.libraryMenu(lw))
	}
}

// forgetLibrary drops a closed library window.
func (s *session) forgetLibrary(lw *library.Window) {
	s.libWindows = slices.DeleteFunc(s.libWindows, func(o *library.Window) bool { return o == lw })
}

// libraryOn returns the library window open on dir, or nil.
func (s *session) libraryOn(dir string) *library.Window {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	for _, lw := range s.libWindows {
		if lw.Dir() == dir {
			return lw
		}
	}
	return nil
}
