package thumbnail

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/adler32"
	"hash/crc32"
	"image"
	"io"

	"github.com/klauspost/compress/flate"

	"github.com/gen5viewer/gen5view/internal/pngfilter"
)

// errNotPlainPNG marks a PNG that shrinkPNG leaves to image/png: other bit
// depths, palettes, grey, interlacing, or a transparent colour key. (A
// PLTE chunk in an RGB PNG is only a suggested palette, and is ignored.)
var errNotPlainPNG = errors.New("not an 8-bit non-interlaced RGB or RGBA PNG")

// shrinkPNG decodes an 8-bit, non-interlaced RGB or RGBA PNG — what every
// generator writes — box-averaging k×k blocks as the rows arrive, so the
// full-size picture is never held in memory: two rows and one row of sums.
// It inflates with klauspost/compress, a third faster than compress/zlib,
// which is most of the cost of a thumbnail. Chunk CRCs and the zlib
// checksum are verified, as image/png does. Other PNGs return
// errNotPlainPNG and go through image/png.
func shrinkPNG(data []byte, k int, maxPixels int) (*image.NRGBA, error) {
	if len(data) < 8 || !bytes.Equal(data[:8], []byte("\x89PNG\r\n\x1a\n")) {
		return nil, errors.New("not a PNG file")
	}
	var (
		w, h, bpp int
		idat      []byte
		seenIHDR  bool
	)
	for p := data[8:]; ; {
		if len(p) < 12 {
			return nil, errors.New("PNG ends before its IEND chunk")
		}
		n := binary.BigEndian.Uint32(p)
		if uint64(n) > uint64(len(p)-12) {
			return nil, errors.New("PNG chunk runs past the end of the picture")
		}
		typ, body := string(p[4:8]), p[8:8+n]
		if crc32.ChecksumIEEE(p[4:8+n]) != binary.BigEndian.Uint32(p[8+n:]) {
			return nil, fmt.Errorf("PNG %s chunk fails its CRC", typ)
		}
		p = p[12+n:]
		switch {
		case typ == "IHDR":
			if n != 13 || seenIHDR {
				return nil, errors.New("PNG has a bad IHDR chunk")
			}
			seenIHDR = true
			w, h = int(binary.BigEndian.Uint32(body)), int(binary.BigEndian.Uint32(body[4:]))
			depth, ctype, interlace := body[8], body[9], body[12]
			if depth != 8 || interlace != 0 || (ctype != 2 && ctype != 6) || body[10] != 0 || body[11] != 0 {
				return nil, errNotPlainPNG
			}
			bpp = 3
			if ctype == 6 {
				bpp = 4
			}
			if w <= 0 || h <= 0 || int64(w)*int64(h) > int64(maxPixels) {
				return nil, fmt.Errorf("PNG of %d×%d pixels is over the limit of %d pixels", w, h, maxPixels)
			}
			if w > maxRowPixels {
				return nil, errNotPlainPNG
			}
		case !seenIHDR:
			return nil, errors.New("PNG does not start with IHDR")
		case typ == "tRNS":
			// A transparent colour key: rare, and image/png knows it.
			return nil, errNotPlainPNG
		case typ == "IDAT":
			if idat == nil {
				// The image data are nearly all of the file: one
				// allocation holds them, not a doubling series.
				idat = make([]byte, 0, len(data))
			}
			idat = append(idat, body...)
		case typ == "IEND":
			if len(idat) == 0 {
				return nil, errors.New("PNG has no image data")
			}
			if k < 1 || k > w || k > h {
				return nil, fmt.Errorf("cannot shrink %d×%d by %d", w, h, k)
			}
			return inflateShrink(idat, w, h, bpp, k)
		}
	}
}

// rowBatch is how many rows the inflater hands over at a time: enough to
// make the hand-over cost nothing, few enough to keep both cores busy.
// batchBytes caps a batch's size for wide pictures, and pictures wider than
// maxRowPixels (no generator's) go through image/png, so the row buffers
// stay a few megabytes whatever the file claims.
const (
	rowBatch     = 16
	batchBytes   = 1 << 20
	maxRowPixels = 1 << 20
)

// batch is a run of filtered rows from the inflater; or, last, the zlib
// stream's Adler-32 as stored after the deflate data; or an error.
type batch struct {
	rows  []byte
	n     int
	adler []byte
	err   error
}

// inflateShrink reads the filtered rows from the zlib stream in idat,
// undoes each row's filter, and adds it into the sums of its block row.
// Inflating is sequential and most of the work, so it runs on a goroutine
// of its own that does nothing else, and hands rows over in batches while
// this one checks the stream's Adler-32, unfilters and averages them: on
// two cores the thumbnail then costs little more than the inflating.
func inflateShrink(idat []byte, w, h, bpp, k int) (*image.NRGBA, error) {
	deflated, err := zlibData(idat)
	if err != nil {
		return nil, fmt.Errorf("PNG image data: %v", err)
	}
	stride := w * bpp
	rowLen := 1 + stride
	rows := max(1, min(rowBatch, batchBytes/rowLen))

	full := make(chan batch, 3)
	free := make(chan []byte, 4)
	for range cap(free) {
		free <- make([]byte, rows*rowLen)
	}
	// done tells the inflater to stop when a row turns out bad; it owns
	// the inflater, which it alone reads and closes.
	done := make(chan struct{})
	defer close(done)
	send := func(b batch) bool {
		select {
		case full <- b:
			return true
		case <-done:
			return false
		}
	}
	go func() {
		defer close(full)
		// A *bytes.Reader, read by nothing in between: the inflater has
		// a fast path for it, and reads no byte past the deflate data,
		// so the Adler-32 is what remains.
		src := bytes.NewReader(deflated)
		fr := flate.NewReader(src)
		defer fr.Close()
		for y := 0; y < h; y += rows {
			var buf []byte
			select {
			case buf = <-free:
			case <-done:
				return
			}
			n := min(rows, h-y)
			if _, err := io.ReadFull(fr, buf[:n*rowLen]); err != nil {
				send(batch{err: fmt.Errorf("PNG image data, rows %d to %d: %v", y, y+n-1, err)})
				return
			}
			if !send(batch{rows: buf, n: n}) {
				return
			}
		}
		var adler [4]byte
		if n, err := io.Copy(io.Discard, fr); err != nil {
			send(batch{err: fmt.Errorf("PNG image data: %v", err)})
		} else if n > 0 {
			send(batch{err: errors.New("PNG image data runs past its last row")})
		} else if _, err := io.ReadFull(src, adler[:]); err != nil {
			send(batch{err: errors.New("PNG image data ends before its Adler-32 checksum")})
		} else {
			send(batch{adler: adler[:]})
		}
	}()

	ow, oh := w/k, h/k
	dst := image.NewNRGBA(image.Rect(0, 0, ow, oh))
	sums := make([]uint64, 4*ow)
	// The checksum is of the inflated bytes, so it is summed here, where
	// it costs the inflater nothing.
	sum := adler32.New()
	var stored []byte
	// last is the batch's last row, kept for the next batch's first row
	// to unfilter against: its buffer goes back to the inflater.
	last := make([]byte, stride)
	y := 0
	for b := range full {
		if b.err != nil {
			return nil, b.err
		}
		if b.adler != nil {
			stored = b.adler
			break
		}
		sum.Write(b.rows[:b.n*rowLen])
		prev := last
		for i := 0; i < b.n; i, y = i+1, y+1 {
			row := b.rows[i*rowLen : (i+1)*rowLen]
			cur := row[1:]
			if err := pngfilter.Undo(row[0], cur, prev, bpp); err != nil {
				return nil, fmt.Errorf("PNG row %d: %v", y, err)
			}
			if oy := y / k; oy < oh {
				accumulate(sums, cur[:ow*k*bpp], bpp, k)
				if y%k == k-1 {
					emit(dst.Pix[oy*dst.Stride:], sums, uint64(k*k))
					clear(sums)
				}
			}
			prev = cur
		}
		copy(last, prev)
		free <- b.rows
	}
	if y != h || stored == nil {
		return nil, fmt.Errorf("PNG image data ends after %d of %d rows", y, h)
	}
	if binary.BigEndian.Uint32(stored) != sum.Sum32() {
		return nil, errors.New("PNG image data fails its Adler-32 checksum")
	}
	return dst, nil
}

// zlibData checks the two-byte zlib header (RFC 1950) of a PNG's image
// data and returns the deflate stream after it. PNG allows only deflate
// with a window of at most 32 KiB, and no preset dictionary.
func zlibData(idat []byte) ([]byte, error) {
	if len(idat) < 2 {
		return nil, errors.New("zlib header cut short")
	}
	cmf, flg := idat[0], idat[1]
	switch {
	case cmf&0x0f != 8 || cmf>>4 > 7:
		return nil, fmt.Errorf("zlib header names compression method %d with window %d, not deflate", cmf&0x0f, cmf>>4)
	case (uint(cmf)<<8|uint(flg))%31 != 0:
		return nil, errors.New("zlib header fails its check")
	case flg&0x20 != 0:
		return nil, errors.New("zlib stream asks for a preset dictionary, which PNG forbids")
	}
	return idat[2:], nil
}

// accumulate adds one row to the per-output-pixel sums: colour weighted by
// alpha (so a transparent pixel's colour does not bleed in) and alpha.
func accumulate(sums []uint64, row []byte, bpp, k int) {
	if bpp == 3 {
		for ox := 0; ox < len(sums)/4; ox++ {
			s := sums[4*ox : 4*ox+4 : 4*ox+4]
			px := row[ox*k*3 : (ox+1)*k*3]
			var r, g, b uint64
			for i := 0; i+2 < len(px); i += 3 {
				r += uint64(px[i])
				g += uint64(px[i+1])
				b += uint64(px[i+2])
			}
			s[0] += r * 255
			s[1] += g * 255
			s[2] += b * 255
			s[3] += uint64(k) * 255
		}
		return
	}
	for ox := 0; ox < len(sums)/4; ox++ {
		s := sums[4*ox : 4*ox+4 : 4*ox+4]
		px := row[ox*k*4 : (ox+1)*k*4]
		for i := 0; i+3 < len(px); i += 4 {
			a := uint64(px[i+3])
			s[0] += uint64(px[i]) * a
			s[1] += uint64(px[i+1]) * a
			s[2] += uint64(px[i+2]) * a
			s[3] += a
		}
	}
}

// emit turns a block row's sums into NRGBA pixels.
func emit(out []byte, sums []uint64, n uint64) {
	for ox := 0; ox < len(sums)/4; ox++ {
		s := sums[4*ox : 4*ox+4 : 4*ox+4]
		o := out[4*ox : 4*ox+4 : 4*ox+4]
		if s[3] == 0 {
			o[0], o[1], o[2], o[3] = 0, 0, 0, 0
			continue
		}
		o[0] = uint8((s[0] + s[3]/2) / s[3])
		o[1] = uint8((s[1] + s[3]/2) / s[3])
		o[2] = uint8((s[2] + s[3]/2) / s[3])
		o[3] = uint8((s[3] + n/2) / n)
	}
}
