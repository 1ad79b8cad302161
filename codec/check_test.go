package codec

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"image"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// noisePNG encodes a w×h picture of random pixels, which PNG cannot
// compress: its payload is as large as its pixels.
func noisePNG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(1, 2))
	for i := range img.Pix {
		img.Pix[i] = byte(r.Uint32())
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// noiseTensor is a float32 tensor of random normal values, with a NaN and
// an infinity at the given places when they are not negative.
func noiseTensor(t testing.TB, shape []int, nan, inf int) *Tensor {
	t.Helper()
	n := 1
	for _, d := range shape {
		n *= d
	}
	r := rand.New(rand.NewPCG(3, 4))
	vals := make([]float32, n)
	for i := range vals {
		vals[i] = float32(r.NormFloat64())
	}
	if nan >= 0 {
		vals[nan] = float32(math.NaN())
	}
	if inf >= 0 {
		vals[inf] = float32(math.Inf(-1))
	}
	tn, err := TensorFromFloat32(shape, vals, Float32)
	if err != nil {
		t.Fatal(err)
	}
	return tn
}

// bigFile writes a file whose latent and image are stored in more than
// streamFrom bytes each, so Check streams them from the file.
func bigFile(t testing.TB, lat *Tensor, img []byte, compress bool) string {
	t.Helper()
	var buf bytes.Buffer
	m := NewManifest()
	m.SetModelInfo("model_name", "test")
	m.SetModelInfo("version", "1")
	m.SetModelInfo("date", "2026-11-29T00:00:00+00:00")
	m.SetPrompt("big")
	if err := m.SetTags([]string{}); err != nil {
		t.Fatal(err)
	}
	c := Contents{Manifest: m, Latents: []NewLatent{{Key: "initial_noise", Tensor: lat}}, Image: img, Compress: compress}
	if err := Write(&buf, c); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "big.gen5")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Check streams large chunks from the file; what it finds must be what
// reading each payload whole finds: the same digest, elements, NaN/Inf
// count and picture, with every element handed to LatentValues in order.
func TestCheckStreamsWhatPayloadReads(t *testing.T) {
	lat := noiseTensor(t, []int{1, 4, 384, 384}, 1000, 500_000)
	img := noisePNG(t, 640, 640)
	for _, compress := range []bool{true, false} {
		f, err := OpenFile(bigFile(t, lat, img, compress))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		for _, c := range f.Chunks {
			if c.CompressedSize < streamFrom {
				t.Fatalf("chunk %d is stored in %d bytes, too few to be streamed", c.Index, c.CompressedSize)
			}
			// The reference's reader needs the content size in every frame.
			stored, _ := c.Stored()
			var fh zstd.Header
			if compress && (fh.Decode(stored) != nil || !fh.HasFCS || int64(fh.FrameContentSize) != c.UncompressedSize+chunkHeaderSize) {
				t.Errorf("chunk %d: frame header %+v does not record the body's size", c.Index, fh)
			}
		}
		var seen []float32
		checks := f.Check(CheckOptions{KeepLatents: true, DecodeImage: true, KeepImage: true,
			LatentValues: func(_ *Chunk, block []float32) { seen = append(seen, block...) }})
		for i, cc := range checks {
			c := f.Chunks[i]
			p, err := c.Payload()
			if err != nil {
				t.Fatal(err)
			}
			if cc.Err != nil || cc.SHA256 != sha256.Sum256(p) {
				t.Errorf("compress=%v chunk %d: err %v, digest %x", compress, i, cc.Err, cc.SHA256)
			}
			switch c.Type {
			case TypeLatent:
				if cc.Latent == nil || !bytes.Equal(cc.Latent.Raw, lat.Raw) || !slices.Equal(cc.Latent.Shape, lat.Shape) {
					t.Errorf("compress=%v: latent differs from the one written", compress)
				}
				if cc.NonFinite != 2 {
					t.Errorf("compress=%v: %d non-finite values, want 2", compress, cc.NonFinite)
				}
				want := lat.Float32()
				if len(seen) != len(want) || math.Float32bits(seen[1000]) != math.Float32bits(want[1000]) || !slices.Equal(seen[:999], want[:999]) || !slices.Equal(seen[1001:], want[1001:]) {
					t.Errorf("compress=%v: LatentValues saw %d values, not the %d elements in order", compress, len(seen), len(want))
				}
			case TypeData:
				if cc.Picture == nil || cc.Picture.Bounds().Dx() != 640 || cc.Image.Format != "png" || !bytes.Equal(cc.Payload, img) {
					t.Errorf("compress=%v: image %v %+v, %v", compress, cc.Picture != nil, cc.Image, cc.ImageErr)
				}
			}
		}
		// The picture decoded straight from the file.
		if pic, info, err := f.Image().DecodeImage(DefaultMaxPixels); err != nil || pic.Bounds().Dx() != 640 || info.Format != "png" {
			t.Errorf("compress=%v: Chunk.DecodeImage: %v, %+v", compress, err, info)
		}
		if _, _, err := f.Image().DecodeImage(640*640 - 1); err == nil {
			t.Errorf("compress=%v: Chunk.DecodeImage decoded a picture over its pixel limit", compress)
		}
		// Checking the picture decodes, without its pixels.
		for _, cc := range f.Check(CheckOptions{ValidateImage: true}) {
			if cc.Chunk.Type == TypeData && (cc.Picture != nil || cc.ImageErr != nil || cc.Image.Width != 640) {
				t.Errorf("compress=%v: validated: picture %v, %+v, err %v", compress, cc.Picture != nil, cc.Image, cc.ImageErr)
			}
		}
		// Streaming the picture into its decoder, without keeping it.
		for _, cc := range f.Check(CheckOptions{DecodeImage: true}) {
			if cc.Chunk.Type == TypeData && (cc.Picture == nil || cc.Payload != nil || cc.Err != nil) {
				t.Errorf("compress=%v: streamed decode: picture %v, err %v", compress, cc.Picture != nil, cc.Err)
			}
			if cc.Chunk.Type == TypeLatent && (cc.Latent == nil || cc.Latent.Raw != nil) {
				t.Errorf("compress=%v: a latent not asked to be kept was kept", compress)
			}
		}
	}
}

// Damage found while streaming is told apart as reading does: a changed
// payload byte is a hash mismatch that still yields the tensor; a changed
// chunk header or a broken frame is a *FormatError; nothing panics.
func TestCheckStreamedDamage(t *testing.T) {
	lat := noiseTensor(t, []int{1, 4, 384, 384}, -1, -1)
	for _, tc := range []struct {
		name     string
		compress bool
		at       func(c *Chunk) int64 // offset of the byte to change
		hash     bool                 // a *HashError, not a *FormatError
	}{
		{"payload byte", false, func(c *Chunk) int64 { return c.Offset + c.CompressedSize/2 }, true},
		{"chunk header type", false, func(c *Chunk) int64 { return c.Offset }, false},
		{"frame content size", true, fcsOffset, false},
		{"frame block header", true, func(c *Chunk) int64 { return c.Offset + 7 }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := bigFile(t, lat, nil, tc.compress)
			f, err := OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			at := tc.at(f.Chunks[0])
			f.Close()
			data, _ := os.ReadFile(path)
			data[at] ^= 0x5a
			os.WriteFile(path, data, 0o644)
			f, err = OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			cc := f.Chunks[0].Check(CheckOptions{KeepLatents: true})
			var he *HashError
			var fe *FormatError
			switch {
			case tc.hash && (!errors.As(cc.Err, &he) || !cc.Readable() || cc.Latent == nil):
				t.Errorf("err %v, latent %v: want a hash mismatch with the tensor", cc.Err, cc.Latent != nil)
			case !tc.hash && (!errors.As(cc.Err, &fe) || cc.Readable() || fe.Chunk != 0):
				t.Errorf("err %T %v: want a *FormatError naming chunk 0", cc.Err, cc.Err)
			}
			if (f.Verify() == nil) != (cc.Err == nil) {
				t.Errorf("Verify disagrees with Check")
			}
		})
	}
}

// A pass that keeps nothing holds a few blocks, not the payload: on a
// 16 MiB latent it allocates a fraction of that.
func TestCheckMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 16 MiB latent")
	}
	shape := []int{1, 16, 256, 1024}
	lat := noiseTensor(t, shape, -1, -1)
	// Few distinct values compress, so the file stays small, yet is
	// stored in more than streamFrom bytes.
	for i := 0; i < len(lat.Raw); i += 4 {
		lat.Raw[i], lat.Raw[i+1] = 0, 0
	}
	f, err := OpenFile(bigFile(t, lat, nil, true))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// A collection empties sync.Pool, and the decoder it holds would then be
	// counted again: with collection off, the figure is the pass's own.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	f.Check(CheckOptions{}) // warm the decoder pool
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	checks := f.Check(CheckOptions{})
	runtime.ReadMemStats(&after)
	if checks[0].Err != nil {
		t.Fatal(checks[0].Err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > uint64(len(lat.Raw))/4 {
		t.Errorf("checking a %d-byte latent allocated %d bytes", len(lat.Raw), got)
	}
}

// A picture whose chunks and checksums are sound but whose rows are not
// fails the image check, and only it: the chunk itself reads and hashes.
func TestCheckValidateImageRefusesBadRows(t *testing.T) {
	bad := makePNG(3, 2, []byte{0, 1, 2, 3, 7, 4, 5, 6})
	f, err := OpenFile(bigFile(t, noiseTensor(t, []int{1, 4, 8, 8}, -1, -1), bad, true))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, cc := range f.Check(CheckOptions{ValidateImage: true}) {
		if cc.Err != nil {
			t.Errorf("chunk %d: %v", cc.Chunk.Index, cc.Err)
		}
		if cc.Chunk.Type == TypeData && (cc.ImageErr == nil || !strings.Contains(cc.ImageErr.Error(), "filter")) {
			t.Errorf("image error %v, want the bad filter type", cc.ImageErr)
		}
	}
}

// fcsOffset is where a compressed chunk's zstd frame header holds the
// frame content size: after the magic, the descriptor, the window
// descriptor (absent in a single-segment frame) and the dictionary ID.
func fcsOffset(c *Chunk) int64 {
	var fhd [1]byte
	if _, err := c.r.r.ReadAt(fhd[:], c.Offset+4); err != nil {
		panic(err)
	}
	at := c.Offset + 5 + int64([]int{0, 1, 2, 4}[fhd[0]&3])
	if fhd[0]&0x20 == 0 {
		at++ // window descriptor
	}
	return at
}
