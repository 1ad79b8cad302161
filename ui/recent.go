package ui

import (
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
)

// The recent files are kept in the app's preferences as a string list,
// most recent first.
const (
	recentKey = "recentFiles"
	recentMax = 10
)

// recentFiles returns the recent files that still exist, and forgets the
// others.
func recentFiles(p fyne.Preferences) []string {
	stored := p.StringList(recentKey)
	kept := make([]string, 0, len(stored))
	for _, f := range stored {
		if st, err := os.Stat(f); err == nil && !st.IsDir() {
			kept = append(kept, f)
		}
	}
	if len(kept) != len(stored) {
		p.SetStringList(recentKey, kept)
	}
	return kept
}

// addRecent puts path at the head of the recent files, once, keeping at
// most recentMax.
func addRecent(p fyne.Preferences, path string) {
	pushRecent(p, recentKey, recentMax, path)
}

// pushRecent puts path, made absolute, at the head of the recent list
// stored under key, once, keeping at most limit entries: the rule the
// recent files and the recent folders share.
func pushRecent(p fyne.Preferences, key string, limit int, path string) {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	list := []string{path}
	for _, f := range p.StringList(key) {
		if f != path && len(list) < limit {
			list = append(list, f)
		}
	}
	p.SetStringList(key, list)
}

func clearRecent(p fyne.Preferences) {
	p.SetStringList(recentKey, []string{})
}

// recentLabel is how a recent file is listed: its name and, dimmer in
// spirit, the folder it is in.
func recentLabel(path string) string {
	dir := filepath.Dir(path)
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		if rel, err := filepath.Rel(home, dir); err == nil && !filepath.IsAbs(rel) && rel != ".." && (len(rel) < 3 || rel[:3] != "../") {
			dir = filepath.Join("~", rel)
		}
	}
	return filepath.Base(path) + "  —  " + dir
}
