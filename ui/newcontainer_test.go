package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// TestNewFromFilesMenu: File ▸ New from Files… opens the New container
// window empty, saying what it needs before Create can run.
func TestNewFromFilesMenu(t *testing.T) {
	v := newTestViewer(t)
	var item *fyne.MenuItem
	for _, it := range v.win.MainMenu().Items[0].Items {
		if it.Label == "New from Files…" {
			item = it
		}
	}
	if item == nil {
		t.Fatal("File menu has no New from Files…")
	}
	onUI(item.Action)
	nc := v.newContainer
	if nc == nil {
		t.Fatal("New from Files… opened nothing")
	}
	nc.Wait()
	t.Cleanup(func() { onUI(nc.Window().Close) })
	const want = "Add a picture and the noise to create a container"
	found := false
	onUI(func() {
		walkTree(nc.Window().Content(), func(o fyne.CanvasObject) {
			if l, ok := o.(*widget.Label); ok && l.Text == want && l.Visible() {
				found = true
			}
		})
	})
	if !found {
		t.Errorf("the empty window does not say %q", want)
	}
}
