package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func TestRecentFolders(t *testing.T) {
	p := test.NewTempApp(t).Preferences()
	root := t.TempDir()
	var dirs []string
	for i := range 12 {
		d := filepath.Join(root, fmt.Sprint("d", i))
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, d)
		addRecentFolder(p, d)
	}
	got := recentFolders(p)
	if len(got) != recentFoldersMax || got[0].path != dirs[11] || got[9].path != dirs[2] {
		t.Fatalf("recent folders %v", got)
	}
	addRecentFolder(p, dirs[5]+string(filepath.Separator)+".") // again, spelled otherwise: moves to the front, once
	got = recentFolders(p)
	if len(got) != recentFoldersMax || got[0].path != dirs[5] || got[1].path != dirs[11] {
		t.Fatalf("after reopening: %v", got)
	}
	for _, f := range got[1:] {
		if f.path == dirs[5] {
			t.Fatal("listed twice")
		}
	}
	// A folder gone (an unmounted drive) stays listed, as missing.
	if err := os.Remove(dirs[11]); err != nil {
		t.Fatal(err)
	}
	got = recentFolders(p)
	if len(got) != recentFoldersMax || got[1].path != dirs[11] || !got[1].missing || got[0].missing {
		t.Errorf("with a folder gone: %v", got)
	}
	clearRecentFolders(p)
	if len(recentFolders(p)) != 0 {
		t.Error("not cleared")
	}
}

// recentFolderItems returns the items of a window's File › Open Recent Folder.
func recentFolderItems(t *testing.T, w fyne.Window) []*fyne.MenuItem {
	t.Helper()
	for _, it := range w.MainMenu().Items[0].Items {
		if it.Label == "Open Recent Folder" {
			return it.ChildMenu.Items
		}
	}
	t.Fatalf("%s has no File › Open Recent Folder", w.Title())
	return nil
}

// Opening a folder files it in every window's Open Recent Folder; a
// missing folder is greyed; choosing one opens it, or brings its window.
func TestRecentFolderMenu(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	v := newTestViewer(t)
	s := v.session
	a, b := t.TempDir(), t.TempDir()
	if got := recentFolderItems(t, v.win); len(got) != 1 || !got[0].Disabled {
		t.Fatalf("before any folder: %d items", len(got))
	}
	la := s.openLibrary(a, v.win)
	lb := s.openLibrary(b, v.win)
	if la == nil || lb == nil {
		t.Fatal("a library window did not open")
	}
	aOpen := true
	t.Cleanup(func() {
		if aOpen {
			la.Window().Close()
		}
		lb.Window().Close()
		la.WaitClosed()
		lb.WaitClosed()
	})
	for _, w := range []fyne.Window{v.win, la.Window(), lb.Window()} {
		items := recentFolderItems(t, w)
		if len(items) != 4 || !strings.HasPrefix(items[0].Label, filepath.Base(b)) || !strings.HasPrefix(items[1].Label, filepath.Base(a)) {
			var l []string
			for _, it := range items {
				l = append(l, it.Label)
			}
			t.Errorf("%s: Open Recent Folder %q", w.Title(), l)
		}
	}
	if m := la.Window().MainMenu().Items; len(m) < 2 || m[1].Label != "Edit" || m[1].Items[0].Label != "Undo Last Batch Edit…" {
		t.Error("the library window has no Edit › Undo Last Batch Edit…")
	}
	recentFolderItems(t, v.win)[1].Action()
	if len(s.libWindows) != 2 {
		t.Errorf("opening a folder already open made another window: %d", len(s.libWindows))
	}
	if err := os.Remove(a); err != nil {
		t.Fatal(err)
	}
	s.refreshMenus()
	if it := recentFolderItems(t, lb.Window())[1]; !it.Disabled || !strings.HasSuffix(it.Label, "(not found)") {
		t.Errorf("a missing folder is listed as %q, disabled %v", it.Label, it.Disabled)
	}
	la.Window().Close()
	aOpen = false
	if len(s.libWindows) != 1 || s.libWindows[0] != lb {
		t.Errorf("after closing one, the session keeps %d library windows", len(s.libWindows))
	}
}
