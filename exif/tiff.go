package exif

import (
	"encoding/binary"
	"fmt"
)

// TIFF is an Exif block: a TIFF header and the directories (IFDs) it
// points to. Only the directories asked for are read, never an IFD chain,
// so a crafted loop of IFD pointers cannot keep a reader busy.
type TIFF struct {
	b []byte
	// Order is the block's byte order, which multi-byte values read
	// from it are in.
	Order binary.ByteOrder
}

// Parse checks the TIFF header of an Exif block.
func Parse(block []byte) (*TIFF, error) {
	if len(block) < 8 {
		return nil, formatErr("Exif", "block shorter than its TIFF header")
	}
	t := &TIFF{b: block}
	switch string(block[:4]) {
	case "II*\x00":
		t.Order = binary.LittleEndian
	case "MM\x00*":
		t.Order = binary.BigEndian
	default:
		return nil, formatErr("Exif", "missing the TIFF byte-order header")
	}
	return t, nil
}

// IFD0 reads the first directory, which describes the main picture.
func (t *TIFF) IFD0(want ...uint16) (map[uint16][]byte, error) {
	return t.IFD(t.Order.Uint32(t.b[4:]), want...)
}

// typeSize gives the byte size of one value of each TIFF field type;
// unknown types are zero and their entries are skipped.
var typeSize = [...]uint64{1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}

// IFD reads the directory at offset off from the block's start and returns
// the raw value bytes of the wanted tags that are present: slices of the
// block, in its byte order. Entries of unknown types are skipped.
func (t *TIFF) IFD(off uint32, want ...uint16) (map[uint16][]byte, error) {
	b := t.b
	if uint64(off)+2 > uint64(len(b)) {
		return nil, formatErr("Exif", fmt.Sprintf("IFD offset %d is outside the %d-byte block", off, len(b)))
	}
	n := uint64(t.Order.Uint16(b[off:]))
	start := uint64(off) + 2
	if start+n*12 > uint64(len(b)) {
		return nil, formatErr("Exif", fmt.Sprintf("IFD at %d declares %d entries, past the end of the block", off, n))
	}
	out := map[uint16][]byte{}
	for i := range n {
		e := b[start+i*12 : start+i*12+12]
		tag := t.Order.Uint16(e)
		wanted := false
		for _, w := range want {
			wanted = wanted || tag == w
		}
		typ := t.Order.Uint16(e[2:])
		if !wanted || int(typ) >= len(typeSize) || typeSize[typ] == 0 {
			continue
		}
		size := typeSize[typ] * uint64(t.Order.Uint32(e[4:]))
		if size <= 4 {
			out[tag] = e[8 : 8+size]
			continue
		}
		at := uint64(t.Order.Uint32(e[8:]))
		if at+size > uint64(len(b)) {
			return nil, formatErr("Exif", fmt.Sprintf("tag 0x%04X declares %d bytes at offset %d, past the end of the block", tag, size, at))
		}
		out[tag] = b[at : at+size]
	}
	return out, nil
}
