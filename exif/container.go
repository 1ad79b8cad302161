package exif

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// JPEG walks a JPEG's marker segments up to the start of scan, where the
// metadata ends and the entropy-coded picture begins. It returns the first
// Exif APP1 block (the TIFF structure after its "Exif\0\0" prefix), nil
// when there is none, and the body of every COM segment, in order. Both
// are slices of data. On an error, what was found before it comes back
// with it, so that a reader of only the start of a JPEG still gets an Exif
// block that ends within it.
func JPEG(data []byte) (block []byte, comments [][]byte, err error) {
	p := 2 // after SOI
	for {
		if p >= len(data) {
			return block, comments, formatErr("JPEG", "data ends before the image data")
		}
		if data[p] != 0xFF {
			return block, comments, formatErr("JPEG", fmt.Sprintf("expected a marker at offset %d, found 0x%02X", p, data[p]))
		}
		for p < len(data) && data[p] == 0xFF { // fill bytes may precede a marker
			p++
		}
		if p >= len(data) {
			return block, comments, formatErr("JPEG", "data ends inside a marker")
		}
		m := data[p]
		p++
		switch {
		case m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7):
			continue // markers without a length
		case m == 0xDA || m == 0xD9: // start of scan, end of image
			return block, comments, nil
		}
		if p+2 > len(data) {
			return block, comments, formatErr("JPEG", fmt.Sprintf("segment 0x%02X truncated", m))
		}
		n := int(binary.BigEndian.Uint16(data[p:]))
		if n < 2 || p+n > len(data) {
			return block, comments, formatErr("JPEG", fmt.Sprintf("segment 0x%02X declares %d bytes, the data has %d", m, n, len(data)-p))
		}
		seg := data[p+2 : p+n]
		p += n
		switch m {
		case 0xE1:
			if block == nil && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
				block = seg[6:]
			}
		case 0xFE:
			comments = append(comments, seg)
		}
	}
}

// WebP walks a WebP's RIFF chunks and returns its EXIF chunk's TIFF
// structure, nil when there is none. The whole file is walked because the
// format puts EXIF after the image data.
func WebP(data []byte) ([]byte, error) {
	if len(data) < 12 {
		return nil, formatErr("WebP", "shorter than its RIFF header")
	}
	size := int64(binary.LittleEndian.Uint32(data[4:8])) + 8
	if size > int64(len(data)) {
		return nil, formatErr("WebP", fmt.Sprintf("RIFF header declares %d bytes, the data has %d", size, len(data)))
	}
	data = data[:size] // bytes past the RIFF form are not part of the image
	for p := 12; p < len(data); {
		if p+8 > len(data) {
			return nil, formatErr("WebP", "chunk header truncated")
		}
		fourcc := string(data[p : p+4])
		n := int64(binary.LittleEndian.Uint32(data[p+4:]))
		body := int64(p + 8)
		if body+n > int64(len(data)) {
			return nil, formatErr("WebP", fmt.Sprintf("%q chunk declares %d bytes, the data has %d", fourcc, n, int64(len(data))-body))
		}
		if fourcc == "EXIF" {
			// The container spec says the chunk holds a bare TIFF
			// structure, but some writers keep JPEG's "Exif\0\0" prefix.
			return bytes.TrimPrefix(data[body:body+n], []byte("Exif\x00\x00")), nil
		}
		p = int(body + n + n&1) // chunks are padded to an even length
	}
	return nil, nil
}
