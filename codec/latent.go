package codec

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// DType is the element type of a stored tensor, as the record's
// extra.dtype names it.
type DType string

// The element types a LATN chunk may hold.
const (
	Float16 DType = "float16"
	Float32 DType = "float32"
)

// Size returns the size of one element in bytes.
func (d DType) Size() int {
	if d == Float16 {
		return 2
	}
	return 4
}

// Flags returns the chunk flags that go with the type: "F16" or "F32".
func (d DType) Flags() string {
	if d == Float16 {
		return "F16"
	}
	return "F32"
}

// Latent is a decoded LATN chunk: the tensor exactly as stored, with where
// it came from.
type Latent struct {
	Index int    // the chunk's index in the chunk table
	Key   string // the tensor's name (extra.key, written by 0.1.0), or ""
	Tensor
}

// latentLayout reads shape and dtype from the record and checks them against
// each other and the payload size. Products are checked for overflow: a
// shape like [2^40, 2^40] must not wrap around to a small number.
func (c *Chunk) latentLayout() (*Latent, error) {
	l := &Latent{Index: c.Index}
	var dt string
	if v, ok := c.Extra.Get("dtype"); ok {
		dt, _ = v.(string)
	}
	switch {
	case dt == "float16" || (dt == "" && c.Flags == "F16"):
		l.DType = Float16
	case dt == "float32" || (dt == "" && c.Flags == "F32"):
		l.DType = Float32
	default:
		return nil, fmt.Errorf("unsupported dtype %q (flags %q)", dt, c.Flags)
	}
	if recordFlags(c.Flags) != l.DType.Flags() {
		return nil, fmt.Errorf("flags %q do not match dtype %s", c.Flags, l.DType)
	}
	if k, ok := c.Extra.String("key"); ok {
		l.Key = k
	}
	v, ok := c.Extra.Get("shape")
	if !ok {
		return nil, errors.New("extra has no shape")
	}
	arr, ok := v.([]any)
	if !ok {
		return nil, errors.New("extra.shape is not an array")
	}
	count, err := shapeCount(arr, &l.Shape)
	if err != nil {
		return nil, err
	}
	// elementCount caps count far below where count*size could overflow.
	if count*int64(l.DType.Size()) != c.UncompressedSize {
		return nil, fmt.Errorf("shape %v of %s needs %d bytes, the payload is %d", l.Shape, l.DType, count*int64(l.DType.Size()), c.UncompressedSize)
	}
	return l, nil
}

// shapeCount parses a shape array and returns its element count, checked
// for overflow by elementCount.
func shapeCount(arr []any, shape *[]int) (int64, error) {
	if len(arr) > 32 {
		return 0, fmt.Errorf("shape has %d dimensions", len(arr))
	}
	for _, d := range arr {
		n, ok := intValue(d)
		if !ok || n < 0 || n > math.MaxInt32 {
			return 0, fmt.Errorf("shape %v has a dimension that is not a non-negative integer", arr)
		}
		*shape = append(*shape, int(n))
	}
	return elementCount(*shape)
}

// Latent reads and decodes a LATN chunk. The hash is not checked here; a
// caller that wants it uses Verify, or LatentVerified.
func (c *Chunk) Latent() (*Latent, error) {
	if c.Type != TypeLatent {
		return nil, c.fail("%v", errNotLatent)
	}
	if _, err := c.latentLayout(); err != nil {
		return nil, c.fail("%v", err)
	}
	p, err := c.Payload()
	if err != nil {
		return nil, err
	}
	return c.LatentOf(p)
}

// LatentOf decodes a LATN chunk from its payload, already read with Payload,
// for callers that need the payload for other checks too.
func (c *Chunk) LatentOf(payload []byte) (*Latent, error) {
	if c.Type != TypeLatent {
		return nil, c.fail("%v", errNotLatent)
	}
	l, err := c.latentLayout()
	if err != nil {
		return nil, c.fail("%v", err)
	}
	if int64(len(payload)) != c.UncompressedSize {
		return nil, c.fail("payload is %d bytes, the record says %d", len(payload), c.UncompressedSize)
	}
	l.Raw = payload
	return l, nil
}

// LatentVerified reads a LATN chunk and checks its hash in the same pass. A
// hash mismatch still returns the tensor, with a *HashError.
func (c *Chunk) LatentVerified() (*Latent, error) {
	l, err := c.Latent()
	if err != nil {
		return nil, err
	}
	return l, c.VerifyPayload(l.Raw)
}

// Name returns how the latent is labelled: its key where it has one,
// otherwise "latent N".
func (l *Latent) Name() string {
	if l.Key != "" {
		return l.Key
	}
	return fmt.Sprintf("latent %d", l.Index)
}

// ShapeString formats a shape as "1×4×64×64".
func ShapeString(shape []int) string {
	parts := make([]string, len(shape))
	for i, d := range shape {
		parts[i] = fmt.Sprint(d)
	}
	return strings.Join(parts, "×")
}
