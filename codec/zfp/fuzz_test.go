package zfp_test

import (
	"math"
	"testing"

	"github.com/gen5viewer/gen5view/codec/zfp"
)

// FuzzDecode feeds arbitrary streams to the decoder: none may panic, hang or
// read past its end; a reversible float32 stream that decodes must survive
// re-encoding bit for bit.
func FuzzDecode(f *testing.F) {
	for _, fs := range fixtureStreams(f) {
		if len(fs.stream) < 300000 {
			f.Add(fs.stream)
		}
	}
	f.Fuzz(func(t *testing.T, stream []byte) {
		h, err := zfp.ReadHeader(stream)
		if err != nil || h.Count() > 1<<16 {
			return
		}
		shape := h.Shape()
		switch h.Type {
		case zfp.Int32:
			zfp.DecodeInt32(stream, shape)
		case zfp.Int64:
			zfp.DecodeInt64(stream, shape)
		case zfp.Float64:
			zfp.DecodeFloat64(stream, shape)
		case zfp.Float32:
			vals, err := zfp.DecodeFloat32(stream, shape)
			if err != nil || !h.Reversible() {
				return
			}
			again, err := zfp.EncodeFloat32(vals, shape)
			if err != nil {
				t.Fatalf("re-encoding: %v", err)
			}
			back, err := zfp.DecodeFloat32(again, shape)
			if err != nil {
				t.Fatalf("decoding our own stream: %v", err)
			}
			for i := range vals {
				if math.Float32bits(back[i]) != math.Float32bits(vals[i]) {
					t.Fatalf("element %d: %08x after re-encoding, %08x before", i, math.Float32bits(back[i]), math.Float32bits(vals[i]))
				}
			}
		}
	})
}
