package exif

import (
	"encoding/binary"
	"testing"
)

// tiffWithIFD0 makes an Exif block whose IFD0 holds the given 12-byte
// entries, each written as (tag, type, count, value) in byte order bo.
func tiffWithIFD0(bo binary.AppendByteOrder, entries ...[4]uint32) []byte {
	b := []byte("MM\x00*")
	if bo == binary.AppendByteOrder(binary.LittleEndian) {
		b = []byte("II*\x00")
	}
	b = bo.AppendUint32(b, 8)
	b = bo.AppendUint16(b, uint16(len(entries)))
	for _, e := range entries {
		b = bo.AppendUint16(b, uint16(e[0]))
		b = bo.AppendUint16(b, uint16(e[1]))
		b = bo.AppendUint32(b, e[2])
		if e[1] == 3 && e[2] == 1 { // one SHORT: left-justified in the value field
			b = bo.AppendUint16(b, uint16(e[3]))
			b = append(b, 0, 0)
		} else {
			b = bo.AppendUint32(b, e[3])
		}
	}
	return bo.AppendUint32(b, 0) // no next IFD
}

func TestOrientation(t *testing.T) {
	le, be := binary.LittleEndian, binary.BigEndian
	const short, long = 3, 4
	tests := []struct {
		name  string
		block []byte
		want  int
	}{
		{"no Exif block", nil, 1},
		{"big-endian, 6", tiffWithIFD0(be, [4]uint32{0x010F, 2, 4, 0x41424300}, [4]uint32{TagOrientation, short, 1, 6}), 6},
		{"little-endian, 8", tiffWithIFD0(le, [4]uint32{TagOrientation, short, 1, 8}), 8},
		{"little-endian, 3", tiffWithIFD0(le, [4]uint32{TagOrientation, short, 1, 3}), 3},
		{"no Orientation entry", tiffWithIFD0(le, [4]uint32{0x010F, 2, 4, 0x41424300}), 1},
		{"Orientation 0", tiffWithIFD0(be, [4]uint32{TagOrientation, short, 1, 0}), 1},
		{"Orientation 9", tiffWithIFD0(be, [4]uint32{TagOrientation, short, 1, 9}), 1},
		{"Orientation as a LONG", tiffWithIFD0(le, [4]uint32{TagOrientation, long, 1, 6}), 1},
		{"damaged header", append([]byte("XX"), tiffWithIFD0(be, [4]uint32{TagOrientation, short, 1, 6})[2:]...), 1},
		{"IFD0 cut short", tiffWithIFD0(be, [4]uint32{TagOrientation, short, 1, 6})[:15], 1},
	}
	for _, tt := range tests {
		if got := Orientation(tt.block); got != tt.want {
			t.Errorf("%s: Orientation %d, want %d", tt.name, got, tt.want)
		}
	}
}

// The Exif block is found in a JPEG's APP1 segment, before the scan, past
// other APP segments; a second Exif APP1 does not replace the first.
func TestJPEGFindsTheFirstExifBlock(t *testing.T) {
	first := tiffWithIFD0(binary.BigEndian, [4]uint32{TagOrientation, 3, 1, 6})
	second := tiffWithIFD0(binary.BigEndian, [4]uint32{TagOrientation, 3, 1, 3})
	seg := func(m byte, body []byte) []byte {
		return append([]byte{0xFF, m, byte((len(body) + 2) >> 8), byte(len(body) + 2)}, body...)
	}
	var data []byte
	data = append(data, 0xFF, 0xD8)
	data = append(data, seg(0xE0, []byte("JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"))...)
	data = append(data, seg(0xE1, append([]byte("Exif\x00\x00"), first...))...)
	data = append(data, seg(0xFE, []byte("a comment"))...)
	data = append(data, seg(0xE1, append([]byte("Exif\x00\x00"), second...))...)
	data = append(data, 0xFF, 0xDA, 0, 2, 0xFF, 0xD9)
	block, comments, err := JPEG(data)
	if err != nil {
		t.Fatal(err)
	}
	if got := Orientation(block); got != 6 {
		t.Errorf("Orientation %d from the JPEG, want 6 (the first Exif block's)", got)
	}
	if len(comments) != 1 || string(comments[0]) != "a comment" {
		t.Errorf("comments %q", comments)
	}
}
