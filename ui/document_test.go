package ui

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/internal/fixtures"
)

// TestLoad reads every fixture synchronously, as Open does in the
// background, and checks what the window will show.
func TestLoad(t *testing.T) {
	for _, path := range fixtureFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			want := readExpectation(t, path)
			d, err := load(path)
			if err != nil {
				t.Fatal(err)
			}
			defer d.close()
			if len(d.problems) > 0 {
				t.Errorf("problems on a healthy file: %q", d.problems)
			}
			for i, err := range d.chunkErr {
				if err != nil {
					t.Errorf("chunk %d: %v", i, err)
				}
			}
			if len(d.latents) != len(want.Latents) {
				t.Fatalf("%d latents, want %d", len(d.latents), len(want.Latents))
			}
			for i, l := range d.latents {
				if l.err != nil {
					t.Errorf("latent %d: %v", i, l.err)
					continue
				}
				n := 1
				for _, s := range want.Latents[i].Shape {
					n *= s
				}
				if len(l.tensor.Data) != n || string(l.dtype) != want.Latents[i].DType {
					t.Errorf("latent %d: %d values of %s, want %d of %s", i, len(l.tensor.Data), l.dtype, n, want.Latents[i].DType)
				}
			}
			if (want.Image != nil) != d.image.present {
				t.Errorf("image present %v, want %v", d.image.present, want.Image != nil)
			}
			if want.Image != nil && (!d.image.pending || d.image.img != nil || d.image.bytes != want.Image.Size) {
				t.Errorf("image %v (%d bytes), pending %v, err %v: want its header read and the picture left to decode", d.image.info, d.image.bytes, d.image.pending, d.image.err)
			}
			if want.Image != nil {
				if _, checked := d.chunkErr[d.image.chunk.Index]; checked {
					t.Error("the picture's chunk is checked before the window shows: it is to be checked as the picture decodes")
				}
				cc, _, _ := checkPicture(d.image.chunk)
				if cc.Err != nil || cc.ImageErr != nil || cc.Picture.Bounds().Dx() != d.image.info.Width {
					t.Errorf("checking the picture: %v, decoding it: %v", cc.Err, cc.ImageErr)
				}
			}
			if (want.Env != nil) != (d.env != nil) {
				t.Errorf("env %v, want %v", d.env != nil, want.Env != nil)
			}
		})
	}
}

func TestLoadDamaged(t *testing.T) {
	d, err := load(damagedCopy(t, "a0_uncompressed.gen5"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.close()
	if _, ok := d.chunkErr[0].(*codec.HashError); !ok {
		t.Errorf("chunk 0: %v, want a hash error", d.chunkErr[0])
	}
	if len(d.problems) != 1 || d.problems[0] != "chunk 0 (LATN): SHA-256 mismatch — the file may be damaged" {
		t.Errorf("problems %q", d.problems)
	}
	if d.latents[0].err != nil || len(d.latents[0].tensor.Data) == 0 {
		t.Errorf("the latent is not kept for display: %v", d.latents[0].err)
	}
}

func TestLoadMissing(t *testing.T) {
	_, err := load(filepath.Join(t.TempDir(), "nope.gen5"))
	if err == nil {
		t.Fatal("no error")
	}
}

func TestImageCaption(t *testing.T) {
	d, err := load(fixtures.Path(t, "a0_sd15_f32.gen5"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.close()
	test.NewTempApp(t)
	iv := newImageView()
	iv.setDocument(d)
	iv.wait()
	if got := iv.pane.Caption(); got != "PNG 256×256 · 106 KB" {
		t.Errorf("caption %q", got)
	}
}
