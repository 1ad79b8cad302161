package codec

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/gen5viewer/gen5view/internal/fixtures"
)

// ProbeImage must agree with decoding the picture whole, on every fixture
// that has one: compressed or not, PNG or JPEG, old layout or new.
func TestProbeImageMatchesDecode(t *testing.T) {
	dir := fixtures.Dir(t)
	paths, _ := filepath.Glob(filepath.Join(dir, "*.gen5"))
	checked := 0
	for _, p := range paths {
		f, err := OpenFile(p)
		if err != nil {
			continue // damaged fixtures are other tests' business
		}
		c := f.Image()
		if c == nil {
			f.Close()
			continue
		}
		want, wantErr := ProbeImage(mustPayload(t, c))
		got, err := c.ProbeImage()
		f.Close()
		if wantErr != nil {
			continue
		}
		if err != nil || got != want {
			t.Errorf("%s: ProbeImage = %+v, %v; decoding the payload gives %+v", filepath.Base(p), got, err, want)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no fixture with a picture was probed")
	}
}

func mustPayload(t *testing.T, c *Chunk) []byte {
	t.Helper()
	p, err := c.Payload()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// A chunk whose stored header names another type is refused by name, not
// read as a picture.
func TestProbeImageNotData(t *testing.T) {
	dir := fixtures.Dir(t)
	f, err := OpenFile(filepath.Join(dir, "a0_sd15_f32.gen5"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Latents()[0].ProbeImage(); err == nil {
		t.Fatal("ProbeImage of a LATN chunk succeeded")
	}
	l, err := f.Latents()[0].Layout()
	if err != nil || len(l.Shape) == 0 || l.Raw != nil {
		t.Fatalf("Layout = %+v, %v; want a shape and no payload", l, err)
	}
}

// A picture of no known format is refused by Chunk.ProbeImage in the words
// of ProbeImage, which name every format the reader decodes.
func TestProbeImageUnrecognised(t *testing.T) {
	payload := []byte("not a picture in any format")
	rd, err := ReadBytes(build(t, testManifest(), newEntry(TypeData, "0000", payload, NewObject(), true)))
	if err != nil {
		t.Fatal(err)
	}
	_, want := ProbeImage(payload)
	_, err = rd.Image().ProbeImage()
	if want == nil || err == nil || !strings.Contains(err.Error(), want.Error()) {
		t.Errorf("Chunk.ProbeImage: %v; ProbeImage: %v", err, want)
	}
}
