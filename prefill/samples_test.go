package prefill

// Builders for the sample pictures the tests read. They write what the
// generators write: PIL's PNG text chunks (tEXt for Latin-1 text, iTXt
// otherwise), piexif's big-endian Exif with a UNICODE UserComment in a JPEG
// after its JFIF header, and a WebP with its EXIF chunk after the image
// data. The images themselves are valid, which the tests check by decoding
// them, so a parser that only works on fakes would show.

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"sort"
	"unicode/utf16"
)

// pngChunk frames one PNG chunk with its length and CRC.
func pngChunk(typ string, data []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, uint32(len(data)))
	b.WriteString(typ)
	b.Write(data)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	return b.Bytes()
}

// toLatin1 encodes s in ISO 8859-1; the tests only pass text that fits.
func toLatin1(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r))
	}
	return b
}

func deflate(b []byte) []byte {
	var out bytes.Buffer
	w := zlib.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

func tEXt(key, val string) []byte {
	return pngChunk("tEXt", append(append(toLatin1(key), 0), toLatin1(val)...))
}

func zTXt(key, val string) []byte {
	return pngChunk("zTXt", append(append(toLatin1(key), 0, 0), deflate(toLatin1(val))...))
}

func iTXt(key, val string, compressed bool) []byte {
	b := append(toLatin1(key), 0)
	if compressed {
		b = append(b, 1, 0, 0, 0) // flag, method, empty language, empty translation
		return pngChunk("iTXt", append(b, deflate([]byte(val))...))
	}
	b = append(b, 0, 0, 0, 0)
	return pngChunk("iTXt", append(b, val...))
}

// makePNG writes a 1×1 RGBA PNG with the given chunks between IHDR and
// IDAT, where PIL puts text.
func makePNG(chunks ...[]byte) []byte {
	var b bytes.Buffer
	b.WriteString(pngSignature)
	ihdr := []byte{0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0}
	b.Write(pngChunk("IHDR", ihdr))
	for _, c := range chunks {
		b.Write(c)
	}
	b.Write(pngChunk("IDAT", deflate([]byte{0, 200, 100, 50, 255})))
	b.Write(pngChunk("IEND", nil))
	return b.Bytes()
}

// ifdEntry is one TIFF field for makeTIFF.
type ifdEntry struct {
	tag, typ uint16
	count    uint32
	data     []byte
}

func asciiEntry(tag uint16, s string) ifdEntry {
	return ifdEntry{tag, 2, uint32(len(s) + 1), append([]byte(s), 0)}
}

func undefinedEntry(tag uint16, b []byte) ifdEntry {
	return ifdEntry{tag, 7, uint32(len(b)), b}
}

// makeTIFF lays out a TIFF block as piexif does: header, IFD0, the Exif
// IFD (pointed to from IFD0 when exif is not empty), then the values that
// do not fit in an entry.
func makeTIFF(bo binary.ByteOrder, ifd0, exif []ifdEntry) []byte {
	ifd0 = append([]ifdEntry(nil), ifd0...)
	n0 := len(ifd0)
	if len(exif) > 0 {
		n0++
	}
	exifOff := 8 + 2 + 12*n0 + 4
	dataOff := exifOff
	if len(exif) > 0 {
		dataOff += 2 + 12*len(exif) + 4
		ptr := make([]byte, 4)
		bo.PutUint32(ptr, uint32(exifOff))
		ifd0 = append(ifd0, ifdEntry{tagExifIFD, 4, 1, ptr})
	}
	var data bytes.Buffer
	writeIFD := func(es []ifdEntry) []byte {
		sort.Slice(es, func(i, j int) bool { return es[i].tag < es[j].tag })
		var b bytes.Buffer
		binary.Write(&b, bo, uint16(len(es)))
		for _, e := range es {
			binary.Write(&b, bo, e.tag)
			binary.Write(&b, bo, e.typ)
			binary.Write(&b, bo, e.count)
			if len(e.data) <= 4 {
				b.Write(append(append([]byte(nil), e.data...), make([]byte, 4-len(e.data))...))
				continue
			}
			binary.Write(&b, bo, uint32(dataOff+data.Len()))
			data.Write(e.data)
			if data.Len()%2 == 1 {
				data.WriteByte(0)
			}
		}
		binary.Write(&b, bo, uint32(0)) // no next IFD
		return b.Bytes()
	}
	var out bytes.Buffer
	if bo == binary.BigEndian {
		out.WriteString("MM\x00*")
	} else {
		out.WriteString("II*\x00")
	}
	binary.Write(&out, bo, uint32(8))
	out.Write(writeIFD(ifd0))
	if len(exif) > 0 {
		out.Write(writeIFD(exif))
	}
	out.Write(data.Bytes())
	return out.Bytes()
}

// unicodeComment encodes a UserComment as "UNICODE" text in the given byte
// order, as piexif.helper.UserComment.dump does with big-endian.
func unicodeComment(s string, bo binary.ByteOrder) []byte {
	b := []byte("UNICODE\x00")
	for _, u := range utf16.Encode([]rune(s)) {
		b = bo.(binary.AppendByteOrder).AppendUint16(b, u)
	}
	return b
}

// a1111Exif is the Exif block A1111 writes into a JPEG or WebP: piexif's
// big-endian TIFF with only the UserComment.
func a1111Exif(infotext string) []byte {
	return makeTIFF(binary.BigEndian, nil, []ifdEntry{
		undefinedEntry(tagUserComment, unicodeComment(infotext, binary.BigEndian)),
	})
}

func jpegSegment(marker byte, data []byte) []byte {
	b := []byte{0xFF, marker, 0, 0}
	binary.BigEndian.PutUint16(b[2:], uint16(len(data)+2))
	return append(b, data...)
}

func app1Exif(tiff []byte) []byte {
	return jpegSegment(0xE1, append([]byte("Exif\x00\x00"), tiff...))
}

// makeJPEG encodes an 8×8 JPEG and inserts a JFIF APP0 and the given
// segments after its SOI, where PIL and piexif.insert put them.
func makeJPEG(segments ...[]byte) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	img.Set(0, 0, color.White)
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, img, nil); err != nil {
		panic(err)
	}
	b := enc.Bytes()
	out := append([]byte(nil), b[:2]...)
	out = append(out, jpegSegment(0xE0, []byte("JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"))...)
	for _, s := range segments {
		out = append(out, s...)
	}
	return append(out, b[2:]...)
}

// vp8l1x1 is a complete 1×1 lossless WebP bitstream.
var vp8l1x1 = []byte{0x2f, 0x00, 0x00, 0x00, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0x00}

func riffChunk(fourcc string, data []byte) []byte {
	b := append([]byte(fourcc), 0, 0, 0, 0)
	binary.LittleEndian.PutUint32(b[4:], uint32(len(data)))
	b = append(b, data...)
	if len(data)%2 == 1 {
		b = append(b, 0)
	}
	return b
}

// makeWebP writes an extended (VP8X) 1×1 WebP whose EXIF chunk, when exif
// is not nil, follows the image data as the container specification orders.
func makeWebP(exif []byte) []byte {
	vp8x := make([]byte, 10) // flags, reserved, canvas width−1 and height−1 (0)
	if exif != nil {
		vp8x[0] = 0x08
	}
	body := []byte("WEBP")
	body = append(body, riffChunk("VP8X", vp8x)...)
	body = append(body, riffChunk("VP8L", vp8l1x1)...)
	if exif != nil {
		body = append(body, riffChunk("EXIF", exif)...)
	}
	out := []byte("RIFF\x00\x00\x00\x00")
	binary.LittleEndian.PutUint32(out[4:], uint32(len(body)))
	return append(out, body...)
}
