package library

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/internal/libtest"
)

// addTag saves path with tag added, as a batch edit does, journaling it in
// l when given.
func addTag(t *testing.T, l *EditLog, path, tag string) {
	t.Helper()
	f, err := codec.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	before := slices.Clone(f.MetadataJSON())
	ed := codec.NewEdit(f.Manifest)
	if _, err := ed.AddTags(tag); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(path, ed.Manifest()); err != nil {
		t.Fatal(err)
	}
	if l != nil {
		if err := l.Saved(context.Background(), path, before); err != nil {
			t.Fatal(err)
		}
	}
}

// Undo gives each file of the last batch its manifest back, refuses a file
// changed since, and is then spent.
func TestUndoLastEdit(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for _, name := range []string{"a.gen5", "b.gen5", "c.gen5"} {
		p := filepath.Join(dir, name)
		write(t, p, libtest.File{Prompt: name, Tags: []string{"old"}})
		paths = append(paths, p)
	}
	ix := openIndex(t)
	ctx := context.Background()
	first, err := ix.BeginEdit(ctx, "Add tag “first”")
	if err != nil {
		t.Fatal(err)
	}
	addTag(t, first, paths[0], "first")
	if err := first.Close(ctx); err != nil {
		t.Fatal(err)
	}
	// A new batch replaces the journal of the one before.
	l, err := ix.BeginEdit(ctx, "Add tag “sky”")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		addTag(t, l, p, "sky")
	}
	if err := l.Close(ctx); err != nil {
		t.Fatal(err)
	}
	s, ok, err := ix.LastEdit(ctx)
	if err != nil || !ok || s.Label != "Add tag “sky”" || s.Files != 3 {
		t.Fatalf("LastEdit = %+v, %v, %v; want the sky batch of 3 files", s, ok, err)
	}
	// A batch that saves nothing leaves the last one to undo.
	if nothing, err := ix.BeginEdit(ctx, "nothing"); err != nil || nothing.Close(ctx) != nil {
		t.Fatal(err)
	}
	if s, _, _ := ix.LastEdit(ctx); s.Label != "Add tag “sky”" {
		t.Fatalf("after an empty batch, LastEdit = %+v", s)
	}
	// c changes after the batch: Undo must not lose that change.
	addTag(t, nil, paths[2], "later")

	var seen []int
	res, err := ix.UndoLastEdit(ctx, func(done, total int) { seen = append(seen, done) })
	if err != nil {
		t.Fatal(err)
	}
	if res.Restored != 2 || len(res.Errors) != 1 || !errors.Is(res.Errors[0], ErrChangedSinceEdit) {
		t.Fatalf("undo: %d restored, errors %v; want 2 and c changed since", res.Restored, res.Errors)
	}
	if !slices.Equal(seen, []int{1, 2, 3}) {
		t.Errorf("progress %v", seen)
	}
	for i, want := range [][]string{{"old", "first"}, {"old"}, {"old", "sky", "later"}} {
		if got := libtest.Tags(t, paths[i]); !slices.Equal(got, want) {
			t.Errorf("%s after undo: tags %v, want %v", filepath.Base(paths[i]), got, want)
		}
	}
	if _, ok, _ := ix.LastEdit(ctx); ok {
		t.Error("the batch can be undone twice")
	}
	if res, err := ix.UndoLastEdit(ctx, nil); err != nil || res.Restored != 0 || len(res.Errors) != 0 {
		t.Errorf("a second undo: %+v, %v", res, err)
	}
}
