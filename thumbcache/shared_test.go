package thumbcache

import (
	"image"
	"image/color"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// The relative URI and the path follow the standard's example: a file's
// name after "./", percent-encoded as in a canonical URI, hashed with MD5.
func TestSharedPathAndName(t *testing.T) {
	p := "/mnt/pictures/my pic é.gen5"
	if got, want := SharedURI(p), "./my%20pic%20%C3%A9.gen5"; got != want {
		t.Errorf("SharedURI %q, want %q", got, want)
	}
	// MD5 of "./my%20pic%20%C3%A9.gen5", worked out with Python's hashlib.
	want := "/mnt/pictures/.sh_thumbnails/large/45b70f91c962f2cd1d0072e979f2c03f.png"
	if got := SharedPath(p, Large); got != want {
		t.Errorf("SharedPath %q, want %q", got, want)
	}
}

// putShared writes a thumbnail of one colour into the shared repository
// beside path, with the given text entries, as a tool making one would.
func putShared(t *testing.T, path string, s Size, px int, c color.NRGBA, attrs ...Attr) {
	t.Helper()
	dst := SharedPath(path, s)
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	img := image.NewNRGBA(image.Rect(0, 0, px, px))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, c.A
	}
	f, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := EncodePNG(f, img, attrs); err != nil {
		t.Fatal(err)
	}
}

var (
	red  = color.NRGBA{255, 0, 0, 255}
	blue = color.NRGBA{0, 0, 255, 255}
)

func colourOf(img image.Image) color.NRGBA {
	return color.NRGBAModel.Convert(img.At(0, 0)).(color.NRGBA)
}

// Lookup reads the shared repository after the personal cache, as the
// standard orders, and never writes to either.
func TestLookupSharedRepository(t *testing.T) {
	c := newCache(t)
	p, src := original(t, "shared pic é.gen5")
	mtime := strconv.FormatInt(src.MTime, 10)
	rel := SharedURI(p)

	if _, ok := c.Lookup(src, Large); ok {
		t.Fatal("hit with neither repository")
	}
	putShared(t, p, Large, 200, red, Attr{KeyURI, rel}, Attr{KeyMTime, mtime}, Attr{KeySize, "9"})
	img, ok := c.Lookup(src, Large)
	if !ok || colourOf(img) != red {
		t.Fatalf("shared thumbnail not found (%v)", ok)
	}
	if _, err := os.Stat(c.Root); !os.IsNotExist(err) {
		t.Errorf("a shared hit wrote to the personal cache (%v)", err)
	}
	if _, ok := c.Lookup(src, Normal); ok {
		t.Error("a large shared thumbnail answered for normal")
	}

	// A valid personal thumbnail comes first.
	personal := image.NewNRGBA(image.Rect(0, 0, 100, 100))
	for i := 0; i < len(personal.Pix); i += 4 {
		personal.Pix[i+2], personal.Pix[i+3] = 255, 255
	}
	if err := c.Save(src, Large, personal); err != nil {
		t.Fatal(err)
	}
	if img, ok := c.Lookup(src, Large); !ok || colourOf(img) != blue {
		t.Error("the shared thumbnail was preferred to a valid personal one")
	}
	// A stale personal one gives way to a valid shared one.
	stale := src
	stale.MTime--
	if err := c.Save(stale, Large, personal); err != nil {
		t.Fatal(err)
	}
	if img, ok := c.Lookup(src, Large); !ok || colourOf(img) != red {
		t.Error("a stale personal thumbnail hid a valid shared one")
	}
}

// Shared thumbnails may leave out any entry, but each one present must
// match; and what is read from a shared folder is checked before decoding.
func TestSharedValidity(t *testing.T) {
	c := newCache(t)
	p, src := original(t, "a.gen5")
	mtime := strconv.FormatInt(src.MTime, 10)
	tests := []struct {
		name  string
		px    int
		attrs []Attr
		want  bool
	}{
		{"no entries at all", 64, nil, true},
		{"relative URI and mtime", 64, []Attr{{KeyURI, "./a.gen5"}, {KeyMTime, mtime}}, true},
		{"another mtime", 64, []Attr{{KeyMTime, strconv.FormatInt(src.MTime+1, 10)}}, false},
		{"another size", 64, []Attr{{KeySize, "10"}}, false},
		{"an absolute URI", 64, []Attr{{KeyURI, src.URI}}, false},
		{"another file's URI", 64, []Attr{{KeyURI, "./b.gen5"}}, false},
		{"larger than the size allows", 300, nil, false},
	}
	for _, tt := range tests {
		putShared(t, p, Large, tt.px, red, tt.attrs...)
		if _, ok := c.Lookup(src, Large); ok != tt.want {
			t.Errorf("%s: found %v, want %v", tt.name, ok, tt.want)
		}
	}
}

// A FIFO where a shared thumbnail should be is not opened: opening it
// would wait for a writer that never comes.
func TestSharedFIFOIsNotOpened(t *testing.T) {
	c := newCache(t)
	p, src := original(t, "a.gen5")
	dst := SharedPath(p, Large)
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(dst, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	done := make(chan bool)
	go func() {
		_, ok := c.Lookup(src, Large)
		done <- ok
	}()
	select {
	case ok := <-done:
		if ok {
			t.Error("a FIFO was taken for a thumbnail")
		}
	case <-time.After(10 * time.Second):
		// Not a speed check: an open FIFO blocks for good.
		t.Fatal("Lookup is stuck opening the FIFO")
	}
}
