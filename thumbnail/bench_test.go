package thumbnail

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/klauspost/compress/flate"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/internal/cputime"
	"github.com/gen5viewer/gen5view/internal/fixtures"
	"github.com/gen5viewer/gen5view/internal/pngfilter"
)

// BenchmarkFile is the in-process work of `gen5view thumbnail -s SIZE` on
// the Flux fixture, a 1024×1024 RGBA PNG: open, read the DATA chunk,
// decode, scale. Compare it with BenchmarkDecodeFloor (image/png's decode
// alone) and BenchmarkInflateFloor (the inflating alone). The work is two
// stages of about equal CPU on two goroutines: the inflater, which costs
// what BenchmarkInflateFloor does, and the rest (the Adler-32, undoing the
// filters, see BenchmarkUnfilter, and averaging). On two idle cores ns/op
// is therefore near BenchmarkInflateFloor's; cpu-ms/op is the sum of both.
func BenchmarkFile(b *testing.B) {
	path := fixtures.Path(b, "a0_flux_f32.gen5")
	for _, size := range []int{128, 256, 512} {
		b.Run(fmt.Sprint(size), func(b *testing.B) {
			b.ReportAllocs()
			c0 := cputime.Used()
			for i := 0; i < b.N; i++ {
				if _, err := File(path, size); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, c0)
		})
	}
}

// BenchmarkDecodeFloor decodes the Flux fixture's picture and nothing else.
func BenchmarkDecodeFloor(b *testing.B) {
	p := fluxPicture(b)
	b.ReportAllocs()
	c0 := cputime.Used()
	for i := 0; i < b.N; i++ {
		if _, _, err := codec.DecodeImage(p, codec.DefaultMaxPixels); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, c0)
}

// BenchmarkInflateFloor inflates the Flux fixture's PNG image data and
// does nothing with it, not even its Adler-32: the part of any decode of
// this file that can be neither skipped nor shared between cores (each
// deflate symbol depends on the ones before it, and each PNG row on the
// row before it). On two cores BenchmarkFile's ns/op comes close to this.
func BenchmarkInflateFloor(b *testing.B) {
	idat := imageData(b, fluxPicture(b))
	b.ReportAllocs()
	c0 := cputime.Used()
	for i := 0; i < b.N; i++ {
		fr := flate.NewReader(bytes.NewReader(idat[2:])) // after the zlib header
		if _, err := io.Copy(io.Discard, fr); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, c0)
}

// fluxPicture is the Flux fixture's encoded picture, a 1024×1024 RGBA PNG.
func fluxPicture(b *testing.B) []byte {
	rd, err := codec.LoadFile(fixtures.Path(b, "a0_flux_f32.gen5"))
	if err != nil {
		b.Fatal(err)
	}
	p, err := rd.Image().Payload()
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// imageData joins a PNG's IDAT chunks: its zlib stream.
func imageData(b *testing.B, png []byte) []byte {
	var idat []byte
	for p := png[8:]; len(p) >= 12; {
		n := binary.BigEndian.Uint32(p)
		if string(p[4:8]) == "IDAT" {
			idat = append(idat, p[8:8+n]...)
		}
		p = p[12+n:]
	}
	if len(idat) == 0 {
		b.Fatal("the fixture's picture has no IDAT chunk")
	}
	return idat
}

// reportCPU adds the process's CPU time per operation since c0: on a
// shared machine it tells this benchmark's work from the others', and with
// a pipeline across cores it is the work done, where ns/op is the wait.
func reportCPU(b *testing.B, c0 time.Duration) {
	b.ReportMetric(float64((cputime.Used()-c0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// BenchmarkUnfilter undoes the PNG filters of the Flux fixture's rows, as
// inflated (most are Paeth, the costliest): the largest part of the work
// beside the inflater's.
func BenchmarkUnfilter(b *testing.B) {
	raw, err := io.ReadAll(flate.NewReader(bytes.NewReader(imageData(b, fluxPicture(b))[2:])))
	if err != nil {
		b.Fatal(err)
	}
	const w, h, bpp = 1024, 1024, 4
	rowLen := 1 + w*bpp
	if len(raw) != h*rowLen {
		b.Fatalf("the fixture's picture is not %d×%d RGBA", w, h)
	}
	rows := make([]byte, len(raw))
	b.SetBytes(int64(len(raw)))
	c0 := cputime.Used()
	for i := 0; i < b.N; i++ {
		copy(rows, raw)
		prev := make([]byte, w*bpp)
		for y := 0; y < h; y++ {
			row := rows[y*rowLen : (y+1)*rowLen]
			if err := pngfilter.Undo(row[0], row[1:], prev, bpp); err != nil {
				b.Fatal(err)
			}
			prev = row[1:]
		}
	}
	reportCPU(b, c0)
}
