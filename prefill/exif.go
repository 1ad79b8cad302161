package prefill

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/gen5viewer/gen5view/exif"
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
// damaged tag we do not need cannot make the image unreadable. (Package
// exif finds the block and walks its directories.)
const (
	tagDocumentName     = 0x010D
	tagImageDescription = 0x010E
	tagMake             = 0x010F
	tagModel            = 0x0110
	tagExifIFD          = 0x8769
	tagUserComment      = 0x9286
)

// jpegText returns the first Exif block of a JPEG, decoded, and the text
// of every COM segment joined by newlines.
func jpegText(data []byte) (ex exifText, comment string, err error) {
	block, coms, err := exif.JPEG(data)
	if err != nil {
		return ex, "", fromExif(err)
	}
	if block != nil {
		if ex, err = parseExif(block); err != nil {
			return ex, "", err
		}
	}
	comments := make([]string, len(coms))
	for i, c := range coms {
		comments[i] = decodeLoose(c)
	}
	return ex, strings.Join(comments, "\n"), nil
}

// webpText decodes a WebP's EXIF chunk.
func webpText(data []byte) (exifText, error) {
	block, err := exif.WebP(data)
	if err != nil || block == nil {
		return exifText{}, fromExif(err)
	}
	return parseExif(block)
}

// fromExif turns package exif's errors into this package's *FormatError.
func fromExif(err error) error {
	if fe, ok := errors.AsType[*exif.FormatError](err); ok {
		return formatErr(fe.Format, fe.Msg)
	}
	return err
}

// parseExif decodes the fields this package wants from a TIFF-structured
// Exif block.
func parseExif(b []byte) (exifText, error) {
	var ex exifText
	t, err := exif.Parse(b)
	if err != nil {
		return ex, fromExif(err)
	}
	ifd0, err := t.IFD0(tagDocumentName, tagImageDescription, tagMake, tagModel, tagExifIFD)
	if err != nil {
		return ex, fromExif(err)
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
		sub, err := t.IFD(t.Order.Uint32(v), tagUserComment)
		if err != nil {
			return ex, fromExif(err)
		}
		if v, ok := sub[tagUserComment]; ok {
			ex.userComment = decodeUserComment(v, t.Order)
		}
	}
	return ex, nil
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
