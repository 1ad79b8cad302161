package library

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/gen5viewer/gen5view/internal/cputime"
	"github.com/gen5viewer/gen5view/internal/libtest"
)

// benchFiles is the size of the benchmarks' folder: the library's targets
// are stated for 10,000 files of about 100 KB.
const benchFiles = 10_000

var benchDir struct {
	once sync.Once
	dir  string
	keep bool
}

// folder10k writes the benchmarks' folder once per run, outside the
// repository; TestMain removes it. With $GEN5_LIBRARY_BENCH_DIR set, the
// folder is written there once and kept for later runs.
func folder10k(b *testing.B) string {
	benchDir.once.Do(func() {
		if keep := os.Getenv("GEN5_LIBRARY_BENCH_DIR"); keep != "" {
			done := filepath.Join(keep, ".complete")
			if _, err := os.Stat(done); err != nil {
				os.MkdirAll(keep, 0o755)
				libtest.Folder(b, keep, benchFiles, libtest.NewPayload(b, 128))
				os.WriteFile(done, nil, 0o644)
			}
			benchDir.dir, benchDir.keep = keep, true
			return
		}
		dir, err := os.MkdirTemp("", "gen5view-library-bench-")
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		libtest.Folder(b, dir, benchFiles, libtest.NewPayload(b, 128))
		b.Logf("wrote %d files in %v", benchFiles, time.Since(start))
		benchDir.dir = dir
	})
	if benchDir.dir == "" {
		b.Fatal("no benchmark folder")
	}
	return benchDir.dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir.dir != "" && !benchDir.keep {
		os.RemoveAll(benchDir.dir)
	}
	os.Exit(code)
}

// Indexing 10,000 files into an empty index. Target: 2,000 files/s.
func BenchmarkScanEmpty10k(b *testing.B) {
	dir := folder10k(b)
	var cpu time.Duration
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		ix, err := Open(filepath.Join(b.TempDir(), FileName))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		c0 := cputime.Used()
		p, err := ix.Scan(context.Background(), []string{dir}, false, nil)
		cpu += cputime.Used() - c0
		if err != nil || p.Read != benchFiles {
			b.Fatal(p, err)
		}
		b.StopTimer()
		ix.Close()
		b.StartTimer()
	}
	rate := float64(benchFiles*b.N) / b.Elapsed().Seconds()
	b.ReportMetric(rate, "files/s")
	b.ReportMetric(float64(benchFiles*b.N)/cpu.Seconds(), "files/cpu-s")
	b.ReportMetric(rate/scanTarget, "x-target")
}

// scanTarget is the indexing rate the library promises, in files/s; the
// benchmark reports its rate as a multiple of it (x-target ≥ 1 meets it).
const scanTarget = 2000

// Opening the index and scanning the folder when nothing changed: what a
// window or `ls` pays at start. Target: under 300 ms.
func BenchmarkReopenUnchanged10k(b *testing.B) {
	dir := folder10k(b)
	path := filepath.Join(b.TempDir(), FileName)
	ix, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := ix.Scan(context.Background(), []string{dir}, false, nil); err != nil {
		b.Fatal(err)
	}
	ix.Close()
	c0 := cputime.Used()
	b.ResetTimer()
	for range b.N {
		ix, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		p, err := ix.Scan(context.Background(), []string{dir}, false, nil)
		if err != nil || p.Changed != 0 || p.Found != benchFiles {
			b.Fatal(p, err)
		}
		ix.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/reopen")
	b.ReportMetric(float64((cputime.Used()-c0).Milliseconds())/float64(b.N), "cpu-ms/reopen")
}

// Searches over the 10,000 rows. Target: under 20 ms each.
func BenchmarkSearch10k(b *testing.B) {
	dir := folder10k(b)
	ix, err := Open(filepath.Join(b.TempDir(), FileName))
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Scan(context.Background(), []string{dir}, false, nil); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct{ name, query string }{
		{"words", "castle dusk"},
		{"prefix", "drag"},
		{"tags", "tag:best -tag:reject"},
		{"mixed", "portrait model:sdxl tag:portfolio"},
		{"seed", "seed:79190"},
	} {
		q, err := ParseQuery(c.query)
		if err != nil {
			b.Fatal(err)
		}
		q.Roots = []string{dir}
		b.Run(c.name, func(b *testing.B) {
			var n int
			c0 := cputime.Used()
			for range b.N {
				es, err := ix.Query(context.Background(), q)
				if err != nil {
					b.Fatal(err)
				}
				n = len(es)
			}
			reportSearch(b, n, c0)
		})
	}
	// What a window does at each keystroke: the matching paths, in order,
	// and the tags of the result with their counts; it reads the rows of
	// the cells it shows with Rows. The empty search matches all 10,000.
	for _, c := range []struct{ name, query string }{
		{"window-all", ""},
		{"window-tags", "tag:best -tag:reject"},
		{"window-words", "castle dusk"},
		{"window-prefix", "d"},
	} {
		q, _ := ParseQuery(c.query)
		q.Roots, q.Recursive = []string{dir}, true
		b.Run(c.name, func(b *testing.B) {
			var n int
			c0 := cputime.Used()
			for range b.N {
				paths, err := ix.Paths(context.Background(), q)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := ix.TagCounts(context.Background(), q); err != nil {
					b.Fatal(err)
				}
				n = len(paths)
			}
			reportSearch(b, n, c0)
		})
	}
	// The rows of a block of cells.
	b.Run("rows256", func(b *testing.B) {
		paths, err := ix.Paths(context.Background(), Query{Roots: []string{dir}})
		if err != nil {
			b.Fatal(err)
		}
		c0 := cputime.Used()
		for i := range b.N {
			at := i * 256 % (len(paths) - 256)
			if _, err := ix.Rows(context.Background(), paths[at:at+256]); err != nil {
				b.Fatal(err)
			}
		}
		reportSearch(b, 256, c0)
	})
}

// searchTarget is the time a search may take, in milliseconds.
const searchTarget = 20

// reportSearch reports a search's rows, time and CPU time, and its time as
// a fraction of the target (x-target ≤ 1 meets it).
func reportSearch(b *testing.B, rows int, c0 time.Duration) {
	ms := float64(b.Elapsed().Microseconds()) / 1000 / float64(b.N)
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(ms, "ms/search")
	b.ReportMetric(float64((cputime.Used()-c0).Microseconds())/1000/float64(b.N), "cpu-ms/search")
	b.ReportMetric(ms/searchTarget, "x-target")
}
