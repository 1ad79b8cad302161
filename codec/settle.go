package codec

import (
	"encoding/binary"
	"errors"
	"strconv"
)

// The metadata chunk states the size of the file it ends, and its own
// compressed length is part of that size. Compressing the manifest whole
// makes the length depend on the digits of the size (through their entropy
// coding), so a size that meets itself has to be searched for, a
// compression per try. splitMetaFrame avoids the search: it lays the frame
// out so that the digits sit in a raw block, and only what follows them is
// compressed, once. The length is then a sum of known parts, and the size
// is found by arithmetic.
//
// The frame stays one valid zstd frame recording its content size, as the
// reference's reader needs (python-zstandard's decompress): a raw block
// holding the chunk header and the manifest up to the end of the digits,
// then the blocks of a frame compressed from the rest. Those blocks decode
// the same after a raw block as at the start of their own frame: a raw
// block changes neither the repeat offsets nor the entropy tables, and
// their matches reach back only into their own bytes.

// maxRawPrefix bounds the part of the manifest split stores raw: the
// reference writes file_info first, so the digits come after a hundred
// bytes or so. A manifest ordered otherwise is settled by search instead.
const maxRawPrefix = 4 << 10

// splitMetaFrame returns the metadata frame and the file size it states,
// for a chunk body made by body (the chunk header and the manifest with
// the size's digits in it) whose digits end at prefix+len(digits) and are
// followed by suffix. enc compresses suffix into a single-segment frame
// without a checksum.
func splitMetaFrame(body func(size int64) []byte, prefix int, suffix []byte, tableOffset int64, enc interface {
	EncodeAll(src, dst []byte) []byte
}) (int64, []byte, error) {
	if !splitMeta || prefix > maxRawPrefix || len(suffix) == 0 {
		return 0, nil, errNoSplit
	}
	blocks, err := frameBlocks(enc.EncodeAll(suffix, nil))
	if err != nil {
		return 0, nil, err
	}
	for digits := 1; digits <= 20; digits++ {
		raw := prefix + digits
		content := raw + len(suffix)
		size := tableOffset + int64(frameHeaderLen(content)+3+raw+len(blocks))
		if len(strconv.FormatInt(size, 10)) != digits {
			continue
		}
		b := body(size)
		if len(b) != content {
			return 0, nil, errors.New("metadata body of an unexpected length")
		}
		frame := appendFrameHeader(make([]byte, 0, size-tableOffset), content)
		// One raw block (raw is far below zstd's 128 KiB block limit):
		// last-block bit 0, type raw (0), size.
		frame = append(frame, byte(raw<<3), byte(raw>>5), byte(raw>>13))
		frame = append(frame, b[:raw]...)
		frame = append(frame, blocks...)
		if int64(len(frame)) != size-tableOffset {
			return 0, nil, errors.New("metadata frame of an unexpected length")
		}
		return size, frame, nil
	}
	return 0, nil, errNoSplit
}

// splitMeta is turned off by tests, to reach the search.
var splitMeta = true

// errNoSplit says that splitMetaFrame cannot lay out this manifest.
var errNoSplit = errors.New("no split metadata frame")

// frameHeaderLen is the length of appendFrameHeader's header.
func frameHeaderLen(content int) int { return 5 + fcsLen(content) }

// fcsLen is the length of a single-segment frame's content size field.
func fcsLen(content int) int {
	switch {
	case content < 256:
		return 1
	case content < 256+1<<16:
		return 2
	case uint64(content) <= 1<<32-1:
		return 4
	}
	return 8
}

// appendFrameHeader appends a zstd frame header: single segment, no
// checksum, no dictionary, the content size in the smallest field.
func appendFrameHeader(dst []byte, content int) []byte {
	dst = binary.LittleEndian.AppendUint32(dst, zstdMagic)
	switch fcsLen(content) {
	case 1:
		return append(dst, 0x20, byte(content))
	case 2:
		return binary.LittleEndian.AppendUint16(append(dst, 0x60), uint16(content-256))
	case 4:
		return binary.LittleEndian.AppendUint32(append(dst, 0xA0), uint32(content))
	}
	return binary.LittleEndian.AppendUint64(append(dst, 0xE0), uint64(content))
}

// frameBlocks returns the blocks of a single zstd frame, without its header
// and checksum.
func frameBlocks(f []byte) ([]byte, error) {
	if len(f) < 6 || binary.LittleEndian.Uint32(f) != zstdMagic {
		return nil, errors.New("not a zstd frame")
	}
	_, pos := frameHeaderLayout(f[4])
	end := len(f)
	if f[4]&0x04 != 0 {
		end -= 4 // content checksum
	}
	if pos >= end {
		return nil, errors.New("zstd frame without blocks")
	}
	return f[pos:end], nil
}
