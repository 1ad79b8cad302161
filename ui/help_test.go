package ui

import (
	"strings"
	"testing"

	"github.com/gen5viewer/gen5view/internal/version"
)

// TestHelpMenu: Help has Keyboard Shortcuts, listing the menus' keys, and
// About, naming the release; Edit lists Copy.
func TestHelpMenu(t *testing.T) {
	v, _ := openCopyInViewer(t, "a0_sd15_f32.gen5")
	if it := menuItem(t, v, "Edit", "Copy"); it.Shortcut == nil || shortcutText(it.Shortcut) != "Ctrl+C" {
		t.Errorf("Edit ▸ Copy has no Ctrl+C")
	}
	menuItem(t, v, "Help", "Keyboard Shortcuts").Action()
	txt := overlayText(v.Window().Canvas())
	for _, want := range []string{"File ▸ Save\n", "Ctrl+S\n", "Ctrl+Shift+S\n", "Edit ▸ Copy\n", "Ctrl+Z\n", "Escape\n"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the shortcuts list lacks %q:\n%s", want, txt)
		}
	}
	pressKey(t, v.Window(), "Escape")
	menuItem(t, v, "Help", "About "+appName).Action()
	if txt := overlayText(v.Window().Canvas()); !strings.Contains(txt, appName+" "+version.Version()) {
		t.Errorf("About does not name the release %s:\n%s", version.Version(), txt)
	}
}
