package thumbnail

import (
	"errors"
	"fmt"
	"image"
	"image/color"

	"golang.org/x/image/draw"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/exif"
	"github.com/gen5viewer/gen5view/heatmap"
)

// DefaultSize is the longest side of a thumbnail when none is asked for:
// the standard's "large" size, which file managers use at their default
// zoom on most screens.
const DefaultSize = 256

// MaxSize bounds the size a caller may ask for: twice the standard's
// largest (xx-large, 1024), so a heatmap, which is enlarged to the size,
// stays a few megabytes.
const MaxSize = 2048

// File makes the thumbnail of the .gen5 or .raiiaf file at path, its
// longest side at most size pixels. Errors name the file.
func File(path string, size int) (*image.NRGBA, error) {
	f, err := codec.OpenFile(path)
	if err != nil {
		return nil, codec.NamePathError(path, err)
	}
	defer f.Close()
	return FromReader(f.Reader, size)
}

// FromReader makes the thumbnail of an open file: its picture scaled to
// fit size×size, or, without one, a heatmap of the first channel of its
// first latent enlarged by whole cells to fit. Errors name the file (the
// reader's Name), once.
func FromReader(rd *codec.Reader, size int) (*image.NRGBA, error) {
	if size < 1 || size > MaxSize {
		return nil, named(rd, fmt.Errorf("thumbnail size %d is outside 1 to %d", size, MaxSize))
	}
	if c := rd.Image(); c != nil {
		payload, err := c.Payload() // a codec error, which names the file
		if err != nil {
			return nil, err
		}
		img, err := Picture(payload, size)
		return img, named(rd, err)
	}
	if ls := rd.Latents(); len(ls) > 0 {
		l, err := ls[0].Latent() // likewise
		if err != nil {
			return nil, err
		}
		img, err := noise(l, size)
		return img, named(rd, err)
	}
	return nil, named(rd, errors.New("has neither a picture nor a latent to preview"))
}

// named prefixes an error that does not come from the codec with the
// file's name.
func named(rd *codec.Reader, err error) error {
	if err == nil || rd.Name == "" {
		return err
	}
	return fmt.Errorf("%s: %w", rd.Name, err)
}

// Picture decodes an encoded picture (PNG, JPEG or WebP) and scales it to
// fit size×size, never enlarging it. A JPEG is turned upright as its Exif
// Orientation says, as file managers show it.
func Picture(data []byte, size int) (*image.NRGBA, error) {
	info, err := codec.ProbeImage(data)
	if err != nil {
		return nil, err
	}
	if info.Format == "png" && info.Width > 0 && info.Height > 0 {
		// The usual PNG is decoded and box-averaged in one pass.
		w, h := fitted(info.Width, info.Height, size)
		if k := min(info.Width/w, info.Height/h); k >= 2 {
			small, err := shrinkPNG(data, k, codec.DefaultMaxPixels)
			if err == nil {
				return resample(small, w, h), nil
			}
			if !errors.Is(err, errNotPlainPNG) {
				return nil, fmt.Errorf("decoding png image: %v", err)
			}
		}
	}
	img, _, err := codec.DecodeImage(data, codec.DefaultMaxPixels)
	if err != nil {
		return nil, err
	}
	small := Fit(img, size)
	// Turned after scaling, where it costs nothing; an NRGBA stays one.
	return exif.Upright(small, exif.DisplayOrientation(data)).(*image.NRGBA), nil
}

// Fit scales img down to fit size×size, keeping its aspect ratio; an image
// that already fits is returned as it is (converted to NRGBA).
func Fit(img image.Image, size int) *image.NRGBA {
	b := img.Bounds()
	w, h := fitted(b.Dx(), b.Dy(), size)
	if w == b.Dx() && h == b.Dy() {
		return toNRGBA(img)
	}
	// Box-average whole k×k blocks, k the whole part of the ratio: the
	// picture is then at most twice the target (exactly it, for a 1024-
	// pixel picture at 512, 256 or 128), and each source pixel is read once.
	if k := min(b.Dx()/w, b.Dy()/h); k >= 2 {
		img = boxShrink(img, k)
	}
	return resample(img, w, h)
}

// resample scales img to exactly w×h with Catmull-Rom, which keeps edges
// sharp; after the box step it has less than a factor of two left to do.
func resample(img image.Image, w, h int) *image.NRGBA {
	b := img.Bounds()
	if b.Dx() == w && b.Dy() == h {
		return toNRGBA(img)
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Rect, img, b, draw.Src, nil)
	return toNRGBA(dst)
}

// fitted returns the size of a w×h picture scaled down to fit size×size,
// each side at least one pixel.
func fitted(w, h, size int) (int, int) {
	if w <= size && h <= size {
		return w, h
	}
	if w >= h {
		return size, max(1, (h*size+w/2)/w)
	}
	return max(1, (w*size+h/2)/h), size
}

// noise draws channel 0 of batch 0 of the initial noise at one pixel per
// cell, then enlarges it by the largest whole factor that fits, so each
// cell is a crisp square (or shrinks it, for a latent larger than size).
func noise(l *codec.Latent, size int) (*image.NRGBA, error) {
	t, err := heatmap.FromShape(l.Shape, l.Float32())
	if err != nil {
		return nil, err
	}
	r := heatmap.AutoRange(t.Channel(0, 0), heatmap.Viridis)
	cells := heatmap.Channel(t, 0, 0, heatmap.Viridis, r)
	n := max(cells.Rect.Dx(), cells.Rect.Dy())
	if n > size {
		return Fit(cells, size), nil
	}
	k := size / n
	dst := image.NewRGBA(image.Rect(0, 0, cells.Rect.Dx()*k, cells.Rect.Dy()*k))
	draw.NearestNeighbor.Scale(dst, dst.Rect, cells, cells.Rect, draw.Src, nil)
	return toNRGBA(dst), nil
}

// toNRGBA converts to non-premultiplied RGBA with the origin at (0, 0),
// the form the PNG encoder writes without further conversion.
func toNRGBA(img image.Image) *image.NRGBA {
	switch s := img.(type) {
	case *image.NRGBA:
		if s.Rect.Min == (image.Point{}) {
			return s
		}
	case *image.RGBA:
		// Opaque pixels, the usual case, are the same bytes; only
		// translucent ones need un-premultiplying.
		b := s.Rect
		d := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
		for y := 0; y < b.Dy(); y++ {
			sp := s.Pix[y*s.Stride : y*s.Stride+4*b.Dx()]
			dp := d.Pix[y*d.Stride : y*d.Stride+4*b.Dx()]
			copy(dp, sp)
			for i := 0; i < len(dp); i += 4 {
				if a := dp[i+3]; a != 0xff {
					c := color.NRGBAModel.Convert(color.RGBA{sp[i], sp[i+1], sp[i+2], a}).(color.NRGBA)
					dp[i], dp[i+1], dp[i+2] = c.R, c.G, c.B
				}
			}
		}
		return d
	}
	b := img.Bounds()
	d := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(d, d.Rect, img, b.Min, draw.Src)
	return d
}
