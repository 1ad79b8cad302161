package xdg_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/gen5viewer/gen5view/internal/xdg"
	"github.com/gen5viewer/gen5view/internal/xdg/xdgtest"
)

func connect(t *testing.T) *xdg.Bus {
	t.Helper()
	b, err := xdg.Connect(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

func TestFileChooserOpenAndSave(t *testing.T) {
	xdgtest.StartBus(t)
	fake := xdgtest.StartFileChooser(t)
	b := connect(t)
	if !b.FileChooserAvailable(ctx(t)) {
		t.Fatal("the fake portal is not seen")
	}
	// A name that a URI must escape, and one that QueryUnescape would spoil.
	want := filepath.Join(t.TempDir(), "a b+c%20é.gen5")
	fake.Answer(want, want)

	got, err := b.OpenFile(ctx(t), xdg.FileChooserOptions{
		Parent: "x11:1c", Title: "Open", AcceptLabel: "Open", Folder: "/tmp/x",
		Filters: []xdg.Filter{{Name: "Containers", Patterns: []string{"*.gen5"}}},
	})
	if err != nil || got != want {
		t.Fatalf("OpenFile = %q, %v; want %q", got, err, want)
	}
	got, err = b.SaveFile(ctx(t), xdg.FileChooserOptions{Title: "Save As", Name: "copy.gen5", Folder: "/tmp/y"})
	if err != nil || got != want {
		t.Fatalf("SaveFile = %q, %v; want %q", got, err, want)
	}
	calls := fake.Calls()
	if len(calls) != 2 {
		t.Fatalf("%d calls, want 2", len(calls))
	}
	o, s := calls[0], calls[1]
	if o.Method != "OpenFile" || o.Parent != "x11:1c" || o.Title != "Open" || o.Folder() != "/tmp/x" || o.String("accept_label") != "Open" {
		t.Errorf("OpenFile call = %+v", o)
	}
	if _, ok := o.Options["filters"]; !ok {
		t.Error("OpenFile call has no filters")
	}
	if s.Method != "SaveFile" || s.String("current_name") != "copy.gen5" || s.Folder() != "/tmp/y" {
		t.Errorf("SaveFile call = %+v", s)
	}
}

func TestFileChooserCancelled(t *testing.T) {
	xdgtest.StartBus(t)
	fake := xdgtest.StartFileChooser(t)
	b := connect(t)
	fake.Answer("")
	got, err := b.OpenFile(ctx(t), xdg.FileChooserOptions{Title: "Open"})
	if err != nil || got != "" {
		t.Fatalf("cancelled OpenFile = %q, %v; want \"\", nil", got, err)
	}
}

// With a bus but no portal on it, the chooser is not available and a call
// fails at once rather than waiting.
func TestNoFileChooser(t *testing.T) {
	xdgtest.StartBus(t)
	b := connect(t)
	if b.FileChooserAvailable(ctx(t)) {
		t.Fatal("a bus without a portal is taken to have a file chooser")
	}
	if _, err := b.OpenFile(ctx(t), xdg.FileChooserOptions{Title: "Open"}); err == nil {
		t.Fatal("OpenFile without a portal did not fail")
	}
}

// Without a session bus, Connect fails with ErrNoBus and starts none.
func TestNoBus(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	if _, err := xdg.Connect(ctx(t)); !errors.Is(err, xdg.ErrNoBus) {
		t.Fatalf("Connect without a bus = %v, want ErrNoBus", err)
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(t.TempDir(), "none"))
	if _, err := xdg.Connect(ctx(t)); err == nil {
		t.Fatal("Connect to a socket nobody listens on did not fail")
	}
}

// ctx bounds a test's calls, so that an answer never received fails the
// test instead of hanging it.
func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return c
}
