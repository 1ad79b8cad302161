package cli

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/internal/fixtures"
	"github.com/gen5viewer/gen5view/thumbcache"
)

func readPNG(t *testing.T, p string) image.Image {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	return img
}

func TestThumbnailEveryKind(t *testing.T) {
	out := t.TempDir()
	cases := []struct {
		fixture string
		size    string
		w, h    int
	}{
		{"a0_sd15_f32.gen5", "", 256, 256},               // PNG, 512², default size
		{"a0_flux_f32.gen5", "128", 128, 128},            // PNG, 1024²
		{"a0_jpeg.gen5", "100", 100, 100},                // JPEG
		{"a0_webp.gen5", "128", 128, 128},                // WebP
		{"a0_no_image.gen5", "256", 256, 256},            // 64² latent heatmap, 4 px cells
		{"raiiaf/v110_flux_f32.raiiaf", "128", 128, 128}, // the successor format
		{"a0_sd15_f32.gen5", "4096", 0, 0},               // size out of range
	}
	for _, c := range cases {
		in := fixtures.Path(t, c.fixture)
		dst := filepath.Join(out, filepath.Base(c.fixture)+c.size+".png")
		args := []string{"thumbnail", in, dst}
		if c.size != "" {
			args = []string{"thumbnail", "-s", c.size, in, dst}
		}
		code, stdout, stderr := run(args...)
		if c.w == 0 {
			if code != ExitUsage {
				t.Errorf("%v: exit %d, want %d", args, code, ExitUsage)
			}
			continue
		}
		if code != 0 || stdout != "" || stderr != "" {
			t.Fatalf("%v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
		img := readPNG(t, dst)
		if img.Bounds() != image.Rect(0, 0, c.w, c.h) {
			t.Errorf("%s -s %s: %v, want %dx%d", c.fixture, c.size, img.Bounds(), c.w, c.h)
		}
		// The PNG records its original as the thumbnail standard asks.
		f, _ := os.Open(dst)
		text, err := thumbcache.ReadText(f)
		f.Close()
		src, _ := thumbcache.Stat(in)
		mime := "application/x-gen5"
		if strings.HasSuffix(c.fixture, ".raiiaf") {
			mime = "application/x-raiiaf"
		}
		if err != nil || !src.Matches(text) || text[thumbcache.KeyMime] != mime {
			t.Errorf("%s: text entries %v, %v", c.fixture, text, err)
		}
	}
}

// File managers pass %u, a file:// URI, percent-encoded.
func TestThumbnailFromURI(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a folder with spaces")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "ünï code #1.gen5")
	if err := os.WriteFile(in, readFile(t, fixtures.Path(t, "a0_webp.gen5")), 0o644); err != nil {
		t.Fatal(err)
	}
	uri, _ := thumbcache.FileURI(in)
	if !strings.Contains(uri, "%20") || !strings.Contains(uri, "%C3%BC") || !strings.Contains(uri, "%23") {
		t.Fatalf("URI %s is not escaped as the test expects", uri)
	}
	dst := filepath.Join(t.TempDir(), "out.png")
	if code, _, stderr := run("thumbnail", "-s", "64", uri, dst); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if got := readPNG(t, dst).Bounds(); got != image.Rect(0, 0, 64, 64) {
		t.Errorf("thumbnail %v", got)
	}
	// Another host's file cannot be read here.
	code, _, stderr := run("thumbnail", "file://elsewhere/x.gen5", dst+"2")
	if code != ExitFile || !strings.Contains(stderr, "another host") {
		t.Errorf("remote URI: exit %d, %q", code, stderr)
	}
}

// A file that cannot be read: exit 1, one line naming it, nothing written
// (and an OUTPUT already there is left as it was).
func TestThumbnailBrokenFile(t *testing.T) {
	dir := t.TempDir()
	good := readFile(t, fixtures.Path(t, "a0_sd15_f32.gen5"))
	rd, err := codec.ReadBytes(good)
	if err != nil {
		t.Fatal(err)
	}
	data := rd.Image()
	zstdBroken := bytes.Clone(good)
	zstdBroken[data.Offset] ^= 0xff // the DATA chunk's zstd magic
	pngBroken := bytes.Clone(good)
	for i := data.Offset + data.CompressedSize/2; i < data.Offset+data.CompressedSize/2+64; i++ {
		pngBroken[i] ^= 0x5a // inside the PNG, stored as raw zstd blocks
	}
	broken := map[string][]byte{
		"data-chunk.gen5": zstdBroken,
		"data-png.gen5":   pngBroken,
		"truncated.gen5":  good[:len(good)/3],
		"garbage.gen5":    []byte("GEN5 but nothing else"),
		"empty.gen5":      nil,
	}
	for name, b := range broken {
		os.WriteFile(filepath.Join(dir, name), b, 0o644)
	}
	inputs := []string{filepath.Join(dir, "missing.gen5"), dir}
	for name := range broken {
		inputs = append(inputs, filepath.Join(dir, name))
	}
	for _, in := range inputs {
		out := filepath.Join(t.TempDir(), "out.png")
		code, stdout, stderr := run("thumbnail", in, out)
		if code != ExitFile || stdout != "" || strings.Count(stderr, in) != 1 || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 1 and one line naming the file once", in, code, stdout, stderr)
		}
		if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 0 {
			t.Errorf("%s: left %v behind", in, entries)
		}
	}
	// An existing output is not replaced by a failure.
	out := filepath.Join(dir, "keep.png")
	if err := os.WriteFile(out, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	run("thumbnail", filepath.Join(dir, "garbage.gen5"), out)
	if b := readFile(t, out); string(b) != "old" {
		t.Errorf("a failed thumbnail overwrote the output: %q", b)
	}
}

// OUTPUT "-" writes the PNG to standard output, as other commands do.
func TestThumbnailToStdout(t *testing.T) {
	code, stdout, stderr := run("thumbnail", "-s", "32", fixtures.Path(t, "a0_webp.gen5"), "-")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	img, err := png.Decode(strings.NewReader(stdout))
	if err != nil || img.Bounds() != image.Rect(0, 0, 32, 32) {
		t.Errorf("standard output holds %v, %v", img, err)
	}
}
