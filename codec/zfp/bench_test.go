package zfp_test

import (
	"crypto/sha256"
	"encoding/binary"
	"math"
	"testing"

	"github.com/gen5viewer/gen5view/codec/zfp"
	"github.com/klauspost/compress/zstd"
)

// fluxStream is the Flux-size reversible fixture: 1×16×128×128 float32,
// 4096 blocks, a 3.9 MB stream.
func fluxStream(b *testing.B) fixtureStream {
	for _, fs := range fixtureStreams(b) {
		if len(fs.shape) == 4 && fs.shape[1] == 16 && fs.shape[2] == 128 && !fs.lossy {
			return fs
		}
	}
	b.Fatal("no Flux-size reversible fixture")
	return fixtureStream{}
}

// BenchmarkDecodeFlux decodes the Flux-size stream; bytes/s counts the
// decoded array (1 MiB), as BenchmarkDecodeFluxFloor does.
func BenchmarkDecodeFlux(b *testing.B) {
	fs := fluxStream(b)
	b.SetBytes(int64(len(fs.want)))
	b.ResetTimer()
	for range b.N {
		if _, err := zfp.DecodeFloat32(fs.stream, fs.shape); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeFluxFloor is the floor a container reader pays for the same
// array stored the .gen5 way: inflate a zstd frame of its 1 MiB and hash it.
func BenchmarkDecodeFluxFloor(b *testing.B) {
	fs := fluxStream(b)
	enc, _ := zstd.NewWriter(nil)
	frame := enc.EncodeAll(fs.want, nil)
	dec, _ := zstd.NewReader(nil, zstd.WithDecoderConcurrency(0))
	b.SetBytes(int64(len(fs.want)))
	b.ResetTimer()
	for range b.N {
		out, err := dec.DecodeAll(frame, nil)
		if err != nil {
			b.Fatal(err)
		}
		sha256.Sum256(out)
	}
}

// BenchmarkDecodeFluxFloorStream hashes the 3.9 MB zfp stream itself: the
// least a reader does that looks at every stored byte once.
func BenchmarkDecodeFluxFloorStream(b *testing.B) {
	fs := fluxStream(b)
	b.SetBytes(int64(len(fs.want)))
	b.ResetTimer()
	for range b.N {
		sha256.Sum256(fs.stream)
	}
}

// BenchmarkEncodeFlux writes the Flux-size array as a reversible stream.
func BenchmarkEncodeFlux(b *testing.B) {
	fs := fluxStream(b)
	vals := make([]float32, len(fs.want)/4)
	for i := range vals {
		vals[i] = math.Float32frombits(binary.LittleEndian.Uint32(fs.want[4*i:]))
	}
	b.SetBytes(int64(len(fs.want)))
	b.ResetTimer()
	for range b.N {
		if _, err := zfp.EncodeFloat32(vals, fs.shape); err != nil {
			b.Fatal(err)
		}
	}
}
