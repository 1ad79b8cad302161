package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/internal/fixtures"
)

func TestSeedcheckVerdicts(t *testing.T) {
	for name, want := range map[string]string{
		"a0_sd15_f32.gen5":    "exact",
		"a0_flux_f32.gen5":    "exact",
		"a0_sdxl_f16.gen5":    "exact-f16",
		"a0_two_latents.gen5": "mismatch",
	} {
		code, out, stderr := run("seedcheck", "--json", fixtures.Path(t, name))
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", name, code, stderr)
		}
		var r seedReport
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatal(err)
		}
		if r.CPU != want || len(r.Latents) == 0 {
			t.Errorf("%s: cpu %q, want %q (%s)", name, r.CPU, want, out)
		}
		if want == "mismatch" && r.MaxAbsDiff == 0 {
			t.Errorf("%s: mismatch with max_abs_diff 0", name)
		}
	}
}

func TestNoiseMatchesTorchFixture(t *testing.T) {
	out := filepath.Join(t.TempDir(), "n.npy")
	if code, _, stderr := run("noise", "--seed", "0", "--shape", "1,4,64,64", "--out", out); code != 0 {
		t.Fatal(stderr)
	}
	got := readFile(t, out)
	ref := readFile(t, filepath.Join(fixtures.Dir(t), "torch_randn", "cpu_seed0_1x4x64x64.npy"))
	a, _, err1 := codec.ReadNPY(bytes.NewReader(got), int64(len(got)))
	b, _, err2 := codec.ReadNPY(bytes.NewReader(ref), int64(len(ref)))
	if err1 != nil || err2 != nil || !bytes.Equal(a.Raw, b.Raw) {
		t.Errorf("noise differs from torch's (%v %v)", err1, err2)
	}
	for _, args := range [][]string{
		{"noise", "--seed", "x", "--out", out},
		{"noise", "--seed", "1", "--shape", "1,0", "--out", out},
		{"noise", "--seed", "1", "--generator", "tpu", "--out", out},
		{"noise", "--seed", "1"},
	} {
		if code, _, _ := run(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// A shape whose product is past memory is a usage error in one line, before
// anything is drawn or allocated; before the check, 46340×46340 (just under
// 2^31 elements) asked for 8 GiB and died, and larger products overflowed.
func TestNoiseShapePastMemory(t *testing.T) {
	out := filepath.Join(t.TempDir(), "n.npy")
	for _, shape := range []string{"46340,46340", "1,4,8192,8192", "1,2,8193,8192", "65536,65536,65536,65536,65536", "9223372036854775807,2"} {
		code, stdout, stderr := run("noise", "--seed", "1", "--shape", shape, "--out", out)
		if code != 2 || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "elements") {
			t.Errorf("--shape %s: exit %d, stdout %q, stderr %q; want exit 2 and one line about the elements", shape, code, stdout, stderr)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("--shape %s: %s was written (%v)", shape, out, err)
		}
	}
	// The largest shape allowed is accepted: the limit is not off by one.
	if n, ok := noiseElements([]int{1, 2, 8192, 8192}); !ok || n != "134217728" {
		t.Errorf("1×2×8192×8192: %s elements, allowed %v", n, ok)
	}
}
