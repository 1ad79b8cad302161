package thumbnail

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gen5viewer/gen5view/internal/pngfilter"
)

// noisyPicture has smooth gradients, hard edges and, when alpha is set,
// transparent and translucent areas: every PNG filter has work to do.
func noisyPicture(w, h int, alpha bool) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.NRGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x*31 + y*17) % 256), 255}
			if (x/7+y/5)%3 == 0 {
				c.R, c.B = c.B, 255-c.R
			}
			if alpha {
				c.A = uint8((x * y) % 256)
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

// encodeFiltered writes img as an 8-bit RGB (opaque) or RGBA PNG whose
// every row uses filter f, which image/png's encoder never does.
func encodeFiltered(img *image.NRGBA, rgb bool, f byte) []byte {
	bpp := 4
	if rgb {
		bpp = 3
	}
	w, h := img.Rect.Dx(), img.Rect.Dy()
	var raw bytes.Buffer
	prev := make([]byte, w*bpp)
	for y := 0; y < h; y++ {
		cur := make([]byte, 0, w*bpp)
		for x := 0; x < w; x++ {
			p := img.Pix[y*img.Stride+4*x:]
			cur = append(cur, p[:bpp]...)
		}
		out := make([]byte, len(cur)) // zeros under a filter type that does not exist
		if f < pngfilter.Types {
			pngfilter.Apply(f, out, cur, prev, bpp)
		}
		raw.WriteByte(f)
		raw.Write(out)
		prev = cur
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(raw.Bytes())
	zw.Close()
	var buf bytes.Buffer
	buf.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8] = 8
	ihdr[9] = 6
	if rgb {
		ihdr[9] = 2
	}
	chunk(&buf, "IHDR", ihdr)
	// Split the data over several IDAT chunks, as encoders do.
	d := z.Bytes()
	for len(d) > 0 {
		n := min(len(d), 1000)
		chunk(&buf, "IDAT", d[:n])
		d = d[n:]
	}
	chunk(&buf, "IEND", nil)
	return buf.Bytes()
}

func chunk(buf *bytes.Buffer, typ string, data []byte) {
	binary.Write(buf, binary.BigEndian, uint32(len(data)))
	buf.WriteString(typ)
	buf.Write(data)
	binary.Write(buf, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
}

// TestShrinkPNGMatchesDecodeThenBox: the one-pass decoder gives exactly
// what image/png's decode followed by the box filter gives, for RGB and
// RGBA, each filter type, and block sizes that do and do not divide the
// picture.
func TestShrinkPNGMatchesDecodeThenBox(t *testing.T) {
	for _, rgb := range []bool{true, false} {
		src := noisyPicture(61, 47, !rgb)
		for f := byte(0); f <= 4; f++ {
			data := encodeFiltered(src, rgb, f)
			ref, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("rgb=%v filter %d: image/png cannot read the test PNG: %v", rgb, f, err)
			}
			for _, k := range []int{2, 3, 4, 7} {
				got, err := shrinkPNG(data, k, 1<<20)
				if err != nil {
					t.Fatalf("rgb=%v filter %d k=%d: %v", rgb, f, k, err)
				}
				want := boxShrink(ref, k)
				if got.Rect != want.Rect || !bytes.Equal(got.Pix, want.Pix) {
					t.Errorf("rgb=%v filter %d k=%d: differs from decode then box (mean difference %.2f)", rgb, f, k, meanAbsDiff(got, want))
				}
			}
		}
	}
}

// Other kinds of PNG are left to image/png, and Picture still reads them.
func TestShrinkPNGLeavesOtherKinds(t *testing.T) {
	src := noisyPicture(64, 48, false)
	pal := image.NewPaletted(src.Rect, color.Palette{color.Black, color.White, color.NRGBA{255, 0, 0, 255}})
	for i := range pal.Pix {
		pal.Pix[i] = uint8(i % 3)
	}
	deep := image.NewNRGBA64(src.Rect)
	gray := image.NewGray(src.Rect)
	for y := 0; y < 48; y++ {
		for x := 0; x < 64; x++ {
			deep.Set(x, y, src.At(x, y))
			gray.Set(x, y, src.At(x, y))
		}
	}
	for name, img := range map[string]image.Image{"paletted": pal, "16-bit": deep, "gray": gray} {
		var buf bytes.Buffer
		png.Encode(&buf, img)
		if _, err := shrinkPNG(buf.Bytes(), 4, 1<<20); !errors.Is(err, errNotPlainPNG) {
			t.Errorf("%s: %v, want errNotPlainPNG", name, err)
		}
		got, err := Picture(buf.Bytes(), 16)
		if err != nil || got.Rect != image.Rect(0, 0, 16, 12) {
			t.Errorf("%s: Picture gave %v, %v", name, got.Bounds(), err)
		}
	}
}

func TestShrinkPNGRefusesDamage(t *testing.T) {
	data := encodeFiltered(noisyPicture(40, 30, false), true, 4)
	idat := bytes.Index(data, []byte("IDAT"))
	cases := map[string][]byte{
		"truncated":          data[:len(data)-30],
		"no IEND":            data[:len(data)-12],
		"byte flipped (CRC)": flip(data, idat+20),
		"huge chunk length":  setLen(data, idat-4, 1<<31),
	}
	// A damaged text chunk: only its CRC tells (image/png refuses it too).
	var withText bytes.Buffer
	withText.Write(data[:idat-4])
	chunk(&withText, "tEXt", []byte("Comment\x00hello"))
	withText.Write(data[idat-4:])
	text := withText.Bytes()
	if _, err := shrinkPNG(text, 2, 1<<20); err != nil {
		t.Fatalf("a PNG with a text chunk: %v", err)
	}
	cases["text chunk damaged"] = flip(text, idat-4+8+3)
	// Bytes changed with the chunk's CRC fixed up: only zlib's own checks
	// (or the filter bytes) can catch them.
	cases["inflated data damaged"] = withCRC(flip(data, idat+20), idat)
	// The zlib header: its check bits, and a preset dictionary flag (set
	// with the check bits kept right).
	cases["zlib header check"] = withCRC(flip(data, idat+5), idat)
	dict := bytes.Clone(data)
	dict[idat+5] = dict[idat+5]&0xc0 | 0x20 // FLEVEL kept, FDICT set, FCHECK 0
	dict[idat+5] += byte((31 - (uint(dict[idat+4])<<8|uint(dict[idat+5]))%31) % 31)
	cases["zlib preset dictionary"] = withCRC(dict, idat)
	// The zlib stream's Adler-32 (its last 4 bytes, before the chunk's
	// CRC) wrong: only reading to the end catches it.
	last := bytes.LastIndex(data, []byte("IDAT"))
	m := int(binary.BigEndian.Uint32(data[last-4:]))
	cases["Adler-32 wrong"] = withCRC(flip(data, last+4+m-1), last)
	// The deflate data ending where the Adler-32 should start.
	cut := bytes.Clone(data[:last+4+m-4])
	binary.BigEndian.PutUint32(cut[last-4:], uint32(m-4))
	cut = binary.BigEndian.AppendUint32(cut, crc32.ChecksumIEEE(cut[last:]))
	cases["Adler-32 missing"] = append(cut, data[len(data)-12:]...)
	for name, d := range cases {
		if _, err := shrinkPNG(d, 2, 1<<20); err == nil || errors.Is(err, errNotPlainPNG) {
			t.Errorf("%s: %v, want an error", name, err)
		}
	}
	if _, err := shrinkPNG(data, 2, 100); err == nil {
		t.Error("a picture over the pixel limit was decoded")
	}
}

func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 0x55
	return c
}

// withCRC sets the CRC of the chunk whose type is at b[typ:] to match
// its (changed) data.
func withCRC(b []byte, typ int) []byte {
	n := int(binary.BigEndian.Uint32(b[typ-4:]))
	binary.BigEndian.PutUint32(b[typ+4+n:], crc32.ChecksumIEEE(b[typ:typ+4+n]))
	return b
}

func setLen(b []byte, i int, n uint32) []byte {
	c := bytes.Clone(b)
	binary.BigEndian.PutUint32(c[i:], n)
	return c
}

// FuzzShrinkPNG: whatever the bytes, an error or a picture, never a panic
// or a hang; and a picture that image/png reads too is the same as its
// decode followed by the box filter. The chunks' CRCs are put right before
// decoding, or nearly every change the fuzzer makes would stop at the
// first CRC and never reach the inflater, the filters or the averaging.
func FuzzShrinkPNG(f *testing.F) {
	f.Add(encodeFiltered(noisyPicture(20, 10, true), false, 4), 3)
	f.Add(encodeFiltered(noisyPicture(9, 13, false), true, 3), 3)
	f.Add(encodeFiltered(noisyPicture(16, 16, false), true, 1), 4)
	f.Add(encodeFiltered(noisyPicture(7, 5, true), false, 2), 1)
	f.Add(encodeFiltered(noisyPicture(30, 21, true), false, 3), 7)
	f.Fuzz(func(t *testing.T, data []byte, k int) {
		if k < 1 || k > 64 {
			return
		}
		data = fixCRCs(data)
		got, err := shrinkPNG(data, k, 1<<16)
		if err != nil {
			return
		}
		ref, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			return // image/png is stricter about chunk order, for one
		}
		if want := boxShrink(ref, k); got.Rect != want.Rect || !bytes.Equal(got.Pix, want.Pix) {
			t.Errorf("k=%d: %v from shrinkPNG, %v from decode then box, or different pixels", k, got.Rect, want.Rect)
		}
	})
}

// fixCRCs returns a copy of a PNG with each whole chunk's CRC made to
// match its type and data.
func fixCRCs(data []byte) []byte {
	data = bytes.Clone(data)
	for p := 8; p+12 <= len(data); {
		n := int(binary.BigEndian.Uint32(data[p:]))
		if n > len(data)-p-12 {
			break
		}
		binary.BigEndian.PutUint32(data[p+8+n:], crc32.ChecksumIEEE(data[p+4:p+8+n]))
		p += 12 + n
	}
	return data
}

// A bad row stops the inflater goroutine too: none is left behind.
func TestShrinkPNGStopsItsInflater(t *testing.T) {
	bad := encodeFiltered(noisyPicture(64, 200, false), true, 9) // filter 9 does not exist
	before := runtime.NumGoroutine()
	for range 20 {
		if _, err := shrinkPNG(bad, 2, 1<<20); err == nil || !strings.Contains(err.Error(), "filter type 9") {
			t.Fatalf("got %v, want an unknown filter error", err)
		}
	}
	for i := 0; i < 100 && runtime.NumGoroutine() > before; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines left running after the errors (%d before)", n-before, before)
	}
}

// Wide pictures are handed over in smaller batches (here 8 rows of 120 kB),
// and absurdly wide ones are left to image/png, so the row buffers stay
// small whatever the header claims.
func TestShrinkPNGWideRows(t *testing.T) {
	src := noisyPicture(40000, 37, false)
	data := encodeFiltered(src, true, 4)
	ref, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	got, err := shrinkPNG(data, 3, 1<<22)
	if err != nil || !bytes.Equal(got.Pix, boxShrink(ref, 3).Pix) {
		t.Errorf("wide picture: %v, or a different result", err)
	}
	var hdr bytes.Buffer
	hdr.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, maxRowPixels+1)
	binary.BigEndian.PutUint32(ihdr[4:], 2)
	ihdr[8], ihdr[9] = 8, 6
	chunk(&hdr, "IHDR", ihdr)
	if _, err := shrinkPNG(hdr.Bytes(), 2, 1<<30); !errors.Is(err, errNotPlainPNG) {
		t.Errorf("a %d-pixel-wide PNG: %v, want it left to image/png", maxRowPixels+1, err)
	}
}
