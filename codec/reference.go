package codec

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// The Python reference reads a .gen5 file differently from this package in
// a few ways that are invisible once a file is open: it keeps the last of
// two image chunks where a viewer shows the first, it cannot inflate a zstd
// frame that does not state its content size, it decodes a skippable frame
// as nothing, and its json.loads refuses bytes that are not UTF-8. The
// functions here name each such difference, so that `verify` can fail the
// file (it promises that the reference reads the file as it is shown) and
// `info` and the window can warn about it while still showing the file.

// ReferenceProblems returns how the reference would refuse the file or
// read it differently from this package, judged from the structure alone
// (the chunk table and the zstd frame headers; no payload is inflated).
// Each error is a *FormatError naming the chunk. A .raiiaf file has other
// rules; only .gen5 files are judged here.
func (rd *Reader) ReferenceProblems() []error {
	if rd.Header.Format != Gen5 {
		return nil
	}
	var out []error
	if !utf8.Valid(rd.metadataJSON) {
		out = append(out, rd.fail(-1, "", "metadata chunk: the JSON is not valid UTF-8; the reference's json.loads refuses it"))
	}
	if err := frameProblem(rd.r, int64(rd.Header.ChunkTableOffset), int64(rd.Header.ChunkTableSize)); err != nil {
		out = append(out, rd.fail(-1, "", "metadata chunk: %v", err))
	}
	for _, t := range []string{TypeData, TypeEnv} {
		if cs := rd.chunksOfType(t); len(cs) > 1 {
			first, last := cs[0], cs[len(cs)-1]
			out = append(out, rd.fail(last.Index, t, "the file has %d %s chunks: the reference keeps this last one, this viewer shows chunk %d", len(cs), t, first.Index))
		}
	}
	for _, c := range rd.Chunks {
		if !c.Compressed {
			continue
		}
		if err := frameProblem(rd.r, c.Offset, c.CompressedSize); err != nil {
			out = append(out, c.fail("%v", err))
		}
	}
	return out
}

// ChunkProblems returns what the reference would refuse, or read
// differently, in a chunk whose payload Check has read: a tensor with NaN or
// infinite values (0.1.0's reader refuses it) or with no elements, and an
// environment chunk that is not UTF-8 JSON (json.loads refuses it).
func (cc *ChunkCheck) ChunkProblems() []error {
	c := cc.Chunk
	if !cc.Readable() || c.r.Header.Format != Gen5 {
		return nil
	}
	var out []error
	switch c.Type {
	case TypeLatent:
		if cc.NonFinite > 0 {
			out = append(out, c.fail("%d NaN or infinite values; the 0.1.0 reference refuses such a tensor", cc.NonFinite))
		}
		if cc.Latent != nil && len(cc.Latent.Shape) > 0 {
			if n, _ := elementCount(cc.Latent.Shape); n == 0 {
				out = append(out, c.fail("shape %s has an axis of size 0: the tensor holds no values", ShapeString(cc.Latent.Shape)))
			}
		}
	case TypeEnv:
		if c.UncompressedSize > MaxJSONSize {
			out = append(out, c.fail("the environment is %d bytes, over the limit of %d for a JSON payload; it is not read", c.UncompressedSize, MaxJSONSize))
		} else if err := CheckEnvJSON(cc.Payload); err != nil {
			out = append(out, c.fail("%v", err))
		}
	}
	return out
}

// CheckEnvJSON checks an environment chunk's payload as the reference
// reads it, with json.loads: UTF-8 JSON, nested no deeper than the
// manifest may be (ParseJSON's limit holds for every JSON payload).
func CheckEnvJSON(p []byte) error {
	if !utf8.Valid(p) {
		return errors.New("the environment JSON is not valid UTF-8; the reference's json.loads refuses it")
	}
	if _, err := ParseJSON(p); err != nil {
		return fmt.Errorf("the environment is not JSON (%v); the reference's json.loads refuses it", err)
	}
	return nil
}

// zstd frame magic numbers (RFC 8878).
const (
	zstdMagic          = 0xFD2FB528
	zstdSkippableMagic = 0x184D2A50 // to 0x184D2A5F
)

// frameHeaderLayout reads a zstd frame header descriptor (RFC 8878,
// 3.1.1.1.1): the length of the frame content size field, 0 when the frame
// does not state its size, and the offset of the first block header after
// the magic, descriptor, window descriptor, dictionary ID and content size.
func frameHeaderLayout(fhd byte) (fcsSize, blocksAt int) {
	single := fhd&0x20 != 0
	fcsSize = [4]int{0, 2, 4, 8}[fhd>>6]
	if fhd>>6 == 0 && single {
		fcsSize = 1
	}
	blocksAt = 5 + [4]int{0, 1, 2, 4}[fhd&3] + fcsSize
	if !single {
		blocksAt++ // window descriptor
	}
	return fcsSize, blocksAt
}

// frameProblem walks the zstd frame stored at off, size bytes, reading only
// its header and block headers, and says what the reference would make of
// it differently: a skippable frame (it decodes as no bytes), a frame that
// does not state its content size (python-zstandard's decompress refuses
// it), and anything after the one frame (the reference reads one frame; a
// streaming decoder here would go on into the next).
func frameProblem(r io.ReaderAt, off, size int64) error {
	var head [14]byte
	n, _ := r.ReadAt(head[:min(int64(len(head)), size)], off)
	if n < 5 {
		return nil // too short to be a frame; reading it says so
	}
	magic := binary.LittleEndian.Uint32(head[:4])
	if magic&^0xF == zstdSkippableMagic {
		return errors.New("the zstd data starts with a skippable frame, which the reference decodes as no bytes at all")
	}
	if magic != zstdMagic {
		return nil // not zstd; reading the chunk says so
	}
	fhd := head[4]
	fcsSize, blocksAt := frameHeaderLayout(fhd)
	if fcsSize == 0 {
		return errors.New("the zstd frame does not state its content size, which the reference needs to inflate it")
	}
	pos := int64(blocksAt)
	// Block headers are read through a window of the file, so a frame of
	// many tiny blocks costs one read per window, not one per block.
	buf := make([]byte, min(64<<10, size))
	var win []byte
	var winOff int64
	for {
		if pos+3 > size {
			return nil // truncated; inflating it says so
		}
		if pos < winOff || pos+3 > winOff+int64(len(win)) {
			winOff = pos
			n, _ := r.ReadAt(buf[:min(int64(len(buf)), size-pos)], off+pos)
			if n < 3 {
				return nil
			}
			win = buf[:n]
		}
		bh := win[pos-winOff:]
		v := uint32(bh[0]) | uint32(bh[1])<<8 | uint32(bh[2])<<16
		last, typ, bsize := v&1 != 0, (v>>1)&3, int64(v>>3)
		pos += 3
		if typ == 1 {
			pos++ // RLE: one byte repeated
		} else {
			pos += bsize
		}
		if last {
			break
		}
	}
	if fhd&0x04 != 0 {
		pos += 4 // content checksum
	}
	if pos < size {
		return fmt.Errorf("%d bytes follow the zstd frame; the reference reads one frame and would not see them", size-pos)
	}
	return nil
}
