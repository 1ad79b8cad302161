package codec

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/gen5viewer/gen5view/codec/zfp"
	"github.com/klauspost/compress/zstd"
)

// The chunk types the format defines. Others may appear in later versions;
// they are kept and reported, never dropped.
const (
	TypeLatent = "LATN" // a tensor; the first is the initial noise
	TypeData   = "DATA" // the encoded image
	TypeEnv    = "ENVC" // the software environment (written by 0.1.0)
	TypeMeta   = "META" // the metadata chunk, pointed to by the header
)

// chunkHeaderSize is the type, flags and payload-size fields before a payload.
const chunkHeaderSize = 12

// Chunk is one entry of the chunk table. Its payload is read from the file
// only when asked for.
type Chunk struct {
	ChunkRecord
	r *Reader
	// headerless marks 0.1.0a0's uncompressed layout: the payload is stored
	// without its 12-byte chunk header.
	headerless bool
	// zfp is the stream header of a compressed .raiiaf LATN chunk, read
	// when the file is opened; nil for every other chunk.
	zfp *zfp.Header
}

// Headerless reports whether the chunk is stored in 0.1.0a0's uncompressed
// layout, the payload without its chunk header.
func (c *Chunk) Headerless() bool { return c.headerless }

func (c *Chunk) fail(format string, args ...any) error {
	return c.r.fail(c.Index, c.Type, format, args...)
}

// OpenRaw returns the chunk's bytes as stored in the file, compressed or not.
// A rewrite copies these unchanged.
func (c *Chunk) OpenRaw() io.Reader {
	return io.NewSectionReader(c.r.r, c.Offset, c.CompressedSize)
}

// Stored reads the chunk's bytes as stored in the file. For a file read
// with ReadBytes they are a slice of its data, which must not be modified.
func (c *Chunk) Stored() ([]byte, error) {
	if c.r.data != nil {
		return c.r.data[c.Offset : c.Offset+c.CompressedSize], nil
	}
	b := make([]byte, c.CompressedSize)
	if _, err := c.r.r.ReadAt(b, c.Offset); err != nil {
		return nil, c.fail("reading %d bytes at %d: %v", c.CompressedSize, c.Offset, err)
	}
	return b, nil
}

// Payload reads, decompresses and returns the chunk's payload (without its
// chunk header). It does not check the hash; Verify does.
func (c *Chunk) Payload() ([]byte, error) {
	stored, err := c.Stored()
	if err != nil {
		return nil, err
	}
	if c.headerless {
		return stored, nil
	}
	if c.zfp != nil {
		return c.zfpPayload(stored)
	}
	body := stored
	if c.Compressed {
		body, err = decompressBody(stored, c.UncompressedSize+chunkHeaderSize, c.r.maxChunkSize+chunkHeaderSize)
		if err != nil {
			return nil, c.fail("%v", err)
		}
	}
	typ, flags, payload, err := splitBody(body)
	if err != nil {
		return nil, c.fail("%v", err)
	}
	if err := c.checkChunkHeader(typ, flags); err != nil {
		return nil, err
	}
	if int64(len(payload)) != c.UncompressedSize {
		return nil, c.fail("payload is %d bytes, the record says %d", len(payload), c.UncompressedSize)
	}
	return payload, nil
}

// recordFlags gives the flags as the chunk header holds them, for
// comparison: NUL padding is dropped on both sides.
func recordFlags(f string) string { return string(bytes.TrimRight([]byte(f), "\x00")) }

// Verify reads the payload and checks its SHA-256 against the record. It
// returns a *HashError on a mismatch and a *FormatError when the payload
// cannot be read at all.
func (c *Chunk) Verify() error {
	cc := c.Check(CheckOptions{})
	return cc.Err
}

// VerifyPayload checks a payload already read with Payload against the
// record's SHA-256, for callers that need the payload anyway.
func (c *Chunk) VerifyPayload(p []byte) error {
	sum := sha256.Sum256(p)
	got := hex.EncodeToString(sum[:])
	if got != c.Hash && !c.Lossy() {
		return &HashError{File: c.r.Name, Chunk: c.Index, Type: c.Type, Want: c.Hash, Got: got}
	}
	return nil
}

// decoder is shared: zstd decoders are costly to make and DecodeAll is safe
// for concurrent use.
var decoder = sync.OnceValue(func() *zstd.Decoder {
	d, err := zstd.NewReader(nil,
		zstd.WithDecoderConcurrency(0),
		zstd.WithDecoderMaxMemory(DefaultMaxChunkSize+chunkHeaderSize))
	if err != nil {
		panic(err) // only on invalid options, which are constants here
	}
	return d
})

// decompressBody inflates one zstd frame holding a chunk body. want is the
// body size the record implies (-1 when unknown, as for the metadata chunk,
// whose size only the frame says). The frame's declared content size is
// checked against want and limit before anything is inflated, so a frame
// that claims more than the record (a decompression bomb) costs nothing.
func decompressBody(src []byte, want, limit int64) ([]byte, error) {
	var fh zstd.Header
	if err := fh.Decode(src); err != nil {
		return nil, fmt.Errorf("not a zstd frame: %v", err)
	}
	if fh.HasFCS {
		n := int64(fh.FrameContentSize)
		if want >= 0 && n != want {
			return nil, fmt.Errorf("zstd frame declares %d bytes, the record implies %d", n, want)
		}
		if n > limit {
			return nil, fmt.Errorf("zstd frame declares %d bytes, over the limit of %d", n, limit)
		}
		out, err := decoder().DecodeAll(src, make([]byte, 0, n))
		if err != nil {
			return nil, fmt.Errorf("zstd: %v", err)
		}
		if int64(len(out)) != n {
			return nil, fmt.Errorf("zstd frame inflated to %d bytes, not the %d it declares", len(out), n)
		}
		return out, nil
	}
	// The reference always writes the content size; a frame without it is
	// inflated through a stream that stops one byte past the bound.
	bound := limit
	if want >= 0 {
		bound = want
	}
	zr, err := zstd.NewReader(bytes.NewReader(src), zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(uint64(limit)+1))
	if err != nil {
		return nil, fmt.Errorf("zstd: %v", err)
	}
	defer zr.Close()
	var out bytes.Buffer
	n, err := io.Copy(&out, io.LimitReader(zr, bound+1))
	if err != nil {
		return nil, fmt.Errorf("zstd: %v", err)
	}
	if n > bound {
		return nil, fmt.Errorf("zstd frame inflates past %d bytes", bound)
	}
	return out.Bytes(), nil
}

// errNotLatent is returned when a latent accessor is used on another chunk.
var errNotLatent = errors.New("not a LATN chunk")
