package thumbcache

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestFileURIEscapesAsGLib(t *testing.T) {
	cases := []struct{ path, uri string }{
		{"/home/jens/photos/me.png", "file:///home/jens/photos/me.png"},
		{"/tmp/a b/c d.gen5", "file:///tmp/a%20b/c%20d.gen5"},
		// Non-ASCII names are escaped byte by byte from their UTF-8.
		{"/tmp/ünï/café.gen5", "file:///tmp/%C3%BCn%C3%AF/caf%C3%A9.gen5"},
		{"/tmp/日本.gen5", "file:///tmp/%E6%97%A5%E6%9C%AC.gen5"},
		// GLib keeps RFC 3986's sub-delimiters, ":" and "@" as they are...
		{"/tmp/!$&'()*+,-.:=@_~", "file:///tmp/!$&'()*+,-.:=@_~"},
		// ...and escapes the rest of ASCII's punctuation.
		{"/tmp/;?[]^`{|}\"<>#%\\", "file:///tmp/%3B%3F%5B%5D%5E%60%7B%7C%7D%22%3C%3E%23%25%5C"},
		{"/tmp/tab\tnl\n\x7f", "file:///tmp/tab%09nl%0A%7F"},
		// A name that is not UTF-8 keeps its bytes.
		{"/tmp/\xff\xfe", "file:///tmp/%FF%FE"},
		// The path is cleaned first.
		{"/tmp//x/../y/./z", "file:///tmp/y/z"},
	}
	for _, c := range cases {
		got, err := FileURI(c.path)
		if err != nil || got != c.uri {
			t.Errorf("FileURI(%q) = %q, %v; want %q", c.path, got, err, c.uri)
		}
		back, err := PathFromURI(c.uri)
		if err != nil || back != filepath.Clean(c.path) {
			t.Errorf("PathFromURI(%q) = %q, %v; want %q", c.uri, back, err, filepath.Clean(c.path))
		}
	}
}

func TestFileURIRelativeIsAbsolute(t *testing.T) {
	wd, _ := os.Getwd()
	got, err := FileURI("x y.gen5")
	want, _ := FileURI(filepath.Join(wd, "x y.gen5"))
	if err != nil || got != want || !strings.HasPrefix(got, "file:///") {
		t.Errorf("FileURI of a relative path = %q, %v; want %q", got, err, want)
	}
	if _, err := FileURI(""); err == nil {
		t.Error("FileURI accepted an empty path")
	}
}

// TestFileURIMatchesGIO asks GIO itself, the library GTK file managers use,
// for the URIs of awkwardly named files, when the gio tool is installed
// (make test-deps installs it).
func TestFileURIMatchesGIO(t *testing.T) {
	gio, err := exec.LookPath("gio")
	if err != nil {
		t.Skip("gio not installed (apt-get install libglib2.0-bin)")
	}
	dir := filepath.Join(t.TempDir(), "dir with space")
	os.Mkdir(dir, 0o755)
	names := []string{"plain.gen5", "sp ace.gen5", "ünï café.gen5", "日本語.gen5", "!$&'()*+,-.:=@_~", ";?[]^`{|}\"<>#%\\", "a\tb", "\xff\xfe.gen5"}
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := exec.Command(gio, "list", "-u", dir).Output()
	if err != nil {
		t.Fatalf("gio list: %v", err)
	}
	fromGIO := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fromGIO[l] = true
	}
	for _, n := range names {
		uri, err := FileURI(filepath.Join(dir, n))
		if err != nil || !fromGIO[uri] {
			t.Errorf("FileURI(%q) = %q, %v: not among GIO's URIs %q", n, uri, err, out)
		}
	}
}

func TestPathFromURI(t *testing.T) {
	good := map[string]string{
		"file:///a%20b/c":         "/a b/c",
		"FILE:///x":               "/x",
		"file://localhost/a/b":    "/a/b",
		"file:///a+b":             "/a+b",
		"file:///%e6%97%a5.gen5":  "/日.gen5",
		"file:///unescaped space": "/unescaped space",
	}
	for in, want := range good {
		if got, err := PathFromURI(in); err != nil || got != want {
			t.Errorf("PathFromURI(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"/plain/path", "http://host/x", "file://otherhost/x", "file:///a%2Fb", "file:///a%00", "file:///a%4", "file:///a%zz", "file:///a?q", "file://"} {
		if got, err := PathFromURI(bad); err == nil {
			t.Errorf("PathFromURI(%q) = %q, want an error", bad, got)
		}
	}
}
