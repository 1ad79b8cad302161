package library

import (
	"context"
	"image"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gen5viewer/gen5view/internal/cputime"
	"github.com/gen5viewer/gen5view/internal/libtest"
	index "github.com/gen5viewer/gen5view/library"
	"github.com/gen5viewer/gen5view/thumbcache"
	"github.com/gen5viewer/gen5view/thumbnail"
)

// firstScreenTarget is the time in which the window on 10,000 files with a
// warm index and thumbnail cache shows its first screen, in milliseconds.
const firstScreenTarget = 1000

// The library window on a folder of 10,000 files whose index and
// thumbnails are cached: from New to every visible cell showing its
// thumbnail (on Fyne's test driver, so without the GPU's start-up). It
// reports the time, the CPU time, the time as a fraction of the target
// (x-target ≤ 1 meets it) and the Go heap in use after the first screen.
// $GEN5_LIBRARY_BENCH_DIR keeps the folder between runs, as the library
// package's benchmarks do.
func BenchmarkFirstScreen10k(b *testing.B) {
	const n = 10_000
	dir := os.Getenv("GEN5_LIBRARY_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	if _, err := os.Stat(filepath.Join(dir, ".complete")); err != nil {
		libtest.Folder(b, dir, n, libtest.NewPayload(b, 128))
		os.WriteFile(filepath.Join(dir, ".complete"), nil, 0o644)
	}
	ix, err := index.Open(filepath.Join(b.TempDir(), index.FileName))
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Scan(context.Background(), []string{dir}, true, nil); err != nil {
		b.Fatal(err)
	}
	cache, err := thumbcache.New(b.TempDir(), "gen5view-bench")
	if err != nil {
		b.Fatal(err)
	}
	thumb := func(p string) (image.Image, error) { return thumbnail.Cached(cache, p, thumbcache.Large) }
	a := test.NewTempApp(b)
	open := func() *Window {
		w := New(a, dir, Options{Source: IndexSource{Index: ix}, Thumbnail: thumb, Open: func(string) {}, RunOnUI: onUI})
		onUI(func() { w.win.Resize(fyne.NewSize(1240, 720)) })
		return w
	}
	// shown reports whether every visible cell shows its thumbnail.
	shown := func(w *Window) bool {
		ok := false
		onUI(func() {
			bound := 0
			for _, c := range w.grid.cells {
				if c.id >= 0 && c.Visible() {
					bound++
					if c.img.Image == nil {
						return
					}
				}
			}
			ok = bound > 0
		})
		return ok
	}
	// The first window fills the thumbnail cache.
	w := open()
	for !shown(w) {
		time.Sleep(time.Millisecond)
	}
	w.wait()
	onUI(w.win.Close)

	c0 := cputime.Used()
	b.ResetTimer()
	for range b.N {
		w := open()
		for !shown(w) {
			time.Sleep(time.Millisecond)
		}
		b.StopTimer()
		w.wait()
		onUI(w.win.Close)
		b.StartTimer()
	}
	ms := float64(b.Elapsed().Microseconds()) / 1000 / float64(b.N)
	b.ReportMetric(ms, "ms/first-screen")
	b.ReportMetric(float64((cputime.Used()-c0).Microseconds())/1000/float64(b.N), "cpu-ms/first-screen")
	b.ReportMetric(ms/firstScreenTarget, "x-target")
	runtime.GC()
	var ms2 runtime.MemStats
	runtime.ReadMemStats(&ms2)
	b.ReportMetric(float64(ms2.HeapInuse)/(1<<20), "heap-MiB")
}

// batchTarget is the batch edit rate promised, in files/s.
const batchTarget = 200

// The window's batch tag edit over 1,000 files of about 100 KB, journaled
// in the index for Undo: each file opened, saved atomically (temp file,
// fsync, rename), read back and journaled. It reports files/s, files per
// CPU-second and the rate as a multiple of the target (x-target ≥ 1 meets
// it).
func BenchmarkBatchEdit1000(b *testing.B) {
	const n = 1000
	dir := b.TempDir()
	libtest.Folder(b, dir, n, libtest.NewPayload(b, 128))
	paths, _ := filepath.Glob(filepath.Join(dir, "*.gen5"))
	ix, err := index.Open(filepath.Join(b.TempDir(), index.FileName))
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	c0 := cputime.Used()
	b.ResetTimer()
	for i := range b.N {
		log, err := ix.BeginEdit(ctx, "bench")
		if err != nil {
			b.Fatal(err)
		}
		batch := tagBatch{add: []string{"round" + string(rune('a'+i%26)) + time.Now().Format("150405.000000")}, log: log}
		if changed, errs := batch.run(ctx, paths, func(int) {}); changed != n || len(errs) > 0 {
			b.Fatal(changed, errs)
		}
	}
	rate := float64(n*b.N) / b.Elapsed().Seconds()
	b.ReportMetric(rate, "files/s")
	b.ReportMetric(float64(n*b.N)/(cputime.Used()-c0).Seconds(), "files/cpu-s")
	b.ReportMetric(rate/batchTarget, "x-target")
}
