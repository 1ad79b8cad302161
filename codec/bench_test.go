package codec

import (
	"crypto/sha256"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// BenchmarkOpenFlux opens the largest fixture from memory, decodes every
// chunk and checks every hash: what `gen5view verify` costs.
func BenchmarkOpenFlux(b *testing.B) {
	data := fixtureBytes(b, "a0_flux_f32.gen5")
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rd, err := ReadBytes(data)
		if err != nil {
			b.Fatal(err)
		}
		if errs := rd.Verify(); len(errs) > 0 {
			b.Fatal(errs)
		}
	}
}

// BenchmarkOpenFluxFloor does only the unavoidable work on the same bytes:
// inflate each frame with a bare zstd decoder and hash it. BenchmarkOpenFlux
// should stay close to it.
func BenchmarkOpenFluxFloor(b *testing.B) {
	data := fixtureBytes(b, "a0_flux_f32.gen5")
	rd, err := ReadBytes(data)
	if err != nil {
		b.Fatal(err)
	}
	type span struct{ off, n int64 }
	spans := []span{{int64(rd.Header.ChunkTableOffset), int64(rd.Header.ChunkTableSize)}}
	for _, c := range rd.Chunks {
		spans = append(spans, span{c.Offset, c.CompressedSize})
	}
	dec, _ := zstd.NewReader(nil, zstd.WithDecoderConcurrency(0))
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, s := range spans {
			out, err := dec.DecodeAll(data[s.off:s.off+s.n], nil)
			if err != nil {
				b.Fatal(err)
			}
			sha256.Sum256(out[12:])
		}
	}
}
