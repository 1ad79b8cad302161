package cli

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/randn"
)

func init() {
	register("seedcheck", "tell whether the file's seed regenerates its stored noise", runSeedcheck)
}

// seedReport is the object `seedcheck --json` prints: the first latent's
// findings at the top level, every latent's in Latents.
type seedReport struct {
	Seed       uint64             `json:"seed"`
	Source     *string            `json:"source"`
	CPU        string             `json:"cpu"`
	CUDA       string             `json:"cuda"`
	MaxAbsDiff float64            `json:"max_abs_diff"`
	Latents    []seedLatentReport `json:"latents"`
}

type seedLatentReport struct {
	Index   int    `json:"index"`
	Key     string `json:"key,omitempty"`
	Shape   []int  `json:"shape"`
	DType   string `json:"dtype"`
	Verdict string `json:"verdict"`
	// Source is the randn.Source that reproduces the latent, null for none.
	Source *string `json:"source"`
	// Seed is the seed the latent was checked against; Seeds lists each
	// picture's seed for the per-picture sources, BatchIndex each
	// picture's ComfyUI batch_index.
	Seed       uint64   `json:"seed"`
	Seeds      []uint64 `json:"seeds,omitempty"`
	BatchIndex []int    `json:"batch_index,omitempty"`
	// HalfKernel: a float16 latent probably drawn by torch's
	// half-precision CPU kernel, which no check reproduces.
	HalfKernel bool    `json:"half_kernel,omitempty"`
	CPU        string  `json:"cpu"`
	CUDA       string  `json:"cuda"`
	MaxAbsDiff float64 `json:"max_abs_diff"`
	Sentence   string  `json:"sentence"`
	// Check is the full result, for the exports that repeat the draw.
	Check randn.LatentCheck `json:"-"`
}

// fileSeed reads generation_settings.seed as an unsigned integer.
func fileSeed(m *codec.Manifest) (uint64, error) {
	v, ok := m.Setting("seed")
	if !ok {
		return 0, fmt.Errorf("has no generation_settings.seed to check")
	}
	n, isNum := v.(json.Number)
	seed, err := strconv.ParseUint(string(n), 10, 64)
	if !isNum || err != nil {
		return 0, fmt.Errorf("generation_settings.seed %v is not a non-negative integer", v)
	}
	return seed, nil
}

// checkSeed compares every latent of f with what its recorded seed gives on
// torch's generators.
func checkSeed(f *codec.File) (uint64, []seedLatentReport, error) {
	seed, err := fileSeed(f.Manifest)
	if err != nil {
		return 0, nil, fmt.Errorf("%s: %v", f.Path(), err)
	}
	var out []seedLatentReport
	for _, c := range f.Latents() {
		l, err := c.Latent()
		if err != nil {
			return seed, nil, err
		}
		chk, err := randn.Check(seed, l.Shape, l.Float32(), l.DType == codec.Float16)
		if err != nil {
			return seed, nil, fmt.Errorf("%s: latent %d: %v", f.Path(), l.Index, err)
		}
		var src *string
		if chk.Source != randn.SourceNone {
			s := string(chk.Source)
			src = &s
		}
		out = append(out, seedLatentReport{Index: l.Index, Key: l.Key, Shape: l.Shape, DType: string(l.DType),
			Verdict: string(chk.Verdict), Source: src, Seed: seed, Seeds: chk.Seeds, BatchIndex: chk.BatchIndex,
			HalfKernel: chk.HalfKernel, CPU: chk.CPU, CUDA: chk.CUDA, MaxAbsDiff: chk.MaxAbsDiff,
			Sentence: chk.Sentence(seed), Check: chk})
	}
	if len(out) == 0 {
		return seed, nil, fmt.Errorf("%s: has no latent to check", f.Path())
	}
	return seed, out, nil
}

func runSeedcheck(e *env, args []string) int {
	fs := e.flags("seedcheck", "[--json] FILE")
	asJSON := fs.Bool("json", false, "print the findings as one JSON object")
	pos, code, ok := e.parse(fs, args, 1, 1)
	if !ok {
		return code
	}
	f, err := openFile(pos[0])
	if err != nil {
		return e.fail(err)
	}
	defer f.Close()
	seed, lats, err := checkSeed(f)
	if err != nil {
		return e.fail(err)
	}
	if *asJSON {
		r := seedReport{Seed: seed, Source: lats[0].Source, CPU: lats[0].CPU, CUDA: lats[0].CUDA, MaxAbsDiff: lats[0].MaxAbsDiff, Latents: lats}
		if err := printJSON(e.stdout, r); err != nil {
			return e.fail(err)
		}
		return ExitOK
	}
	for _, l := range lats {
		name := fmt.Sprintf("latent %d", l.Index)
		if l.Key != "" {
			name += " (" + l.Key + ")"
		}
		src := "none"
		if l.Source != nil {
			src = *l.Source
		}
		fmt.Fprintf(e.stdout, "%s, %s %s: %s: %s\n", termText(name), codec.ShapeString(l.Shape), l.DType, src, l.Sentence)
	}
	return ExitOK
}
