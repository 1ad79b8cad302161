package thumbnail

import (
	"errors"
	"image"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gen5viewer/gen5view/internal/fixtures"
	"github.com/gen5viewer/gen5view/thumbcache"
)

func TestCached(t *testing.T) {
	c, err := thumbcache.New(filepath.Join(t.TempDir(), "thumbnails"), "gen5view-test")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "my picture.gen5")
	good, _ := os.ReadFile(fixtures.Path(t, "a0_sd15_f32.gen5"))
	os.WriteFile(path, good, 0o644)

	img, err := Cached(c, path, thumbcache.Normal)
	if err != nil || img.Bounds() != image.Rect(0, 0, 128, 128) {
		t.Fatalf("first call: %v, %v", img.Bounds(), err)
	}
	src, _ := thumbcache.Stat(path)
	if !thumbcache.Valid(c.Path(src.URI, thumbcache.Normal), src) {
		t.Fatal("no valid thumbnail stored in the cache")
	}

	// The file's bytes replaced, size and mtime kept: the cached
	// thumbnail answers, so the file is not read again.
	st, _ := os.Stat(path)
	os.WriteFile(path, make([]byte, len(good)), 0o644)
	os.Chtimes(path, st.ModTime(), st.ModTime())
	if img, err := Cached(c, path, thumbcache.Normal); err != nil || img.Bounds().Dx() != 128 {
		t.Fatalf("second call did not come from the cache: %v", err)
	}

	// Once the mtime changes the file is read again; it is broken now, so
	// a failure is recorded, and the next call does not try again.
	later := st.ModTime().Add(time.Minute)
	os.Chtimes(path, later, later)
	if _, err := Cached(c, path, thumbcache.Normal); err == nil || errors.Is(err, ErrFailedBefore) {
		t.Fatalf("broken file: %v, want its own error", err)
	}
	now, _ := thumbcache.Stat(path)
	if !c.Failed(now) {
		t.Fatal("no fail entry recorded")
	}
	if _, err := Cached(c, path, thumbcache.Normal); !errors.Is(err, ErrFailedBefore) {
		t.Fatalf("third call: %v, want ErrFailedBefore", err)
	}
	// Repaired (new mtime): thumbnailed again.
	os.WriteFile(path, good, 0o644)
	evenLater := later.Add(time.Minute)
	os.Chtimes(path, evenLater, evenLater)
	if _, err := Cached(c, path, thumbcache.Large); err != nil {
		t.Fatalf("repaired file: %v", err)
	}
}
