package prefill

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// exifText is what this package takes from an Exif block: the two fields
// A1111 and its forks use for their infotext, and the "key:JSON" strings
// ComfyUI's WebP saver puts in IFD0 (Model holds "prompt:{...}", Make and the
// tags below it "workflow:{...}").
type exifText struct {
	userComment      string
	imageDescription string
	tagged           map[string]string
}

// TIFF tags read here. Nothing else in the Exif block is decoded, so a
// damaged tag we do not need cannot make the image unreadable.
const (
	tagDocumentName     = 0x010D
	tagImageDescription = 0x010E
	tagMake             = 0x010F
	tagModel            = 0x0110
	tagExifIFD          = 0x8769
	tagUserComment      = 0x9286
)

// jpegText walks a JPEG's marker segments up to the start of scan, where the
// metadata ends and the entropy-coded image begins. It returns the first Exif
// APP1 block, decoded, and the text of every COM segment joined by newlines.
func jpegText(data []byte) (ex exifText, comment string, err error) {
	var comments []string
	haveExif := false
	p := 2 // after SOI
	for {
		if p >= len(data) {
			return ex, "", formatErr("JPEG", "data ends before the image data")
		}
		if data[p] != 0xFF {
			return ex, "", formatErr("JPEG", fmt.Sprintf("expected a marker at offset %d, found 0x%02X", p, data[p]))
		}
		for p < len(data) && data[p] == 0xFF { // fill bytes may precede a marker
			p++
		}
		if p >= len(data) {
			return ex, "", formatErr("JPEG", "data ends inside a marker")
		}
		m := data[p]
		p++
		switch {
		case m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7):
			continue // markers without a length
		case m == 0xDA || m == 0xD9: // start of scan, end of image
			return ex, strings.Join(comments, "\n"), nil
		}
		if p+2 > len(data) {
			return ex, "", formatErr("JPEG", fmt.Sprintf("segment 0x%02X truncated", m))
		}
		n := int(binary.BigEndian.Uint16(data[p:]))
		if n < 2 || p+n > len(data) {
			return ex, "", formatErr("JPEG", fmt.Sprintf("segment 0x%02X declares %d bytes, the data has %d", m, n, len(data)-p))
		}
		seg := data[p+2 : p+n]
		p += n
		switch m {
		case 0xE1:
			if !haveExif && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
				haveExif = true
				if ex, err = parseExif(seg[6:]); err != nil {
					return ex, "", err
				}
			}
		case 0xFE:
			comments = append(comments, decodeLoose(seg))
		}
	}
}

// webpText walks a WebP's RIFF chunks and decodes its EXIF chunk. The whole
// file is walked because the format puts EXIF after the image data.
func webpText(data []byte) (exifText, error) {
	size := int64(binary.LittleEndian.Uint32(data[4:8])) + 8
	if size > int64(len(data)) {
		return exifText{}, formatErr("WebP", fmt.Sprintf("RIFF header declares %d bytes, the data has %d", size, len(data)))
	}
	data = data[:size] // bytes past the RIFF form are not part of the image
	for p := 12; p < len(data); {
		if p+8 > len(data) {
			return exifText{}, formatErr("WebP", "chunk header truncated")
		}
		fourcc := string(data[p : p+4])
		n := int64(binary.LittleEndian.Uint32(data[p+4:]))
		body := int64(p + 8)
		if body+n > int64(len(data)) {
			return exifText{}, formatErr("WebP", fmt.Sprintf("%q chunk declares %d bytes, the data has %d", fourcc, n, int64(len(data))-body))
		}
		if fourcc == "EXIF" {
			b := data[body : body+n]
			// The container spec says the chunk holds a bare TIFF block,
			// but some writers keep JPEG's "Exif\0\0" prefix.
			b = bytes.TrimPrefix(b, []byte("Exif\x00\x00"))
			return parseExif(b)
		}
		p = int(body + n + n&1) // chunks are padded to an even length
	}
	return exifText{}, nil
}

// tiffReader reads IFD entries from a TIFF block, bounds-checking every
// offset. Only IFD0 and the Exif IFD are visited, never an IFD chain, so a
// crafted loop of IFD pointers cannot keep it busy.
type tiffReader struct {
	b  []byte
	bo binary.ByteOrder
}

// parseExif decodes the fields this package wants from a TIFF-structured
// Exif block.
func parseExif(b []byte) (exifText, error) {
	var ex exifText
	if len(b) < 8 {
		return ex, formatErr("Exif", "block shorter than its TIFF header")
	}
	t := tiffReader{b: b}
	switch string(b[:4]) {
	case "II*\x00":
		t.bo = binary.LittleEndian
	case "MM\x00*":
		t.bo = binary.BigEndian
	default:
		return ex, formatErr("Exif", "missing the TIFF byte-order header")
	}
	ifd0, err := t.ifd(t.bo.Uint32(b[4:]), tagDocumentName, tagImageDescription, tagMake, tagModel, tagExifIFD)
	if err != nil {
		return ex, err
	}
	if v, ok := ifd0[tagImageDescription]; ok {
		ex.imageDescription = decodeASCII(v)
	}
	// ComfyUI numbers its extra entries downwards from Make.
	for _, tag := range []uint16{tagModel, tagMake, tagImageDescription, tagDocumentName} {
		if v, ok := ifd0[tag]; ok {
			if k, j, ok := splitTagged(decodeASCII(v)); ok {
				ex.tagged = mapPut(ex.tagged, k, j)
				if tag == tagImageDescription {
					ex.imageDescription = ""
				}
			}
		}
	}
	if v, ok := ifd0[tagExifIFD]; ok {
		if len(v) != 4 {
			return ex, formatErr("Exif", "Exif IFD pointer is not one LONG")
		}
		sub, err := t.ifd(t.bo.Uint32(v), tagUserComment)
		if err != nil {
			return ex, err
		}
		if v, ok := sub[tagUserComment]; ok {
			ex.userComment = decodeUserComment(v, t.bo)
		}
	}
	return ex, nil
}

// tiffTypeSize gives the byte size of one value of each TIFF field type;
// unknown types are zero and their entries are skipped.
var tiffTypeSize = [...]uint64{1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}

// ifd reads the IFD at off and returns the raw value bytes of the wanted
// tags that are present.
func (t tiffReader) ifd(off uint32, want ...uint16) (map[uint16][]byte, error) {
	b := t.b
	if uint64(off)+2 > uint64(len(b)) {
		return nil, formatErr("Exif", fmt.Sprintf("IFD offset %d is outside the %d-byte block", off, len(b)))
	}
	n := uint64(t.bo.Uint16(b[off:]))
	start := uint64(off) + 2
	if start+n*12 > uint64(len(b)) {
		return nil, formatErr("Exif", fmt.Sprintf("IFD at %d declares %d entries, past the end of the block", off, n))
	}
	out := map[uint16][]byte{}
	for i := range n {
		e := b[start+i*12 : start+i*12+12]
		tag := t.bo.Uint16(e)
		wanted := false
		for _, w := range want {
			wanted = wanted || tag == w
		}
		typ := t.bo.Uint16(e[2:])
		if !wanted || int(typ) >= len(tiffTypeSize) || tiffTypeSize[typ] == 0 {
			continue
		}
		size := tiffTypeSize[typ] * uint64(t.bo.Uint32(e[4:]))
		if size <= 4 {
			out[tag] = e[8 : 8+size]
			continue
		}
		at := uint64(t.bo.Uint32(e[8:]))
		if at+size > uint64(len(b)) {
			return nil, formatErr("Exif", fmt.Sprintf("tag 0x%04X declares %d bytes at offset %d, past the end of the block", tag, size, at))
		}
		out[tag] = b[at : at+size]
	}
	return out, nil
}

// decodeUserComment decodes an Exif UserComment: an 8-byte character-code
// prefix and the text. "UNICODE" means UTF-16 of unstated byte order. The
// standard implies the TIFF block's, but piexif (which A1111 and Forge use)
// writes big-endian whatever the block says, and Windows tools write
// little-endian, so a byte-order mark decides first, then which half of each
// code unit is mostly zero (the high byte, for the Latin text infotexts are
// mostly made of), and the TIFF byte order only when that is a draw.
func decodeUserComment(b []byte, bo binary.ByteOrder) string {
	var s string
	switch {
	case len(b) < 8:
		s = decodeLoose(b)
	case string(b[:8]) == "UNICODE\x00":
		s = decodeUTF16(b[8:], bo)
	case string(b[:8]) == "ASCII\x00\x00\x00",
		string(b[:8]) == "\x00\x00\x00\x00\x00\x00\x00\x00",
		// No Shift-JIS decoder in the standard library; JIS text that is
		// really UTF-8 or ASCII still comes through.
		string(b[:8]) == "JIS\x00\x00\x00\x00\x00":
		s = decodeLoose(b[8:])
	default: // no prefix at all: some writers omit it
		s = decodeLoose(b)
	}
	return strings.TrimRight(s, "\x00 ")
}

// decodeUTF16 decodes UTF-16 whose byte order is chosen as decodeUserComment
// describes.
func decodeUTF16(b []byte, tiffOrder binary.ByteOrder) string {
	var bo binary.ByteOrder
	switch {
	case len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF:
		bo, b = binary.BigEndian, b[2:]
	case len(b) >= 2 && b[0] == 0xFF && b[1] == 0xFE:
		bo, b = binary.LittleEndian, b[2:]
	default:
		var zeroFirst, zeroSecond int
		for i := 0; i+1 < len(b); i += 2 {
			if b[i] == 0 && b[i+1] != 0 {
				zeroFirst++
			}
			if b[i+1] == 0 && b[i] != 0 {
				zeroSecond++
			}
		}
		switch {
		case zeroFirst > zeroSecond:
			bo = binary.BigEndian
		case zeroSecond > zeroFirst:
			bo = binary.LittleEndian
		default:
			bo = tiffOrder
		}
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = bo.Uint16(b[2*i:])
	}
	return string(utf16.Decode(u))
}

// decodeASCII decodes a TIFF ASCII value: text up to the first NUL. Writers
// that put UTF-8 there (PIL does for non-ASCII strings) are honoured.
func decodeASCII(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return decodeLoose(b)
}

// decodeLoose decodes text of unstated encoding: UTF-8 when it is valid
// UTF-8 (ASCII included), else Latin-1, which cannot fail.
func decodeLoose(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return latin1(b)
}

// splitTagged recognises ComfyUI's "key:JSON" Exif strings, such as
// `prompt:{"3": ...}`, and splits them.
func splitTagged(s string) (key, value string, ok bool) {
	k, v, found := strings.Cut(s, ":")
	if !found || k == "" || len(k) > 64 || v == "" || (v[0] != '{' && v[0] != '[') {
		return "", "", false
	}
	for _, c := range k {
		if c != '_' && (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return "", "", false
		}
	}
	if !json.Valid([]byte(v)) {
		return "", "", false
	}
	return k, v, true
}

// mapPut sets m[k] = v, allocating m when it is nil, and keeps an existing
// value: the first tag read wins.
func mapPut(m map[string]string, k, v string) map[string]string {
	if m == nil {
		m = map[string]string{}
	}
	if _, ok := m[k]; !ok {
		m[k] = v
	}
	return m
}
