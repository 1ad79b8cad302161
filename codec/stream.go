package codec

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"io"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// streamFrom is the stored size from which a chunk's payload is streamed
// from the file instead of being read and inflated whole: below it, one
// read and one DecodeAll cost less than setting up a stream, and the
// memory is small anyway.
const streamFrom = 1 << 20

// streamBuffer is how much of the stored bytes is read from the file at a
// time while streaming.
const streamBuffer = 256 << 10

// streamDecoders are reused: a stream decoder's buffers are worth keeping
// between chunks. Each decodes on two goroutines, so inflating overlaps
// with the hashing and widening its reader does.
var streamDecoders = sync.Pool{New: func() any {
	d, err := zstd.NewReader(nil,
		zstd.WithDecoderConcurrency(2),
		zstd.WithDecoderMaxMemory(DefaultMaxChunkSize+chunkHeaderSize))
	if err != nil {
		panic(err) // only on invalid options, which are constants here
	}
	return d
}}

// openPayload returns a reader of the chunk's payload (without its chunk
// header) that yields exactly the record's uncompressed_size bytes or fails
// with a *FormatError, and a function to call when done with it. Large
// chunks are read from the file at their offset and inflated as they are
// read, so memory stays a few MiB whatever the chunk's size; small ones,
// and .raiiaf zfp streams (which decode whole), come from Payload.
func (c *Chunk) openPayload() (io.Reader, func(), error) {
	nop := func() {}
	if c.zfp != nil || c.CompressedSize < streamFrom {
		p, err := c.Payload()
		if err != nil {
			return nil, nop, err
		}
		return bytes.NewReader(p), nop, nil
	}
	sec := io.NewSectionReader(c.r.r, c.Offset, c.CompressedSize)
	if c.headerless {
		return &exactReader{c: c, r: sec, left: c.UncompressedSize}, nop, nil
	}
	var src io.Reader = bufio.NewReaderSize(sec, streamBuffer)
	done := nop
	if c.Compressed {
		head := make([]byte, min(c.CompressedSize, zstd.HeaderMaxSize))
		if _, err := c.r.r.ReadAt(head, c.Offset); err != nil {
			return nil, nop, c.fail("reading %d bytes at %d: %v", len(head), c.Offset, err)
		}
		if err := checkFrameHeader(head, c.UncompressedSize+chunkHeaderSize, c.r.maxChunkSize+chunkHeaderSize); err != nil {
			return nil, nop, c.fail("%v", err)
		}
		dec := streamDecoders.Get().(*zstd.Decoder)
		if err := dec.Reset(src); err != nil {
			streamDecoders.Put(dec)
			return nil, nop, c.fail("zstd: %v", err)
		}
		src = dec
		done = func() {
			_ = dec.Reset(nil) // drops the file; keeps the buffers
			streamDecoders.Put(dec)
		}
	}
	var hdr [chunkHeaderSize]byte
	if n, err := io.ReadFull(src, hdr[:]); err != nil {
		done()
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil, nop, c.fail("chunk of %d bytes is shorter than its %d-byte header", n, chunkHeaderSize)
		}
		return nil, nop, c.fail("%v", streamError(err))
	}
	n := int64(binary.LittleEndian.Uint32(hdr[8:]))
	if err := c.checkChunkHeader(string(hdr[:4]), string(bytes.TrimRight(hdr[4:8], "\x00"))); err != nil {
		done()
		return nil, nop, err
	}
	if n != c.UncompressedSize {
		done()
		return nil, nop, c.fail("chunk header says %d payload bytes, the record %d", n, c.UncompressedSize)
	}
	return &exactReader{c: c, r: src, left: c.UncompressedSize}, done, nil
}

// checkChunkHeader compares a stored chunk header's type and flags with the
// record's.
func (c *Chunk) checkChunkHeader(typ, flags string) error {
	if typ != c.Type {
		return c.fail("stored chunk header says %q", typ)
	}
	if want := recordFlags(c.Flags); flags != want {
		return c.fail("stored flags %q differ from the record's %q", flags, c.Flags)
	}
	return nil
}

// checkFrameHeader checks a zstd frame's declared content size against the
// body size the record implies and the limit, before anything is inflated.
func checkFrameHeader(head []byte, want, limit int64) error {
	var fh zstd.Header
	if err := fh.Decode(head); err != nil {
		return fmt.Errorf("not a zstd frame: %v", err)
	}
	if fh.HasFCS {
		n := int64(fh.FrameContentSize)
		if n != want {
			return fmt.Errorf("zstd frame declares %d bytes, the record implies %d", n, want)
		}
		if n > limit {
			return fmt.Errorf("zstd frame declares %d bytes, over the limit of %d", n, limit)
		}
	}
	return nil
}

// exactReader passes on exactly left bytes of a payload, and fails when the
// stored bytes end before that or go on after it.
type exactReader struct {
	c    *Chunk
	r    io.Reader
	left int64
	read int64
}

func (e *exactReader) Read(p []byte) (int, error) {
	if e.left == 0 {
		var one [1]byte
		if n, _ := io.ReadFull(e.r, one[:]); n > 0 {
			return 0, e.c.fail("payload goes on past the %d bytes the record gives", e.c.UncompressedSize)
		}
		return 0, io.EOF
	}
	if int64(len(p)) > e.left {
		p = p[:e.left]
	}
	n, err := e.r.Read(p)
	e.left -= int64(n)
	e.read += int64(n)
	if err == io.EOF && e.left > 0 {
		return n, e.c.fail("payload ends after %d bytes, the record says %d", e.read, e.c.UncompressedSize)
	}
	if err != nil && err != io.EOF {
		return n, e.c.fail("%v", streamError(err))
	}
	return n, nil
}

// streamError names a zstd failure as decompressBody does.
func streamError(err error) error {
	if err == io.ErrUnexpectedEOF {
		return fmt.Errorf("zstd: stored bytes end inside the frame")
	}
	return fmt.Errorf("zstd: %v", err)
}

// OpenPayload returns a reader of the chunk's payload (without its chunk
// header), inflated from the file as it is read, for writing a large
// payload out without holding it whole. The hash is not checked; Check
// does that. Close releases the decoder.
func (c *Chunk) OpenPayload() (io.ReadCloser, error) {
	r, done, err := c.openPayload()
	if err != nil {
		return nil, err
	}
	return &payloadReader{Reader: r, done: done}, nil
}

type payloadReader struct {
	io.Reader
	done func()
}

func (p *payloadReader) Close() error {
	if p.done != nil {
		p.done()
		p.done = nil
	}
	return nil
}

// DecodeImage decodes a DATA chunk's picture as its payload streams in
// from the file, so the encoded payload is never held whole, refusing one
// over maxPixels before any pixel memory is allocated. The hash is not
// checked; Check does that.
func (c *Chunk) DecodeImage(maxPixels int) (image.Image, ImageInfo, error) {
	r, done, err := c.openPayload()
	if err != nil {
		return nil, ImageInfo{}, err
	}
	defer done()
	br := bufio.NewReaderSize(r, imageHead)
	head, err := br.Peek(int(min(c.UncompressedSize, imageHead)))
	if err != nil {
		return nil, ImageInfo{}, readError(c, err)
	}
	info, err := ProbeImage(head)
	if err != nil && c.UncompressedSize > imageHead {
		// The header lies further in: decode from the payload whole.
		p, err := io.ReadAll(br)
		if err != nil {
			return nil, info, readError(c, err)
		}
		return DecodeImage(p, maxPixels)
	}
	if err != nil {
		return nil, info, err
	}
	if err := checkPixels(info, maxPixels); err != nil {
		return nil, info, err
	}
	img, err := decodePixels(br, info)
	return img, info, err
}
