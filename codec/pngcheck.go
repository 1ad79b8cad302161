package codec

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"

	"github.com/klauspost/compress/zlib"
)

// ValidateImage checks that an encoded image decodes, refusing one over
// maxPixels as DecodeImage does, without keeping its pixels where the
// format allows: a PNG is walked chunk by chunk, every CRC checked, and its
// image data inflated to exactly the size its header implies, each row's
// filter type checked; JPEG and WebP are decoded. It needs a few rows of
// memory for a PNG instead of the whole picture, and skips the unfiltering
// and colour conversion a decode does.
func ValidateImage(data []byte, maxPixels int) (ImageInfo, error) {
	info, err := ProbeImage(data)
	if err != nil {
		return info, err
	}
	if err := checkPixels(info, maxPixels); err != nil {
		return info, err
	}
	return info, validatePixels(bufio.NewReader(bytes.NewReader(data)), info)
}

// validatePixels checks that an image whose header has been read and
// checked decodes, reading it from r.
func validatePixels(r *bufio.Reader, info ImageInfo) error {
	if info.Format != "png" {
		_, err := decodePixels(r, info)
		return err
	}
	if err := validatePNG(r); err != nil {
		return fmt.Errorf("decoding png image: %w", err)
	}
	return nil
}

const pngSignature = "\x89PNG\r\n\x1a\n"

// pngWalker reads a PNG's chunks in order, checking each one's CRC.
type pngWalker struct {
	r    io.Reader
	hdr  [8]byte
	typ  string
	left uint32 // bytes of the current chunk's data not yet read
	crc  uint32
}

// next reads the header of the next chunk, after checking the CRC of the
// current one (whose data must have been read).
func (w *pngWalker) next() error {
	if w.typ != "" {
		if err := w.finish(); err != nil {
			return err
		}
	}
	if _, err := io.ReadFull(w.r, w.hdr[:]); err != nil {
		return unexpected(err)
	}
	n := binary.BigEndian.Uint32(w.hdr[:4])
	if n > 0x7fffffff {
		return errors.New("chunk length too large")
	}
	w.typ, w.left = string(w.hdr[4:8]), n
	w.crc = crc32.Update(0, crc32.IEEETable, w.hdr[4:8])
	return nil
}

// Read reads the current chunk's data.
func (w *pngWalker) Read(p []byte) (int, error) {
	if w.left == 0 {
		return 0, io.EOF
	}
	if uint32(len(p)) > w.left {
		p = p[:w.left]
	}
	n, err := w.r.Read(p)
	w.left -= uint32(n)
	w.crc = crc32.Update(w.crc, crc32.IEEETable, p[:n])
	if err == io.EOF && w.left > 0 {
		err = io.ErrUnexpectedEOF
	}
	return n, err
}

// finish skips what is left of the current chunk and checks its CRC.
func (w *pngWalker) finish() error {
	if _, err := io.Copy(io.Discard, w); err != nil {
		return unexpected(err)
	}
	var sum [4]byte
	if _, err := io.ReadFull(w.r, sum[:]); err != nil {
		return unexpected(err)
	}
	if binary.BigEndian.Uint32(sum[:]) != w.crc {
		return fmt.Errorf("invalid checksum in %s chunk", w.typ)
	}
	return nil
}

func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// idatReader gives the data of consecutive IDAT chunks as one stream, the
// zlib stream they split between them.
type idatReader struct {
	w *pngWalker
}

func (ir idatReader) Read(p []byte) (int, error) {
	for ir.w.left == 0 {
		if err := ir.w.next(); err != nil {
			return 0, err
		}
		if ir.w.typ != "IDAT" {
			return 0, io.EOF
		}
	}
	return ir.w.Read(p)
}

// pngChannels is the number of samples per pixel of each colour type, and
// pngDepths the bit depths each allows.
var (
	pngChannels = map[byte]int{0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
	pngDepths   = map[byte][]byte{0: {1, 2, 4, 8, 16}, 2: {8, 16}, 3: {1, 2, 4, 8}, 4: {8, 16}, 6: {8, 16}}
)

// validatePNG walks a PNG as image/png decodes it, and fails where that
// would: signature, IHDR, chunk CRCs, a palette for a paletted image, the
// zlib stream of the IDAT chunks (its checksum included) holding exactly
// the rows the header implies, each with a known filter type, and IEND.
func validatePNG(r io.Reader) error {
	var sig [8]byte
	if _, err := io.ReadFull(r, sig[:]); err != nil || string(sig[:]) != pngSignature {
		return errors.New("not a PNG file")
	}
	w := &pngWalker{r: r}
	if err := w.next(); err != nil {
		return err
	}
	if w.typ != "IHDR" || w.left != 13 {
		return errors.New("first chunk is not a 13-byte IHDR")
	}
	var ih [13]byte
	if _, err := io.ReadFull(w, ih[:]); err != nil {
		return unexpected(err)
	}
	width, height := binary.BigEndian.Uint32(ih[0:]), binary.BigEndian.Uint32(ih[4:])
	depth, color, interlace := ih[8], ih[9], ih[12]
	channels, ok := pngChannels[color]
	if !ok || !bytes.Contains(pngDepths[color], []byte{depth}) {
		return fmt.Errorf("bit depth %d with colour type %d", depth, color)
	}
	if ih[10] != 0 || ih[11] != 0 || interlace > 1 {
		return errors.New("unknown compression, filter or interlace method")
	}
	if width == 0 || height == 0 || width > 1<<31-1 || height > 1<<31-1 {
		return fmt.Errorf("dimensions %d×%d", width, height)
	}
	bitsPerPixel := channels * int(depth)
	hasPalette := false
	for {
		if err := w.next(); err != nil {
			return err
		}
		if w.typ == "PLTE" {
			hasPalette = true
		}
		if w.typ == "IDAT" {
			break
		}
		if w.typ == "IEND" {
			return errors.New("no image data")
		}
	}
	if color == 3 && !hasPalette {
		return errors.New("paletted image without a palette")
	}
	zr, err := zlib.NewReader(idatReader{w})
	if err != nil {
		return unexpected(err)
	}
	defer zr.Close()
	rows := bufio.NewReaderSize(zr, 64<<10)
	row := make([]byte, (int(width)*bitsPerPixel+7)/8)
	for _, p := range pngPasses(interlace) {
		pw := (int(width) - p.x + p.dx - 1) / p.dx
		ph := (int(height) - p.y + p.dy - 1) / p.dy
		if pw <= 0 || ph <= 0 {
			continue
		}
		n := (pw*bitsPerPixel + 7) / 8
		for y := 0; y < ph; y++ {
			f, err := rows.ReadByte()
			if err != nil {
				return unexpected(err)
			}
			if f > 4 {
				return fmt.Errorf("bad filter type %d", f)
			}
			if _, err := io.ReadFull(rows, row[:n]); err != nil {
				return unexpected(err)
			}
		}
	}
	// The stream must end here, its checksum matching.
	if n, err := rows.Read(row[:1]); n != 0 || (err != nil && err != io.EOF) {
		if err != nil && err != io.EOF {
			return err
		}
		return errors.New("too much pixel data")
	}
	for w.typ != "IEND" {
		if err := w.next(); err != nil {
			return err
		}
	}
	return w.finish()
}

// pngPass is one pass of an interlaced image: its first pixel and steps.
type pngPass struct{ x, y, dx, dy int }

func pngPasses(interlace byte) []pngPass {
	if interlace == 0 {
		return []pngPass{{0, 0, 1, 1}}
	}
	return []pngPass{{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}}
}
