package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/randn"
)

func init() {
	register("noise", "write torch.randn noise for a seed as .npy", runNoise)
}

// ParseShape reads "1,4,64,64" (or "1x4x64x64").
func ParseShape(s string) ([]int, error) {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "x", ","), "×", ",")
	var shape []int
	for _, p := range strings.Split(s, ",") {
		d, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("shape %q: each dimension must be a positive whole number", s)
		}
		shape = append(shape, d)
	}
	return shape, nil
}

func runNoise(e *env, args []string) int {
	fs := e.flags("noise", "--seed N --shape 1,4,64,64 [--generator cpu|cuda] [--f16] --out FILE.npy")
	seedText := fs.String("seed", "", "the seed given to torch.manual_seed (`N`, 0 to 2^64-1)")
	shapeText := fs.String("shape", "1,4,64,64", "tensor `shape`, comma-separated")
	gen := fs.String("generator", "cpu", "torch generator to reproduce: `cpu` (bit for bit) or cuda (to about 1e-6)")
	f16 := fs.Bool("f16", false, "store as float16 (randn in float32, then rounded, as pipelines do)")
	out := fs.String("out", "", "the .npy file to write")
	if _, code, ok := e.parse(fs, args, 0, 0); !ok {
		return code
	}
	if *seedText == "" || *out == "" {
		return e.usageError("noise", "--seed and --out are required")
	}
	seed, err := strconv.ParseUint(*seedText, 10, 64)
	if err != nil {
		return e.usageError("noise", "--seed %q is not a whole number from 0 to 2^64-1", *seedText)
	}
	shape, err := ParseShape(*shapeText)
	if err != nil {
		return e.usageError("noise", "%v", err)
	}
	var values []float32
	switch *gen {
	case "cpu":
		values, err = randn.CPU(seed, shape)
	case "cuda":
		values, err = randn.CUDA(seed, shape)
	default:
		return e.usageError("noise", "--generator must be cpu or cuda, not %q", *gen)
	}
	if err != nil {
		return e.usageError("noise", "%v", err)
	}
	dtype := codec.Float32
	if *f16 {
		dtype = codec.Float16
	}
	t, err := codec.TensorFromFloat32(shape, values, dtype)
	if err != nil {
		return e.usageError("noise", "%v", err)
	}
	if err := codec.WriteFileAtomic(*out, 0o644, func(w io.Writer) error { return codec.WriteNPY(w, t) }, nil); err != nil {
		return e.fail(err)
	}
	fmt.Fprintf(e.stdout, "%s (torch.randn(%s) for seed %d on the %s generator, %s)\n", *out, codec.ShapeString(shape), seed, strings.ToUpper(*gen), dtype)
	return ExitOK
}
