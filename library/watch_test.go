package library

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/gen5viewer/gen5view/internal/libtest"
)

// The index follows files added, changed and removed under a watched
// folder, and folders made after the watch began.
func TestWatchFollowsFiles(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.gen5")
	write(t, a, libtest.File{Prompt: "first", Tags: []string{"old"}})
	ix := openIndex(t)
	scan(t, ix, true, dir)
	ctx, cancel := context.WithCancel(context.Background())
	updates := make(chan []string, 16)
	done := make(chan error, 1)
	go func() { done <- ix.Watch(ctx, dir, func(p []string) { updates <- p }) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	time.Sleep(100 * time.Millisecond) // the watches are being added
	// waitFor waits for the index to show what ok checks. The bound only
	// keeps a broken watch from hanging the test.
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.After(20 * time.Second)
		for !ok() {
			select {
			case <-updates:
			case <-deadline:
				t.Fatalf("the index never showed %s", what)
			}
		}
	}
	get := func(p string) (Entry, bool) {
		e, ok, err := ix.Get(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		return e, ok
	}

	b := filepath.Join(dir, "b.gen5")
	write(t, b, libtest.File{Prompt: "added"})
	waitFor("a file added", func() bool { e, ok := get(b); return ok && e.Prompt == "added" })

	write(t, a, libtest.File{Prompt: "first", Tags: []string{"new"}})
	waitFor("a file changed", func() bool { e, _ := get(a); return slices.Equal(e.Tags, []string{"new"}) })

	os.Remove(b)
	waitFor("a file removed", func() bool { _, ok := get(b); return !ok })

	sub := filepath.Join(dir, "sub", "deeper")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	c := filepath.Join(sub, "c.gen5")
	write(t, c, libtest.File{Prompt: "in a new folder", Tags: []string{"new", "deep"}})
	waitFor("a file in a new folder", func() bool { _, ok := get(c); return ok })
	d := filepath.Join(sub, "d.gen5")
	write(t, d, libtest.File{Prompt: "later in the new folder", Tags: []string{"deep"}})
	waitFor("its tags counted", func() bool {
		tc, _ := ix.TagCounts(context.Background(), Query{Roots: []string{dir}, Recursive: true})
		return slices.Equal(tc, []TagCount{{"deep", 2}, {"new", 2}})
	})
	waitFor("a later file in the new folder", func() bool { _, ok := get(d); return ok })

	// A folder moved away sends no event for its files.
	if err := os.Rename(filepath.Join(dir, "sub"), filepath.Join(t.TempDir(), "sub")); err != nil {
		t.Fatal(err)
	}
	waitFor("a folder moved away", func() bool { _, okc := get(c); _, okd := get(d); return !okc && !okd })
	checkFTS(t, ix)
	checkDirTags(t, ix)
}
