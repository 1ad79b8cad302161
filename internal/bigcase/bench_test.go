package bigcase_test

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/internal/bigcase"
	"github.com/gen5viewer/gen5view/internal/cli"
)

// The benchmarks at scale: files of a 4096² and an 8192² PNG picture, the
// latter with a video latent (1×16×21×90×160), made once per run in a
// temporary folder. Each reports the peak heap of one run as
// peak-heap-MiB. BenchmarkFloor is the bare zstd decoder and SHA-256 over
// the same stored bytes, the floor info and verify are compared with.
//
//	go test -run '^$' -bench . -benchtime 3x ./internal/bigcase

var dir string

func TestMain(m *testing.M) {
	var err error
	if dir, err = os.MkdirTemp("", "gen5-bigcase-"); err != nil {
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// bigCase is one large input: a .gen5 file and the picture and noise it
// was made from, for create.
type bigCase struct {
	name         string
	file         string
	picture      string
	noise        string
	storedChunks [][2]int64 // offset and size of each chunk, for the floor
}

var cases = sync.OnceValue(func() []*bigCase {
	var out []*bigCase
	for _, c := range []struct {
		name   string
		side   int
		latent *codec.Tensor
	}{
		{"png4k", 4096, bigcase.Latent(1, 4, 512, 512)},
		{"png8k_video", 8192, bigcase.VideoLatent()},
	} {
		bc := &bigCase{name: c.name}
		pic := bigcase.PNG(c.side, c.side)
		bc.picture = filepath.Join(dir, c.name+".png")
		bc.noise = filepath.Join(dir, c.name+".npy")
		bc.file = filepath.Join(dir, c.name+".gen5")
		must(os.WriteFile(bc.picture, pic, 0o644))
		f, err := os.Create(bc.noise)
		must(err)
		must(codec.WriteNPY(f, c.latent))
		must(f.Close())
		must(run("create", "--image", bc.picture, "--noise", bc.noise, "--out", bc.file, "--seed", "1", "--steps", "20"))
		rd, err := codec.OpenFile(bc.file)
		must(err)
		for _, ch := range rd.Chunks {
			bc.storedChunks = append(bc.storedChunks, [2]int64{ch.Offset, ch.CompressedSize})
		}
		rd.Close()
		out = append(out, bc)
	}
	return out
})

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// peakHeap runs f while sampling the live heap, and returns the most it
// held above what it held before.
func peakHeap(f func()) float64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	base := read()
	var peak uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(200 * time.Microsecond)
		defer t.Stop()
		for {
			if v := read(); v > peak {
				peak = v
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	f()
	close(stop)
	<-done
	if v := read(); v > peak {
		peak = v
	}
	if peak < base {
		return 0
	}
	return float64(peak-base) / (1 << 20)
}

// each runs a benchmark per case, reporting the peak heap of its runs.
func each(b *testing.B, run func(b *testing.B, c *bigCase)) {
	for _, c := range cases() {
		b.Run(c.name, func(b *testing.B) {
			var peak float64
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				peak = max(peak, peakHeap(func() { run(b, c) }))
			}
			b.ReportMetric(peak, "peak-heap-MiB")
		})
	}
}

func command(b *testing.B, args ...string) {
	if err := run(args...); err != nil {
		b.Fatal(err)
	}
}

// run runs a gen5 command, its output discarded, and returns its error.
func run(args ...string) error {
	var stderr bytes.Buffer
	if code := cli.Run(args, io.Discard, &stderr); code != 0 {
		return fmt.Errorf("%v: exit %d: %s", args, code, stderr.String())
	}
	return nil
}

// BenchmarkOpen is the window's load without the picture: open, check every
// chunk, keep the latents.
func BenchmarkOpen(b *testing.B) {
	each(b, func(b *testing.B, c *bigCase) {
		f, err := codec.OpenFile(c.file)
		if err != nil {
			b.Fatal(err)
		}
		for _, cc := range f.Check(codec.CheckOptions{KeepLatents: true}) {
			if cc.Err != nil {
				b.Fatal(cc.Err)
			}
		}
		f.Close()
	})
}

// BenchmarkOpenPicture is the window's picture: decoded as it streams from
// the file (the decode itself, before it is scaled for display).
func BenchmarkOpenPicture(b *testing.B) {
	each(b, func(b *testing.B, c *bigCase) {
		f, err := codec.OpenFile(c.file)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := f.Image().DecodeImage(codec.DefaultMaxPixels); err != nil {
			b.Fatal(err)
		}
		f.Close()
	})
}

func BenchmarkInfo(b *testing.B) {
	each(b, func(b *testing.B, c *bigCase) { command(b, "info", "--json", c.file) })
}

func BenchmarkVerify(b *testing.B) {
	each(b, func(b *testing.B, c *bigCase) { command(b, "verify", c.file) })
}

func BenchmarkEdit(b *testing.B) {
	each(b, func(b *testing.B, c *bigCase) {
		command(b, "edit", c.file, "--add-tag", "benchmarked", "--out", filepath.Join(dir, "edited.gen5"))
	})
}

func BenchmarkCreate(b *testing.B) {
	each(b, func(b *testing.B, c *bigCase) {
		command(b, "create", "--force", "--image", c.picture, "--noise", c.noise, "--out", filepath.Join(dir, "created.gen5"), "--seed", "1", "--steps", "20")
	})
}

// BenchmarkFloor inflates every chunk's stored bytes with the bare zstd
// stream decoder into SHA-256, as `zstd -d | sha256sum` does: no format,
// no checks, no statistics.
func BenchmarkFloor(b *testing.B) {
	each(b, func(b *testing.B, c *bigCase) {
		f, err := os.Open(c.file)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		for _, ch := range c.storedChunks {
			d, err := zstd.NewReader(io.NewSectionReader(f, ch[0], ch[1]), zstd.WithDecoderConcurrency(1))
			if err != nil {
				b.Fatal(err)
			}
			h := sha256.New()
			if _, err := io.Copy(h, d); err != nil {
				b.Fatal(err)
			}
			d.Close()
		}
	})
}
