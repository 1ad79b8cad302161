package thumbnail

import (
	"fmt"
	"testing"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/internal/fixtures"
)

// BenchmarkFile is the in-process work of `gen5view thumbnail -s SIZE` on
// the Flux fixture, a 1024×1024 PNG: open, read the DATA chunk, decode,
// scale. Compare with BenchmarkDecodeFloor, the PNG decode alone, which
// no thumbnail of this file can avoid.
func BenchmarkFile(b *testing.B) {
	path := fixtures.Path(b, "a0_flux_f32.gen5")
	for _, size := range []int{128, 256, 512} {
		b.Run(fmt.Sprint(size), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := File(path, size); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDecodeFloor decodes the Flux fixture's picture and nothing else.
func BenchmarkDecodeFloor(b *testing.B) {
	rd, err := codec.LoadFile(fixtures.Path(b, "a0_flux_f32.gen5"))
	if err != nil {
		b.Fatal(err)
	}
	p, err := rd.Image().Payload()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, _, err := codec.DecodeImage(p, codec.DefaultMaxPixels); err != nil {
			b.Fatal(err)
		}
	}
}
