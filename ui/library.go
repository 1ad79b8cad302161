package ui

import (
	"image"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"

	"github.com/gen5viewer/gen5view/internal/version"
	index "github.com/gen5viewer/gen5view/library"
	"github.com/gen5viewer/gen5view/thumbcache"
	"github.com/gen5viewer/gen5view/thumbnail"
	"github.com/gen5viewer/gen5view/ui/library"
)

// openFolderShortcut is Ctrl+Shift+O (Cmd+Shift+O on macOS).
var openFolderShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}

// libraries is what the session's library windows share: the index,
// opened with the first of them, and the thumbnail cache.
type libraries struct {
	index  *index.Index
	thumbs *thumbcache.Cache // nil without a cache directory
}

// isFolder reports whether path names a folder, which opens a library
// window rather than a viewer.
func isFolder(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

// openLibrary opens a library window on dir, showing errors in parent (nil
// for the first window, which then shows them itself), and files dir
// among the recent folders. It returns the window, nil when the index
// could not be opened; a folder already open returns its window.
func (s *session) openLibrary(dir string, parent fyne.Window) *library.Window {
	if lw := s.libraryOn(dir); lw != nil {
		return lw
	}
	if s.lib.index == nil {
		path, err := index.DefaultPath()
		if err == nil {
			s.lib.index, err = index.Open(path)
		}
		if err != nil {
			if parent == nil {
				parent = s.newViewer().Window()
				parent.Show()
			}
			dialog.ShowError(err, parent)
			return nil
		}
		if c, err := thumbcache.Open(version.Program()); err == nil {
			s.lib.thumbs = c
		}
	}
	var viewer *viewer // the viewer the library's files open in
	var lw *library.Window
	lw = library.New(s.app, dir, library.Options{
		Source:    library.IndexSource{Index: s.lib.index},
		Thumbnail: s.lib.thumbnail,
		Open: func(path string) {
			if viewer == nil || viewer.closed {
				viewer = s.newViewer()
			}
			viewer.Window().Show()
			viewer.Window().RequestFocus()
			viewer.followLibrary(lw)
			viewer.Open(path)
		},
		RunOnUI: runOnUI,
	})
	lw.OnClosed(func() {
		s.forgetLibrary(lw)
		if viewer != nil && viewer.order == lw {
			viewer.followLibrary(nil)
		}
	})
	s.libWindows = append(s.libWindows, lw)
	w := lw.Window()
	w.SetIcon(iconResource)
	w.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) { s.handleDrop(w, droppedPaths(uris), nil) })
	addRecentFolder(s.app.Preferences(), lw.Dir())
	s.refreshMenus() // this window's too
	return lw
}

// thumbnail is a file's thumbnail from the shared cache, made and stored
// there when missing.
func (l *libraries) thumbnail(path string) (image.Image, error) {
	if l.thumbs == nil {
		return thumbnail.File(path, thumbcache.Large.Pixels())
	}
	return thumbnail.Cached(l.thumbs, path, thumbcache.Large)
}

// libraryMenu is a library window's menus.
func (s *session) libraryMenu(lw *library.Window) *fyne.MainMenu {
	w := lw.Window()
	openFolder := fyne.NewMenuItem("Open Folder…", func() { s.showOpenFolderDialog(w, "") })
	openFolder.Shortcut = openFolderShortcut
	close := fyne.NewMenuItem("Close Window", w.Close)
	close.Shortcut = shortcut(fyne.KeyW)
	quit := fyne.NewMenuItem("Quit", s.quit)
	quit.Shortcut = shortcut(fyne.KeyQ)
	quit.IsQuit = true
	undo := fyne.NewMenuItem("Undo Last Batch Edit…", lw.UndoLastEdit)
	undo.Shortcut, undo.Icon = &fyne.ShortcutUndo{}, theme.ContentUndoIcon()
	return fyne.NewMainMenu(
		fyne.NewMenu("File", openFolder, s.recentFoldersMenuItem(w), fyne.NewMenuItemSeparator(), close, quit),
		fyne.NewMenu("Edit", undo))
}

// quit ends the app once every viewer with unsaved edits has asked about
// them.
func (s *session) quit() {
	if len(s.viewers) > 0 {
		s.viewers[0].quit()
		return
	}
	s.app.Quit()
}

// showOpenFolderDialog asks for a folder to open in a library window,
// starting in start when given.
func (s *session) showOpenFolderDialog(parent fyne.Window, start string) {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil {
			dialog.ShowError(err, parent)
			return
		}
		if u == nil {
			return
		}
		if lw := s.openLibrary(u.Path(), parent); lw != nil {
			lw.Window().Show()
		}
	}, parent)
	if start != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(start)); err == nil {
			d.SetLocation(l)
		}
	}
	sz := parent.Canvas().Size()
	d.Resize(fyne.NewSize(min(900, sz.Width*0.9), min(620, sz.Height*0.9)))
	d.Show()
}

// handleDrop opens what was dropped on window w: each folder in a library
// window, and the files as the viewer v does (a new viewer when v is nil).
func (s *session) handleDrop(w fyne.Window, paths []string, v *viewer) {
	var files []string
	for _, p := range paths {
		if isFolder(p) {
			if lw := s.openLibrary(p, w); lw != nil {
				lw.Window().Show()
			}
		} else {
			files = append(files, p)
		}
	}
	if len(files) == 0 {
		return
	}
	if v == nil {
		v = s.newViewer()
		v.Window().Show()
	}
	v.HandleDrop(files)
}

// droppedPaths returns the local paths among dropped URIs.
func droppedPaths(uris []fyne.URI) []string {
	paths := make([]string, 0, len(uris))
	for _, u := range uris {
		if u.Scheme() == "file" {
			paths = append(paths, filepath.Clean(u.Path()))
		}
	}
	return paths
}

// showOpenFolderDialog asks for a folder to open in a library window,
// starting in the folder of the file shown.
func (v *viewer) showOpenFolderDialog() {
	start := ""
	if v.doc != nil {
		start = filepath.Dir(v.doc.path)
	}
	v.session.showOpenFolderDialog(v.win, start)
}
