package thumbnail

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/image/draw"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/internal/fixtures"
)

// Every kind of fixture: PNG, JPEG and WebP pictures, and no picture.
var kinds = []struct {
	fixture string
	format  string // "" for the noise heatmap
}{
	{"a0_sd15_f32.gen5", "png"},
	{"a0_flux_f32.gen5", "png"},
	{"a0_jpeg.gen5", "jpeg"},
	{"a0_webp.gen5", "webp"},
	{"a0_no_image.gen5", ""},
}

func TestEveryFixtureKind(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.fixture, func(t *testing.T) {
			path := fixtures.Path(t, k.fixture)
			rd, err := codec.LoadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, size := range []int{64, 128, 256} {
				got, err := File(path, size)
				if err != nil {
					t.Fatal(err)
				}
				if k.format == "" {
					checkNoise(t, rd, got, size)
					continue
				}
				p, _ := rd.Image().Payload()
				full, info, err := codec.DecodeImage(p, codec.DefaultMaxPixels)
				if err != nil || info.Format != k.format {
					t.Fatalf("fixture is %s (%v), want %s", info.Format, err, k.format)
				}
				w, h := fitted(info.Width, info.Height, size)
				if got.Rect != image.Rect(0, 0, w, h) || max(w, h) != min(size, max(info.Width, info.Height)) {
					t.Errorf("size %d: thumbnail %v of a %dx%d picture", size, got.Rect, info.Width, info.Height)
				}
				// Looks like the picture: close, pixel for pixel, to an
				// exact area average of it (a slow but plain reference).
				if d := meanAbsDiff(got, areaAverage(full, w, h)); d > 6 {
					t.Errorf("size %d: mean difference %.2f from the area-averaged picture", size, d)
				}
				if !opaque(got) {
					t.Errorf("size %d: an opaque picture's thumbnail has transparent pixels", size)
				}
			}
		})
	}
}

// checkNoise checks a heatmap thumbnail: square cells of the first
// channel, enlarged by a whole factor to fit, coloured from low to high.
func checkNoise(t *testing.T, rd *codec.Reader, got *image.NRGBA, size int) {
	t.Helper()
	l, err := rd.Latents()[0].Latent()
	if err != nil {
		t.Fatal(err)
	}
	h, w := l.Shape[len(l.Shape)-2], l.Shape[len(l.Shape)-1]
	k := max(1, size/max(h, w))
	if max(h, w) > size {
		t.Skip("latent larger than the thumbnail")
	}
	if got.Rect != image.Rect(0, 0, w*k, h*k) {
		t.Fatalf("heatmap thumbnail %v, want %dx%d cells of %d px", got.Rect, w, h, k)
	}
	// The darkest and brightest cells hold the smallest and largest values
	// of channel 0.
	vals := l.Float32()[:h*w]
	lo, hi := 0, 0
	for i, v := range vals {
		if v < vals[lo] {
			lo = i
		}
		if v > vals[hi] {
			hi = i
		}
	}
	lum := func(i int) float64 {
		c := got.NRGBAAt((i%w)*k+k/2, (i/w)*k+k/2)
		return 0.3*float64(c.R) + 0.59*float64(c.G) + 0.11*float64(c.B)
	}
	if lum(lo) >= lum(hi) {
		t.Errorf("minimum cell is not darker than the maximum (%.0f vs %.0f)", lum(lo), lum(hi))
	}
	// Cells are whole squares: every pixel of a cell has its colour.
	c0 := got.NRGBAAt(0, 0)
	for y := 0; y < k; y++ {
		for x := 0; x < k; x++ {
			if got.NRGBAAt(x, y) != c0 {
				t.Fatalf("cell (0,0) is not uniform at (%d,%d)", x, y)
			}
		}
	}
}

func TestNeverEnlargesAPicture(t *testing.T) {
	var buf bytes.Buffer
	png.Encode(&buf, gradient(40, 30))
	got, err := Picture(buf.Bytes(), 256)
	if err != nil || got.Rect != image.Rect(0, 0, 40, 30) {
		t.Fatalf("%v, %v; want the 40x30 picture as it is", got.Rect, err)
	}
	// Tall pictures fit by their height.
	buf.Reset()
	png.Encode(&buf, gradient(300, 1000))
	got, err = Picture(buf.Bytes(), 100)
	if err != nil || got.Rect != image.Rect(0, 0, 30, 100) {
		t.Fatalf("tall: %v, %v; want 30x100", got.Rect, err)
	}
	// A one-pixel-high strip keeps a row.
	if w, h := fitted(5000, 1, 128); w != 128 || h != 1 {
		t.Errorf("fitted(5000, 1, 128) = %d, %d", w, h)
	}
}

// TestBoxShrinkLayouts checks the box filter's readers of each decoder
// layout against the generic path, on a gradient and on a picture with
// transparent areas (whose colour must not bleed into the average).
func TestBoxShrinkLayouts(t *testing.T) {
	src := gradient(64, 48)
	for y := 0; y < 48; y++ {
		// 18 is not a multiple of the block size: blocks 16-19 mix
		// transparent and opaque pixels.
		for x := 0; x < 18; x++ {
			src.SetNRGBA(x, y, color.NRGBA{200, 100, 50, 0}) // transparent orange
		}
	}
	want := areaAverage(src, 16, 12)
	rgba := image.NewRGBA(src.Rect)
	draw.Draw(rgba, rgba.Rect, src, image.Point{}, draw.Src)
	for name, img := range map[string]image.Image{"NRGBA": src, "RGBA": rgba, "Gray": toGray(src)} {
		got := boxShrink(img, 4)
		ref := want
		if name == "Gray" {
			ref = areaAverage(toGray(src), 16, 12)
		}
		if d := meanAbsDiff(got, ref); d > 1 {
			t.Errorf("%s: mean difference %.2f from the area average", name, d)
		}
	}
	// A JPEG decodes to Y′CbCr planes (4:2:0 here): the block averages
	// must match those of the decoded picture converted to RGB.
	var buf bytes.Buffer
	jpeg.Encode(&buf, gradient(64, 48), &jpeg.Options{Quality: 95})
	ycc, err := jpeg.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := ycc.(*image.YCbCr); !ok {
		t.Fatalf("jpeg decoded to %T", ycc)
	}
	if d := meanAbsDiff(boxShrink(ycc, 4), areaAverage(ycc, 16, 12)); d > 1 {
		t.Errorf("YCbCr: mean difference %.2f from the area average", d)
	}
}

func TestBrokenFiles(t *testing.T) {
	dir := t.TempDir()
	good := fixtures.Path(t, "a0_sd15_f32.gen5")
	data, _ := os.ReadFile(good)
	rd, _ := codec.ReadBytes(data)
	img := rd.Image()
	// The picture's bytes damaged: the DATA chunk no longer decodes.
	bad := bytes.Clone(data)
	for i := img.Offset + img.CompressedSize/2; i < img.Offset+img.CompressedSize/2+64; i++ {
		bad[i] ^= 0x5a
	}
	cases := map[string][]byte{
		"truncated.gen5": data[:len(data)/2],
		"garbage.gen5":   []byte("not a gen5 file at all"),
		"damaged.gen5":   bad,
	}
	for name, b := range cases {
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o644)
		if _, err := File(p, 128); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := File(good, 0); err == nil {
		t.Error("size 0 accepted")
	}
}

func gradient(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetNRGBA(x, y, color.NRGBA{uint8(255 * x / w), uint8(255 * y / h), uint8((x * y) % 256), 255})
		}
	}
	return img
}

func toGray(src image.Image) *image.Gray {
	g := image.NewGray(src.Bounds())
	draw.Draw(g, g.Rect, src, src.Bounds().Min, draw.Src)
	return g
}

// areaAverage scales src to w×h by averaging, for each output pixel, the
// source area under it with fractional weights (in premultiplied colour).
func areaAverage(src image.Image, w, h int) *image.NRGBA {
	b := src.Bounds()
	sx, sy := float64(b.Dx())/float64(w), float64(b.Dy())/float64(h)
	out := image.NewNRGBA(image.Rect(0, 0, w, h))
	for oy := 0; oy < h; oy++ {
		for ox := 0; ox < w; ox++ {
			var r, g, bl, a, n float64
			y0, y1 := float64(oy)*sy, float64(oy+1)*sy
			x0, x1 := float64(ox)*sx, float64(ox+1)*sx
			for y := int(y0); float64(y) < y1; y++ {
				wy := math.Min(y1, float64(y+1)) - math.Max(y0, float64(y))
				for x := int(x0); float64(x) < x1; x++ {
					wx := math.Min(x1, float64(x+1)) - math.Max(x0, float64(x))
					cr, cg, cb, ca := src.At(b.Min.X+x, b.Min.Y+y).RGBA()
					wt := wx * wy
					r += wt * float64(cr)
					g += wt * float64(cg)
					bl += wt * float64(cb)
					a += wt * float64(ca)
					n += wt
				}
			}
			c := color.RGBA64{uint16(r / n), uint16(g / n), uint16(bl / n), uint16(a / n)}
			out.Set(ox, oy, c)
		}
	}
	return out
}

// meanAbsDiff is the mean absolute difference of the colour channels of
// two images of one size, over the pixels that are not transparent in b.
func meanAbsDiff(a, b *image.NRGBA) float64 {
	if a.Rect != b.Rect {
		return math.Inf(1)
	}
	var sum, n float64
	for i := 0; i < len(a.Pix); i += 4 {
		if b.Pix[i+3] == 0 {
			continue
		}
		for c := 0; c < 3; c++ {
			sum += math.Abs(float64(a.Pix[i+c]) - float64(b.Pix[i+c]))
		}
		n += 3
	}
	return sum / n
}

func opaque(img *image.NRGBA) bool {
	for i := 3; i < len(img.Pix); i += 4 {
		if img.Pix[i] != 0xff {
			return false
		}
	}
	return true
}

// Every chroma subsampling the decoders produce, against the image's own
// At (which maps luma to chroma samples through COffset).
func TestBoxShrinkEverySubsampling(t *testing.T) {
	for _, ratio := range []image.YCbCrSubsampleRatio{
		image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio420,
		image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410,
	} {
		img := image.NewYCbCr(image.Rect(0, 0, 64, 48), ratio)
		// Values inside the RGB gamut: averaging before the conversion
		// equals averaging after only where the conversion does not clip.
		for i := range img.Y {
			img.Y[i] = uint8(60 + i*7%130)
		}
		for i := range img.Cb {
			img.Cb[i] = uint8(108 + i*13%40)
			img.Cr[i] = uint8(148 - i*5%40)
		}
		if d := meanAbsDiff(boxShrink(img, 4), areaAverage(img, 16, 12)); d > 1 {
			t.Errorf("%v: mean difference %.2f from the area average", ratio, d)
		}
	}
}
