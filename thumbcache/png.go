package thumbcache

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/draw"
	"io"

	"github.com/gen5viewer/gen5view/internal/pngfilter"
)

// The text keys of the standard. Thumb::URI and Thumb::MTime are required;
// Thumb::Size, when present, is checked too.
const (
	KeyURI   = "Thumb::URI"
	KeyMTime = "Thumb::MTime"
	KeySize  = "Thumb::Size"
	KeyMime  = "Thumb::Mimetype"
	// KeySoftware is the PNG standard's own key for the program that wrote
	// the file.
	KeySoftware = "Software"
)

// Attr is one PNG tEXt entry. Keys are 1 to 79 Latin-1 characters; values
// here are always ASCII (URIs are percent-encoded, numbers are numbers).
type Attr struct{ Key, Value string }

var pngMagic = []byte("\x89PNG\r\n\x1a\n")

// EncodePNG writes img as the standard asks a thumbnail to be: an 8-bit,
// non-interlaced RGBA PNG (colour type 6, even when every pixel is opaque,
// which image/png would write as RGB), with attrs as tEXt chunks before the
// image data so a reader finds them without inflating any pixels.
func EncodePNG(w io.Writer, img image.Image, attrs []Attr) error {
	nrgba := toNRGBA(img)
	b := nrgba.Rect
	if b.Dx() <= 0 || b.Dy() <= 0 {
		return errors.New("thumbnail has no pixels")
	}
	for _, a := range attrs {
		if len(a.Key) == 0 || len(a.Key) > 79 || !printableASCII(a.Key) || !printableASCII(a.Value) {
			return fmt.Errorf("PNG text %q=%q: keys of 1 to 79 and values of printable ASCII only", a.Key, a.Value)
		}
	}
	bw := bufio.NewWriter(w)
	bw.Write(pngMagic)
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(b.Dx()))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(b.Dy()))
	ihdr[8] = 8 // bits per channel
	ihdr[9] = 6 // colour type: RGB + alpha
	// compression 0, filter 0, interlace 0 (none)
	writeChunk(bw, "IHDR", ihdr[:])
	for _, a := range attrs {
		writeChunk(bw, "tEXt", append(append([]byte(a.Key), 0), a.Value...))
	}
	var idat bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&idat, zlib.BestSpeed)
	writeRows(zw, nrgba)
	if err := zw.Close(); err != nil {
		return err
	}
	writeChunk(bw, "IDAT", idat.Bytes())
	writeChunk(bw, "IEND", nil)
	return bw.Flush()
}

// writeRows filters each row with the PNG filter whose output has the
// smallest sum of absolute values (the usual heuristic, as libpng's), which
// keeps thumbnails of pictures small at little cost.
func writeRows(w io.Writer, img *image.NRGBA) {
	const bpp = 4
	n := img.Rect.Dx() * bpp
	prev := make([]byte, n)
	var cand [pngfilter.Types][]byte
	for f := range cand {
		cand[f] = make([]byte, n+1)
		cand[f][0] = byte(f)
	}
	for y := 0; y < img.Rect.Dy(); y++ {
		cur := img.Pix[y*img.Stride : y*img.Stride+n]
		best, bestSum := 0, -1
		for f := range cand {
			out := cand[f][1:]
			pngfilter.Apply(byte(f), out, cur, prev, bpp)
			sum := 0
			for _, v := range out {
				sum += abs8(v)
			}
			if bestSum < 0 || sum < bestSum {
				best, bestSum = f, sum
			}
		}
		w.Write(cand[best])
		prev = cur
	}
}

// printableASCII reports whether s can go into a tEXt chunk unchanged and
// read back the same whatever the reader assumes (tEXt is Latin-1).
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

func abs8(v byte) int {
	if v < 128 {
		return int(v)
	}
	return 256 - int(v)
}

func writeChunk(w io.Writer, typ string, data []byte) {
	var hdr [8]byte
	binary.BigEndian.PutUint32(hdr[:4], uint32(len(data)))
	copy(hdr[4:], typ)
	crc := crc32.NewIEEE()
	crc.Write(hdr[4:])
	crc.Write(data)
	w.Write(hdr[:])
	w.Write(data)
	var sum [4]byte
	binary.BigEndian.PutUint32(sum[:], crc.Sum32())
	w.Write(sum[:])
}

// toNRGBA returns img as non-premultiplied 8-bit RGBA with its origin at
// (0, 0), converting only when it is not already that.
func toNRGBA(img image.Image) *image.NRGBA {
	if n, ok := img.(*image.NRGBA); ok && n.Rect.Min == (image.Point{}) {
		return n
	}
	b := img.Bounds()
	n := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(n, n.Rect, img, b.Min, draw.Src)
	return n
}

// ReadText returns the text entries (tEXt, and uncompressed or compressed
// iTXt and zTXt, which other programs may write) found before the image
// data of the PNG read from r. It stops at the first IDAT, so checking a
// thumbnail's validity never inflates its pixels.
func ReadText(r io.Reader) (map[string]string, error) {
	br := bufio.NewReader(r)
	var magic [8]byte
	if _, err := io.ReadFull(br, magic[:]); err != nil || !bytes.Equal(magic[:], pngMagic) {
		return nil, errors.New("not a PNG file")
	}
	text := map[string]string{}
	for {
		var hdr [8]byte
		if _, err := io.ReadFull(br, hdr[:]); err != nil {
			return nil, fmt.Errorf("PNG chunk header: %v", err)
		}
		n := binary.BigEndian.Uint32(hdr[:4])
		typ := string(hdr[4:])
		if typ == "IDAT" || typ == "IEND" {
			return text, nil
		}
		// Text chunks in thumbnails are short; a huge chunk before the
		// image data is not worth reading into memory.
		if n > 1<<20 {
			return nil, fmt.Errorf("PNG %s chunk of %d bytes", typ, n)
		}
		data := make([]byte, n+4) // and the CRC
		if _, err := io.ReadFull(br, data); err != nil {
			return nil, fmt.Errorf("PNG %s chunk: %v", typ, err)
		}
		if crc32.Update(crc32.ChecksumIEEE(hdr[4:]), crc32.IEEETable, data[:n]) != binary.BigEndian.Uint32(data[n:]) {
			return nil, fmt.Errorf("PNG %s chunk fails its CRC", typ)
		}
		if k, v, ok := parseText(typ, data[:n]); ok {
			text[k] = v
		}
	}
}

// parseText decodes one text chunk; ok is false for other chunks and for
// text chunks it cannot read (which are skipped, as the PNG standard
// allows for ancillary chunks).
func parseText(typ string, d []byte) (key, value string, ok bool) {
	k, rest, found := bytes.Cut(d, []byte{0})
	if !found {
		return "", "", false
	}
	switch typ {
	case "tEXt":
		return string(k), latin1(rest), true
	case "zTXt":
		if len(rest) < 1 || rest[0] != 0 {
			return "", "", false
		}
		v, err := inflate(rest[1:])
		return string(k), latin1(v), err == nil
	case "iTXt":
		// compression flag, method, language tag\0, translated key\0, text
		if len(rest) < 2 {
			return "", "", false
		}
		flag := rest[0]
		_, rest, _ = bytes.Cut(rest[2:], []byte{0})
		_, rest, found = bytes.Cut(rest, []byte{0})
		if !found {
			return "", "", false
		}
		if flag == 1 {
			v, err := inflate(rest)
			return string(k), string(v), err == nil
		}
		return string(k), string(rest), true
	}
	return "", "", false
}

func inflate(b []byte) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	return io.ReadAll(io.LimitReader(zr, 1<<20))
}

// latin1 turns a tEXt value (ISO 8859-1) into a Go string.
func latin1(b []byte) string {
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}
