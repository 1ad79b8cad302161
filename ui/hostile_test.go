package ui

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/gen5viewer/gen5view/codec"
)

// TestWindowRefusesSpecialFiles: the file the window opens, and the file
// Save As writes, must be regular files: a pipe with no writer would block
// the load forever, /dev/zero would never end, and a save must not replace
// a device or a pipe.
func TestWindowRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.gen5")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{fifo, "/dev/zero", dir} {
		done := make(chan error, 1)
		go func() { _, err := load(p); done <- err }()
		var nr *codec.NotRegularError
		if err := <-done; !errors.As(err, &nr) {
			t.Errorf("load(%s): %v, want a refusal naming what it is", p, err)
		}
	}

	_, f := openFixtureCopy(t, "a0_sd15_f32.gen5", dir)
	for _, dst := range []string{fifo, filepath.Join(dir)} {
		before, _ := os.Lstat(dst)
		err := saveDocument(f, editedManifest(f), dst)
		var nr *codec.NotRegularError
		if !errors.As(err, &nr) {
			t.Errorf("save onto %s: %v, want a refusal", dst, err)
		}
		if after, _ := os.Lstat(dst); !os.SameFile(before, after) || before.Mode() != after.Mode() {
			t.Errorf("save replaced %s", dst)
		}
	}
}
