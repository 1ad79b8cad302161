package codec

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/gen5viewer/gen5view/codec/zfp"
	"github.com/x448/float16"
)

// What sets .raiiaf's compressed LATN chunk apart (FORMAT-raiiaf.md,
// "Chunks"): its body is a zstd frame holding only the 12-byte chunk header
// (len_header bytes), then a zfp stream of the elements (len_data bytes),
// outside the frame. The record's hash and uncompressed_size are those of
// the raw elements, before compression.

// checkZFP checks a compressed .raiiaf LATN record when the file is opened:
// the split of its body, and the zfp stream's header against the record's
// shape, so that nothing is allocated for a stream that cannot be right.
func (c *Chunk) checkZFP() error {
	if c.LenHeader <= 0 || c.LenData <= 0 {
		return c.fail("compressed latent without the split of its body (len_header %d, len_data %d)", c.LenHeader, c.LenData)
	}
	if c.LenHeader+c.LenData != c.CompressedSize {
		return c.fail("len_header %d + len_data %d differ from compressed_size %d", c.LenHeader, c.LenData, c.CompressedSize)
	}
	head := make([]byte, min(c.LenData, 32))
	if _, err := c.r.r.ReadAt(head, c.Offset+c.LenHeader); err != nil {
		return c.fail("reading the zfp stream's header: %v", err)
	}
	h, err := zfp.ReadHeader(head)
	if err != nil {
		return c.fail("%v", err)
	}
	if h.Type != zfp.Float32 {
		return c.fail("zfp stream of %s values; .raiiaf stores float32", h.Type)
	}
	l, err := c.latentLayout()
	if err != nil {
		return c.fail("%v", err)
	}
	if n := c.UncompressedSize / int64(l.DType.Size()); int64(h.Count()) != n {
		return c.fail("zfp stream holds %s values, the record's shape %s has %d", ShapeString(h.Shape()), ShapeString(l.Shape), n)
	}
	c.zfp = &h
	if !h.Reversible() {
		c.r.Warnings = append(c.r.Warnings, fmt.Sprintf("chunk %d (LATN) is a lossy zfp stream, %s: its hash is of the values before compression, which it cannot give back, so it is not checked", c.Index, h.ModeName()))
	}
	return nil
}

// zfpPayload decodes a compressed .raiiaf LATN body into the raw elements,
// of the type the stored chunk header's flags give, as the reference
// casts them.
func (c *Chunk) zfpPayload(stored []byte) ([]byte, error) {
	head, err := decompressBody(stored[:c.LenHeader], chunkHeaderSize, chunkHeaderSize)
	if err != nil {
		return nil, c.fail("chunk header frame: %v", err)
	}
	if typ := string(head[:4]); typ != c.Type {
		return nil, c.fail("stored chunk header says %q", typ)
	}
	flags := recordFlags(string(head[4:8]))
	if flags != recordFlags(c.Flags) {
		return nil, c.fail("stored flags %q differ from the record's %q", flags, c.Flags)
	}
	if n := binary.LittleEndian.Uint32(head[8:]); int64(n) != c.UncompressedSize {
		return nil, c.fail("stored chunk header says %d payload bytes, the record %d", n, c.UncompressedSize)
	}
	vals, err := zfp.DecodeFloat32(stored[c.LenHeader:], c.zfp.Shape())
	if err != nil {
		return nil, c.fail("%v", err)
	}
	out := make([]byte, c.UncompressedSize)
	switch flags {
	case "F32":
		for i, v := range vals {
			binary.LittleEndian.PutUint32(out[4*i:], math.Float32bits(v))
		}
	case "F16":
		for i, v := range vals {
			binary.LittleEndian.PutUint16(out[2*i:], float16.Fromfloat32(v).Bits())
		}
	default:
		return nil, c.fail("unknown dtype flags %q", flags)
	}
	return out, nil
}

// Lossy reports whether the chunk is a lossy (fixed-accuracy, -precision or
// -rate) zfp stream, whose decoded values cannot match the record's hash of
// the values before compression; Verify does not count that as damage.
func (c *Chunk) Lossy() bool { return c.zfp != nil && !c.zfp.Reversible() }

// Storage says how the chunk's payload is stored: "zstd", "raw", or the
// zfp mode of a .raiiaf latent ("zfp reversible", "zfp fixed accuracy
// (tolerance 2^-10)", …).
func (c *Chunk) Storage() string {
	switch {
	case c.zfp != nil:
		return "zfp " + c.zfp.ModeName()
	case c.Compressed:
		return "zstd"
	}
	return "raw"
}

// ZFPPolicy says how a .raiiaf writer stores latents when asked to
// compress.
type ZFPPolicy uint8

const (
	// ZFPIfSmaller writes a reversible zfp stream where it is smaller than
	// the raw elements, and the raw elements otherwise: the smallest file
	// the reference reads. Noise does not compress: reversible zfp costs
	// about 4× the raw size on a batch-1 latent (blocks are 4 deep along
	// the batch axis) and still more than raw at any batch, so noise is
	// stored raw. float16 is always raw, as zfp cannot hold it.
	ZFPIfSmaller ZFPPolicy = iota
	// ZFPAlways writes every float32 latent as a reversible zfp stream, as
	// the reference does when compressing; a float16 latent is refused.
	ZFPAlways
)

// headerFrame is the zstd frame python-zstandard writes around a 12-byte
// chunk header: single segment, content size 12, one raw last block of 12
// bytes, no checksum (FORMAT-raiiaf.md).
func headerFrame(chunkHeader []byte) []byte {
	return append([]byte{0x28, 0xb5, 0x2f, 0xfd, 0x20, 0x0c, 0x61, 0x00, 0x00}, chunkHeader...)
}

// raiiafLatentEntry encodes a LATN chunk of a .raiiaf file: a zfp stream
// when compressing and the policy chooses it, the raw elements otherwise.
func raiiafLatentEntry(l NewLatent, extra *Object, compress bool, policy ZFPPolicy) (entry, error) {
	t := l.Tensor
	raw := newEntry(TypeLatent, t.DType.Flags(), t.Raw, extra.Clone(), false)
	raw.rec.Set(keyLenHeader, json.Number(strconv.Itoa(chunkHeaderSize)))
	raw.rec.Set(keyLenData, json.Number(strconv.Itoa(len(t.Raw))))
	if !compress {
		return raw, nil
	}
	if t.DType != Float32 {
		if policy == ZFPAlways {
			return entry{}, fmt.Errorf("%s is float16, which zfp cannot hold: a .raiiaf file stores it only uncompressed", l.Key)
		}
		return raw, nil
	}
	err := zfp.CheckShape(t.Shape, t.Len())
	if err != nil {
		if policy == ZFPAlways {
			return entry{}, fmt.Errorf("%s: %v", l.Key, err)
		}
		return raw, nil
	}
	var stream []byte
	if policy == ZFPAlways {
		stream, err = zfp.EncodeFloat32(t.Float32(), t.Shape)
	} else {
		stream, err = zfp.EncodeFloat32IfSmaller(t.Float32(), t.Shape, len(t.Raw))
	}
	if err != nil {
		return entry{}, err
	}
	if stream == nil {
		return raw, nil
	}
	ch := append([]byte(TypeLatent), padFlags(t.DType.Flags())...)
	ch = binary.LittleEndian.AppendUint32(ch, uint32(len(t.Raw)))
	body := append(headerFrame(ch), stream...)
	rec := newRecord(TypeLatent, t.DType.Flags(), t.Raw, extra, true, len(body))
	rec.Set(keyLenHeader, json.Number(strconv.Itoa(len(body)-len(stream))))
	rec.Set(keyLenData, json.Number(strconv.Itoa(len(stream))))
	return bytesEntry(rec, body), nil
}
