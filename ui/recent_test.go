package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"
)

func TestRecentFiles(t *testing.T) {
	a := test.NewTempApp(t)
	p := a.Preferences()
	dir := t.TempDir()
	var files []string
	for i := range 12 {
		f := filepath.Join(dir, fmt.Sprintf("f%d.gen5", i))
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
		addRecent(p, f)
	}
	got := recentFiles(p)
	if len(got) != recentMax || got[0] != files[11] || got[9] != files[2] {
		t.Fatalf("recent %v", got)
	}
	addRecent(p, files[5]) // again: moves to the front, once
	got = recentFiles(p)
	if got[0] != files[5] || len(got) != recentMax {
		t.Fatalf("after reopening: %v", got)
	}
	for _, f := range got[1:] {
		if f == files[5] {
			t.Fatal("listed twice")
		}
	}
	os.Remove(files[11])
	got = recentFiles(p)
	if len(got) != recentMax-1 || len(p.StringList(recentKey)) != recentMax-1 {
		t.Errorf("a missing file was not pruned: %v", got)
	}
	clearRecent(p)
	if len(recentFiles(p)) != 0 {
		t.Error("not cleared")
	}
}
