package codec

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// probeDecoders inflate the first bytes of a chunk for ProbeImage. They
// decode on the caller's goroutine: a probe reads a few KiB, too little for
// a second goroutine to pay for itself, and an index probes many files at
// once.
var probeDecoders = sync.Pool{New: func() any {
	d, err := zstd.NewReader(nil,
		zstd.WithDecoderConcurrency(1),
		zstd.WithDecoderMaxMemory(DefaultMaxChunkSize+chunkHeaderSize))
	if err != nil {
		panic(err) // only on invalid options, which are constants here
	}
	return d
}}

// ProbeImage reads the format and size of a DATA chunk's picture from the
// first bytes of its payload, inflating no more of it than the picture's
// own header needs: what an index or a file list wants to know about the
// picture, at a fraction of the cost of DecodeImage. The hash is not
// checked; Check does that.
func (c *Chunk) ProbeImage() (ImageInfo, error) {
	if c.Type != TypeData {
		return ImageInfo{}, c.fail("not a DATA chunk")
	}
	var src io.Reader = io.NewSectionReader(c.r.r, c.Offset, c.CompressedSize)
	if c.Compressed {
		dec := probeDecoders.Get().(*zstd.Decoder)
		defer func() {
			_ = dec.Reset(nil) // drops the file; keeps the buffers
			probeDecoders.Put(dec)
		}()
		if err := dec.Reset(src); err != nil {
			return ImageInfo{}, c.fail("zstd: %v", err)
		}
		src = dec
	}
	if !c.headerless {
		var hdr [chunkHeaderSize]byte
		if _, err := io.ReadFull(src, hdr[:]); err != nil {
			return ImageInfo{}, c.fail("reading the chunk header: %v", streamError(err))
		}
		if err := c.checkChunkHeader(string(hdr[:4]), string(bytes.TrimRight(hdr[4:8], "\x00"))); err != nil {
			return ImageInfo{}, err
		}
		if n := int64(binary.LittleEndian.Uint32(hdr[8:])); n != c.UncompressedSize {
			return ImageInfo{}, c.fail("chunk header says %d payload bytes, the record %d", n, c.UncompressedSize)
		}
	}
	info, err := probeHeader(bufio.NewReaderSize(io.LimitReader(src, c.UncompressedSize), 4096))
	if err != nil {
		return ImageInfo{}, c.fail("%v", err)
	}
	return info, nil
}

// Layout returns a LATN chunk's tensor description from its record (index,
// key, shape and dtype, checked against the payload size) without reading
// the payload: Raw is nil.
func (c *Chunk) Layout() (*Latent, error) {
	if c.Type != TypeLatent {
		return nil, c.fail("%v", errNotLatent)
	}
	l, err := c.latentLayout()
	if err != nil {
		return nil, c.fail("%v", err)
	}
	return l, nil
}
