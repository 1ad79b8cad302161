package cli

import (
	"os"
	"testing"
)

// TestMain points the library index at a cache directory of the test run:
// edit journals its batches there, and ls and tags index there, so the
// tests never touch the user's cache.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gen5view-cli-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
