package ui

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/gen5viewer/gen5view/internal/fixtures"
	"github.com/gen5viewer/gen5view/internal/xdg"
	"github.com/gen5viewer/gen5view/internal/xdg/xdgtest"
)

// File ▸ Show in Folder asks the file manager on the session bus to show
// the file; without one, it opens the folder instead.
func TestShowInFolder(t *testing.T) {
	xdgtest.StartBus(t)
	var opened []string
	old := openFolder
	openFolder = func(dir string) error { opened = append(opened, dir); return nil }
	t.Cleanup(func() { openFolder = old })

	path := filepath.Join(fixtures.Dir(t), "a0_sd15_f32.gen5")
	v := newTestViewer(t)
	openAndWait(t, v, path)
	show := func() {
		it := menuItem(t, v, "File", "Show in Folder")
		if it.Disabled {
			t.Fatal("Show in Folder is disabled with a file open")
		}
		onUI(it.Action)
		v.exports.Wait()
	}

	show() // no file manager yet
	if !slices.Equal(opened, []string{filepath.Dir(path)}) {
		t.Fatalf("without a file manager, opened %q, want the folder", opened)
	}

	fm := xdgtest.StartFileManager(t)
	show()
	if got := fm.Shown(); len(got) != 1 || !slices.Equal(got[0], []string{xdg.FileURI(path)}) {
		t.Errorf("the file manager was asked to show %q", got)
	}
	if len(opened) != 1 {
		t.Errorf("the folder was opened as well: %q", opened)
	}
}
