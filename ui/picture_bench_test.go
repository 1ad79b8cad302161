package ui

import (
	"testing"
	"time"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/internal/bigcase"
	"github.com/gen5viewer/gen5view/internal/cputime"
)

// BenchmarkFirstContent opens a large file, an 8192² PNG with a video
// latent (1×16×21×90×160 float32), made in the setup, in a window, and
// times it until the metadata and the noise heatmap are in the window
// (ns/op; first-cpu-ms is the CPU time the process used meanwhile, which
// a shared machine does not inflate). picture-ms is until the picture is
// shown too, and check-all-ms how long checking every chunk takes, which
// the window used to do before it showed anything.
//
//	go test -run '^$' -bench FirstContent -benchtime 3x ./ui
func BenchmarkFirstContent(b *testing.B) {
	path := bigcase.File(b, b.TempDir(), "big.gen5", bigcase.PNG(8192, 8192), bigcase.VideoLatent())
	b.Run("png8k_video", func(b *testing.B) {
		var picture, all, cpu time.Duration
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			f, err := codec.OpenFile(path)
			if err != nil {
				b.Fatal(err)
			}
			start := time.Now()
			f.Check(codec.CheckOptions{KeepLatents: true})
			all += time.Since(start)
			f.Close()
			v := newTestViewer(b)
			b.StartTimer()

			start, cpu0 := time.Now(), cputime.Used()
			v.Open(path)
			v.loading.Wait()
			v.noise.wait()
			b.StopTimer()
			cpu += cputime.Used() - cpu0
			v.images.wait()
			picture += time.Since(start)
			if v.doc == nil || v.images.pane.Picture() == nil {
				b.Fatal("the file or its picture is not shown")
			}
		}
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "first-cpu-ms")
		b.ReportMetric(float64(picture.Milliseconds())/float64(b.N), "picture-ms")
		b.ReportMetric(float64(all.Milliseconds())/float64(b.N), "check-all-ms")
	})
}
