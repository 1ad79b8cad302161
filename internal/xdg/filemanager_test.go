package xdg_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/gen5viewer/gen5view/internal/xdg/xdgtest"
)

func TestShowItems(t *testing.T) {
	xdgtest.StartBus(t)
	fm := xdgtest.StartFileManager(t)
	b := connect(t)
	p := filepath.Join(t.TempDir(), "a b#c.gen5")
	if err := b.ShowItems(ctx(t), []string{p}); err != nil {
		t.Fatal(err)
	}
	want := []string{"file://" + filepath.ToSlash(filepath.Dir(p)) + "/a%20b%23c.gen5"}
	if got := fm.Shown(); len(got) != 1 || !slices.Equal(got[0], want) {
		t.Fatalf("file manager shown %q, want %q", got, want)
	}
}

// Without a file manager on the bus, ShowItems fails (at once) so that the
// caller can open the folder another way.
func TestShowItemsWithoutFileManager(t *testing.T) {
	xdgtest.StartBus(t)
	b := connect(t)
	if err := b.ShowItems(ctx(t), []string{"/tmp/x.gen5"}); err == nil {
		t.Fatal("ShowItems without a file manager did not fail")
	}
}
