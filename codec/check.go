package codec

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"image"
	"io"
	"math"
	"runtime"
	"sync"
)

// CheckOptions chooses what Check keeps of each chunk besides its verdict.
// The zero value keeps nothing: every payload is streamed through SHA-256
// and the per-type checks and dropped.
type CheckOptions struct {
	// KeepLatents keeps each LATN chunk's elements (Latent.Raw); without
	// it only the tensor's layout is kept.
	KeepLatents bool
	// LatentValues, when set, is given each LATN chunk's elements widened
	// to float32, a block at a time and in order, e.g. to gather
	// statistics without holding the tensor. Chunks are checked
	// concurrently, so it is called from several goroutines at once, each
	// with its own chunk.
	LatentValues func(c *Chunk, block []float32)
	// DecodeImage decodes the DATA chunk's pixels (refusing more than
	// DefaultMaxPixels); without it only the image's header is read.
	DecodeImage bool
	// ValidateImage checks that the DATA chunk's image decodes, as
	// ValidateImage does, without keeping its pixels: verify's check, in a
	// few rows of memory for a PNG.
	ValidateImage bool
	// KeepImage keeps the DATA chunk's encoded payload in Payload.
	KeepImage bool
}

// ChunkCheck is what one pass over a chunk found.
type ChunkCheck struct {
	Chunk *Chunk
	// Err is nil when the payload was read and matches the record's
	// SHA-256; a *HashError when it was read and does not match (the rest
	// is then filled in as for a good chunk); any other error, a
	// *FormatError, when the payload could not be read, and then nothing
	// below is known.
	Err error
	// SHA256 is the digest of the payload as read.
	SHA256 [sha256.Size]byte

	// Latent is a LATN chunk's tensor: its layout, and its elements with
	// KeepLatents.
	Latent *Latent
	// NonFinite counts a LATN chunk's NaN and infinite elements (0.1.0's
	// reader refuses a tensor that has any).
	NonFinite int

	// Image is a DATA chunk's format and size, read from its header.
	Image ImageInfo
	// Picture is the decoded DATA chunk, with DecodeImage.
	Picture image.Image
	// ImageErr says why Image is unknown, or Picture missing when asked
	// for: the payload is not an image this reader decodes.
	ImageErr error

	// Payload is an ENVC chunk's payload, and a DATA chunk's with KeepImage.
	Payload []byte
}

// Readable reports whether the payload was read, whatever its hash.
func (cc *ChunkCheck) Readable() bool {
	var he *HashError
	return cc.Err == nil || errors.As(cc.Err, &he)
}

// Digest returns the SHA-256 of the payload as read, in hex.
func (cc *ChunkCheck) Digest() string { return hex.EncodeToString(cc.SHA256[:]) }

// Check reads every chunk once and returns, in chunk order, what each
// holds: the payload checked against its record, its SHA-256 verdict, and
// the decoded latent or image as opts asks. It is the one pass that info,
// verify and the window all make.
//
// Each payload is inflated from the file at its offset and streamed through
// SHA-256 and the per-type checks a block at a time, so a pass needs a few
// MiB per chunk being checked, plus what opts keeps and what an image
// decoder needs, whatever the file's size. Chunks are checked on all
// cores, at most GOMAXPROCS at a time.
func (rd *Reader) Check(opts CheckOptions) []ChunkCheck {
	return CheckChunks(rd.Chunks, opts)
}

// CheckChunks checks the given chunks as Reader.Check checks all of them,
// returning what it found in the same order. The window checks every chunk
// but the picture this way, so that the rest of a large file shows while
// the picture is checked as it is decoded (Chunk.Check with DecodeImage).
func CheckChunks(chunks []*Chunk, opts CheckOptions) []ChunkCheck {
	out := make([]ChunkCheck, len(chunks))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, c := range chunks {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			out[i] = c.Check(opts)
		}()
	}
	wg.Wait()
	return out
}

// Check reads the chunk's payload once and checks it; see Reader.Check.
func (c *Chunk) Check(opts CheckOptions) ChunkCheck {
	cc := ChunkCheck{Chunk: c}
	src, done, err := c.openPayload()
	if err != nil {
		cc.Err = err
		return cc
	}
	defer done()
	h := sha256.New()
	r := io.TeeReader(src, h)
	switch c.Type {
	case TypeLatent:
		err = cc.readLatent(r, opts)
	case TypeData:
		err = cc.readImage(r, opts)
	case TypeEnv:
		// An environment over the JSON bound is only hashed, not kept:
		// ChunkProblems names it.
		if c.UncompressedSize <= MaxJSONSize {
			cc.Payload = make([]byte, c.UncompressedSize)
			_, err = io.ReadFull(r, cc.Payload)
		}
	}
	if err == nil {
		// Whatever a decoder left unread still counts for the hash, and
		// the payload must end where the record says.
		_, err = io.Copy(io.Discard, r)
	}
	if err != nil {
		return ChunkCheck{Chunk: c, Err: readError(c, err)}
	}
	cc.Err = c.hashVerdict(h, &cc.SHA256)
	return cc
}

// hashVerdict compares the digest with the record's. A lossy .raiiaf zfp
// stream cannot give back the values its hash was taken of, so it is not
// held against it.
func (c *Chunk) hashVerdict(h hash.Hash, sum *[sha256.Size]byte) error {
	h.Sum(sum[:0])
	got := hex.EncodeToString(sum[:])
	if got != c.Hash && !c.Lossy() {
		return &HashError{File: c.r.Name, Chunk: c.Index, Type: c.Type, Want: c.Hash, Got: got}
	}
	return nil
}

// readError makes any failure while streaming a payload a *FormatError
// naming the chunk; the stream's own errors already are.
func readError(c *Chunk, err error) error {
	var fe *FormatError
	if errors.As(err, &fe) {
		return err
	}
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return c.fail("payload is shorter than the %d bytes the record gives", c.UncompressedSize)
	}
	return c.fail("%v", err)
}

// latentBlock is how many bytes of a latent are widened at a time: 256 KiB
// of elements, 64 Ki float32 values.
const latentBlock = 256 << 10

// readLatent streams a LATN payload, counting non-finite values and handing
// the widened elements to opts.LatentValues, keeping them when asked.
func (cc *ChunkCheck) readLatent(r io.Reader, opts CheckOptions) error {
	l, err := cc.Chunk.latentLayout()
	if err != nil {
		return cc.Chunk.fail("%v", err)
	}
	size := cc.Chunk.UncompressedSize
	var raw, buf []byte
	if opts.KeepLatents {
		raw = make([]byte, size)
		if _, err := io.ReadFull(r, raw); err != nil {
			return err
		}
	} else {
		buf = make([]byte, min(size, latentBlock))
	}
	vals := make([]float32, min(size, latentBlock)/int64(l.DType.Size()))
	for from := int64(0); from < size; {
		n := min(size-from, latentBlock)
		var block []byte
		if raw != nil {
			block = raw[from : from+n]
		} else {
			block = buf[:n]
			if _, err := io.ReadFull(r, block); err != nil {
				return err
			}
		}
		t := Tensor{DType: l.DType, Raw: block}
		v := vals[:t.Len()]
		t.Float32Into(v, 0)
		cc.NonFinite += countNonFinite(v)
		if opts.LatentValues != nil {
			opts.LatentValues(cc.Chunk, v)
		}
		from += n
	}
	l.Raw = raw
	cc.Latent = l
	return nil
}

func countNonFinite(v []float32) int {
	n := 0
	for _, x := range v {
		if x != x || math.IsInf(float64(x), 0) {
			n++
		}
	}
	return n
}

// imageHead is how much of an image payload is looked at for its header.
// A JPEG's size may follow large EXIF or ICC segments; one whose header
// lies beyond this is read whole instead.
const imageHead = 1 << 20

// readImage reads a DATA payload's header and, when asked, decodes it as it
// streams in, or keeps it.
func (cc *ChunkCheck) readImage(r io.Reader, opts CheckOptions) error {
	size := cc.Chunk.UncompressedSize
	if opts.KeepImage {
		cc.Payload = make([]byte, size)
		if _, err := io.ReadFull(r, cc.Payload); err != nil {
			return err
		}
		cc.inspectImage(cc.Payload, opts)
		return nil
	}
	br := bufio.NewReaderSize(r, imageHead)
	head, err := br.Peek(int(min(size, imageHead)))
	if err != nil {
		return err
	}
	cc.Image, cc.ImageErr = ProbeImage(head)
	if cc.ImageErr != nil && size > imageHead {
		// The header lies further in: read the payload whole.
		p, err := io.ReadAll(br)
		if err != nil {
			return err
		}
		cc.inspectImage(p, opts)
		return nil
	}
	if cc.ImageErr != nil || !(opts.DecodeImage || opts.ValidateImage) {
		return nil
	}
	if cc.ImageErr = checkPixels(cc.Image, DefaultMaxPixels); cc.ImageErr != nil {
		return nil
	}
	if opts.DecodeImage {
		cc.Picture, cc.ImageErr = decodePixels(br, cc.Image)
	} else {
		cc.ImageErr = validatePixels(br, cc.Image)
	}
	var fe *FormatError
	if errors.As(cc.ImageErr, &fe) {
		// The stream failed under the decoder: the chunk is unreadable.
		return fe
	}
	return nil
}

// inspectImage does what opts asks with an image payload held in memory.
func (cc *ChunkCheck) inspectImage(p []byte, opts CheckOptions) {
	switch {
	case opts.DecodeImage:
		cc.Picture, cc.Image, cc.ImageErr = DecodeImage(p, DefaultMaxPixels)
	case opts.ValidateImage:
		cc.Image, cc.ImageErr = ValidateImage(p, DefaultMaxPixels)
	default:
		cc.Image, cc.ImageErr = ProbeImage(p)
	}
}
