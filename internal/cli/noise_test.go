package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/randn"
)

func readNPYFile(t *testing.T, path string) *codec.Tensor {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	tn, _, err := codec.ReadNPY(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	return tn
}

// TestNoiseGenerators writes noise with each generator and batch rule and
// compares it with randn's.
func TestNoiseGenerators(t *testing.T) {
	dir := t.TempDir()
	shape := []int{2, 4, 8, 8}
	for _, c := range []struct {
		gen      randn.Generator
		perImage bool
	}{{randn.GeneratorCPU, false}, {randn.GeneratorNV, false}, {randn.GeneratorNV, true}, {randn.GeneratorCUDA, true}} {
		out := filepath.Join(dir, "n.npy")
		args := []string{"noise", "--seed", "77", "--shape", "2,4,8,8", "--generator", string(c.gen), "--out", out}
		if c.perImage {
			args = append(args, "--per-image")
		}
		code, stdout, stderr := run(args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		if c.perImage && !strings.Contains(stdout, "seeds 77 to 78, one per picture") {
			t.Errorf("%v: stdout %q does not name the seeds", args, stdout)
		}
		want, _ := randn.Generate(c.gen, 77, shape, c.perImage)
		got := readNPYFile(t, out).Float32()
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("%v: element %d is %v, want %v", args, i, got[i], want[i])
			}
		}
	}
	code, _, stderr := run("noise", "--seed", "1", "--generator", "gpu", "--out", filepath.Join(dir, "x.npy"))
	if code != ExitUsage || !strings.Contains(stderr, "cpu, cuda or nv") {
		t.Errorf("--generator gpu: exit %d, %q", code, stderr)
	}
}
