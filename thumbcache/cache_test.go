package thumbcache

import (
	"bytes"
	"compress/zlib"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func newCache(t *testing.T) *Cache {
	t.Helper()
	c, err := New(filepath.Join(t.TempDir(), "cache", "thumbnails"), "gen5view-0.1.0")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// original writes a file to thumbnail and returns its Source.
func original(t *testing.T, name string) (string, Source) {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte("a picture"), 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return p, src
}

func picture(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.NRGBA{uint8(x * 7), uint8(y * 5), 200, 255})
		}
	}
	return img
}

func TestOpenFollowsXDG(t *testing.T) {
	t.Setenv("HOME", "/home/someone")
	t.Setenv("XDG_CACHE_HOME", "/var/cache/me")
	if c, err := Open("p-1"); err != nil || c.Root != "/var/cache/me/thumbnails" {
		t.Errorf("with XDG_CACHE_HOME: %+v, %v", c, err)
	}
	for _, v := range []string{"", "relative/dir"} {
		t.Setenv("XDG_CACHE_HOME", v)
		if c, err := Open("p-1"); err != nil || c.Root != "/home/someone/.cache/thumbnails" {
			t.Errorf("XDG_CACHE_HOME=%q: %+v, %v; want $HOME/.cache/thumbnails", v, c, err)
		}
	}
	if _, err := Open("a/b"); err == nil {
		t.Error("a program name with a slash was accepted")
	}
}

func TestPathAndName(t *testing.T) {
	c := &Cache{Root: "/c/thumbnails", Program: "gen5view-0.1.0"}
	// The standard's own example.
	if got := c.Path("file:///home/jens/photos/me.png", Normal); got != "/c/thumbnails/normal/c6ee772d9e49320e97ec29a7eb5b1697.png" {
		t.Errorf("Path = %s", got)
	}
	want := map[Size]string{Normal: "normal", Large: "large", XLarge: "x-large", XXLarge: "xx-large"}
	for s, d := range want {
		if s.Dir() != d || !strings.HasPrefix(c.Path("file:///x", s), "/c/thumbnails/"+d+"/") {
			t.Errorf("size %d: dir %q, path %s", s, s.Dir(), c.Path("file:///x", s))
		}
	}
	// Spaces and non-ASCII: the name is the MD5 of the escaped URI
	// (checked with md5sum: printf 'file:///tmp/a%%20b/%%C3%%BCber.gen5' | md5sum).
	uri, _ := FileURI("/tmp/a b/über.gen5")
	if uri != "file:///tmp/a%20b/%C3%BCber.gen5" || Name(uri) != "191b3ceb2c6798cf6a5387e215934c5c.png" {
		t.Errorf("URI %s, name %s", uri, Name(uri))
	}
	if got := c.FailPath("file:///home/jens/photos/me.png"); got != "/c/thumbnails/fail/gen5view-0.1.0/c6ee772d9e49320e97ec29a7eb5b1697.png" {
		t.Errorf("FailPath = %s", got)
	}
	for px, s := range map[int]Size{1: Normal, 128: Normal, 129: Large, 256: Large, 300: XLarge, 1024: XXLarge, 5000: XXLarge} {
		if SizeFor(px) != s {
			t.Errorf("SizeFor(%d) = %d, want %d", px, SizeFor(px), s)
		}
	}
}

func TestSaveLookupAndValidity(t *testing.T) {
	c := newCache(t)
	p, src := original(t, "ünï code.gen5")
	src.Mime = "application/x-gen5"
	img := picture(128, 96)
	if _, ok := c.Lookup(src, Normal); ok {
		t.Fatal("hit in an empty cache")
	}
	if err := c.Save(src, Normal, img); err != nil {
		t.Fatal(err)
	}
	got, ok := c.Lookup(src, Normal)
	if !ok {
		t.Fatal("no hit after Save")
	}
	if got.Bounds() != img.Rect || color.NRGBAModel.Convert(got.At(10, 20)) != img.At(10, 20) {
		t.Errorf("read back %v / %v, saved %v / %v", got.Bounds(), got.At(10, 20), img.Rect, img.At(10, 20))
	}
	if _, ok := c.Lookup(src, Large); ok {
		t.Error("a normal thumbnail answered for large")
	}

	// The file the thumbnail describes: its text entries.
	f, _ := os.Open(c.Path(src.URI, Normal))
	text, err := ReadText(f)
	f.Close()
	if err != nil || text[KeyURI] != src.URI || text[KeyMTime] == "" || text[KeySize] != "9" || text[KeyMime] != "application/x-gen5" {
		t.Errorf("text entries %v, %v", text, err)
	}

	// A changed modification time, earlier or later, invalidates it.
	for _, d := range []time.Duration{time.Hour, -time.Hour} {
		mt := time.Unix(src.MTime, 0).Add(d)
		os.Chtimes(p, mt, mt)
		now, _ := Stat(p)
		if _, ok := c.Lookup(now, Normal); ok {
			t.Errorf("thumbnail still valid after the mtime moved by %v", d)
		}
	}
	// Back to the recorded time it is valid again.
	mt := time.Unix(src.MTime, 0)
	os.Chtimes(p, mt, mt)
	if now, _ := Stat(p); !Valid(c.Path(now.URI, Normal), now) {
		t.Error("not valid with the original mtime restored")
	}
	// Same mtime, another size: invalid.
	other := src
	other.Size++
	if Valid(c.Path(src.URI, Normal), other) {
		t.Error("valid for a file of another size")
	}
	// Another URI (a renamed file) does not find it, even given this path.
	moved := src
	moved.URI += "x"
	if Valid(c.Path(src.URI, Normal), moved) {
		t.Error("valid for another URI")
	}
}

func TestMatchesRules(t *testing.T) {
	src := Source{URI: "file:///a", MTime: 1700000000, Size: 10}
	cases := []struct {
		text map[string]string
		ok   bool
	}{
		{map[string]string{KeyURI: "file:///a", KeyMTime: "1700000000", KeySize: "10"}, true},
		{map[string]string{KeyURI: "file:///a", KeyMTime: "1700000000"}, true}, // Size is optional
		{map[string]string{KeyURI: "file:///a"}, false},                        // MTime is required
		{map[string]string{KeyMTime: "1700000000"}, false},
		{map[string]string{KeyURI: "file:///a", KeyMTime: "1700000001"}, false},
		{map[string]string{KeyURI: "file:///a", KeyMTime: "1699999999"}, false},
		{map[string]string{KeyURI: "file:///a", KeyMTime: "x"}, false},
		{map[string]string{KeyURI: "file:///a", KeyMTime: "1700000000", KeySize: "11"}, false},
	}
	for _, c := range cases {
		if src.Matches(c.text) != c.ok {
			t.Errorf("Matches(%v) = %v", c.text, !c.ok)
		}
	}
}

func TestFailEntries(t *testing.T) {
	c := newCache(t)
	p, src := original(t, "broken file.gen5")
	if c.Failed(src) {
		t.Fatal("failed before any failure was recorded")
	}
	if err := c.SaveFailure(src); err != nil {
		t.Fatal(err)
	}
	if !c.Failed(src) {
		t.Error("failure not recorded")
	}
	fp := c.FailPath(src.URI)
	if filepath.Dir(fp) != filepath.Join(c.Root, "fail", "gen5view-0.1.0") {
		t.Errorf("fail entry at %s", fp)
	}
	f, _ := os.Open(fp)
	text, err := ReadText(f)
	f.Close()
	if err != nil || text[KeyURI] != src.URI {
		t.Errorf("fail entry text %v, %v", text, err)
	}
	// Another version of this program has its own fail directory.
	c2 := *c
	c2.Program = "gen5view-0.2.0"
	if c2.Failed(src) {
		t.Error("a failure of another version counted")
	}
	// Once the file changes, the old failure no longer holds.
	mt := time.Unix(src.MTime+5, 0)
	os.Chtimes(p, mt, mt)
	now, _ := Stat(p)
	if c.Failed(now) {
		t.Error("a failure of the file's previous version still counts")
	}
	if err := c.Remove(src.URI); err != nil || fileExists(fp) {
		t.Errorf("Remove: %v, fail entry still there: %v", err, fileExists(fp))
	}
}

func TestPermissionsAndAtomicity(t *testing.T) {
	old := setUmask(0o022)
	defer setUmask(old)
	c := newCache(t)
	_, src := original(t, "a.gen5")
	if err := c.Save(src, Large, picture(40, 30)); err != nil {
		t.Fatal(err)
	}
	if err := c.SaveFailure(src); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{filepath.Dir(c.Root), c.Root, filepath.Join(c.Root, "large"), filepath.Join(c.Root, "fail"), filepath.Join(c.Root, "fail", c.Program)} {
		if st, err := os.Stat(d); err != nil || st.Mode().Perm() != 0o700 {
			t.Errorf("%s: %v, %v; want 0700", d, st.Mode(), err)
		}
	}
	for _, f := range []string{c.Path(src.URI, Large), c.FailPath(src.URI)} {
		if st, err := os.Stat(f); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, %v; want 0600", f, st.Mode(), err)
		}
	}
	// Writing again replaces the file through a rename: no temporary file
	// is left beside it.
	if err := c.Save(src, Large, picture(20, 10)); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Join(c.Root, "large"))
	if len(entries) != 1 || entries[0].Name() != Name(src.URI) {
		t.Errorf("large/ holds %v", entries)
	}
	// A failed write leaves nothing either.
	if err := c.Save(src, Large, picture(300, 10)); err == nil {
		t.Error("a 300-pixel image was saved as a 256-pixel thumbnail")
	}
	if got, _ := c.Lookup(src, Large); got == nil || got.Bounds().Dx() != 20 {
		t.Error("a refused Save disturbed the thumbnail already there")
	}
}

func TestRefusesTheCacheItself(t *testing.T) {
	c := newCache(t)
	os.MkdirAll(filepath.Join(c.Root, "normal"), 0o700)
	inside := filepath.Join(c.Root, "normal", "x.png")
	os.WriteFile(inside, []byte("x"), 0o600)
	src, _ := Stat(inside)
	if err := c.Save(src, Normal, picture(4, 4)); err == nil {
		t.Error("thumbnailed a file inside the cache")
	}
}

func TestStoredPNGIsRGBA(t *testing.T) {
	var buf bytes.Buffer
	// Every pixel opaque: image/png would write RGB (colour type 2).
	if err := EncodePNG(&buf, picture(9, 7), []Attr{{KeyURI, "file:///x"}}); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if b[24] != 8 || b[25] != 6 || b[28] != 0 {
		t.Errorf("IHDR depth %d, colour type %d, interlace %d; want 8, 6, 0", b[24], b[25], b[28])
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	want := picture(9, 7)
	for y := 0; y < 7; y++ {
		for x := 0; x < 9; x++ {
			if color.NRGBAModel.Convert(img.At(x, y)) != want.At(x, y) {
				t.Fatalf("pixel (%d,%d) = %v, want %v", x, y, img.At(x, y), want.At(x, y))
			}
		}
	}
	if err := EncodePNG(&buf, picture(2, 2), []Attr{{KeyURI, "file:///ü"}}); err == nil {
		t.Error("a non-ASCII tEXt value was written")
	}
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// Other programs store text as zTXt or iTXt (gdk-pixbuf writes iTXt for
// values outside Latin-1); ReadText reads those too.
func TestReadTextOtherChunks(t *testing.T) {
	var buf bytes.Buffer
	buf.Write(pngMagic)
	writeChunk(&buf, "IHDR", make([]byte, 13))
	writeChunk(&buf, "tEXt", []byte("Thumb::URI\x00file:///caf\xe9"))
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write([]byte("1700000000"))
	zw.Close()
	writeChunk(&buf, "zTXt", append([]byte("Thumb::MTime\x00\x00"), z.Bytes()...))
	writeChunk(&buf, "iTXt", []byte("Thumb::Mimetype\x00\x00\x00en\x00\x00image/ünï"))
	writeChunk(&buf, "IDAT", nil)
	writeChunk(&buf, "tEXt", []byte("After\x00never read"))
	b := bytes.Clone(buf.Bytes())
	text, err := ReadText(&buf)
	want := map[string]string{KeyURI: "file:///café", KeyMTime: "1700000000", KeyMime: "image/ünï"}
	if err != nil || len(text) != len(want) {
		t.Fatalf("ReadText = %v, %v", text, err)
	}
	for k, v := range want {
		if text[k] != v {
			t.Errorf("%s = %q, want %q", k, text[k], v)
		}
	}
	// A damaged chunk is an error, not a silent miss of the keys.
	b[len(pngMagic)+8+13+4+8] ^= 1 // a byte of the tEXt payload
	if _, err := ReadText(bytes.NewReader(b)); err == nil {
		t.Error("a chunk failing its CRC was read")
	}
}
