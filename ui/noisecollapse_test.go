package ui

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gen5viewer/gen5view/internal/fixtures"
)

// The Noise header collapses the panel to itself, giving the metadata the
// height, and opens it again where the divider was; the next window
// starts as the last was left.
func TestNoiseCollapse(t *testing.T) {
	v := newTestViewer(t)
	openAndWait(t, v, filepath.Join(fixtures.Dir(t), "a0_sd15_f32.gen5"))
	v.right.SetOffset(0.4)
	treeH := v.tree.content.Size().Height

	test.Tap(v.noise.toggle)
	if !v.noise.collapsed || v.noise.body.Visible() {
		t.Fatal("tapping Noise did not collapse the panel")
	}
	if v.right.Offset != 1 || v.tree.content.Size().Height <= treeH {
		t.Fatalf("collapsed, the metadata has %v of the height (offset %v), had %v", v.tree.content.Size().Height, v.right.Offset, treeH)
	}

	v2 := v.session.newViewer()
	if !v2.noise.collapsed {
		t.Error("a new window does not start collapsed like the last")
	}
	v2.win.Close()

	test.Tap(v.noise.toggle)
	if v.noise.collapsed || !v.noise.body.Visible() || v.right.Offset != 0.4 {
		t.Fatalf("opened again: collapsed %v, offset %v, want 0.4", v.noise.collapsed, v.right.Offset)
	}
}
