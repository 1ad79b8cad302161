package cli

import (
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/randn"
)

func init() {
	register("noise", "write the noise a seed gives (torch CPU, CUDA or A1111 NV) as .npy", runNoise)
}

// maxNoiseElements bounds the noise command's memory: randn draws float32,
// and the tensor written is a second copy, 8 bytes an element in all. 2^27
// elements (a 512 MiB float32 .npy, far past any model's latent) fill the
// 1 GiB a command may use: 1.01 GiB peak measured for --shape 1,2,8192,8192.
const maxNoiseElements = 1 << 27

// noiseElements counts the elements of shape without overflowing: ok is
// false when there are more than maxNoiseElements, and the count is then
// written out in full (it can exceed every integer type) for the message.
func noiseElements(shape []int) (count string, ok bool) {
	n := big.NewInt(1)
	for _, d := range shape {
		n.Mul(n, big.NewInt(int64(d)))
	}
	return n.String(), n.Cmp(big.NewInt(maxNoiseElements)) <= 0
}

func runNoise(e *env, args []string) int {
	fs := e.flags("noise", "--seed N --shape 1,4,64,64 [--generator cpu|cuda|nv] [--per-image] [--f16] --out FILE.npy")
	seedText := fs.String("seed", "", "the seed given to torch.manual_seed (`N`, 0 to 2^64-1)")
	shapeText := fs.String("shape", "1,4,64,64", "tensor `shape`, comma-separated")
	genText := fs.String("generator", "cpu", "generator to reproduce: `cpu` (torch CPU, bit for bit), cuda (torch CUDA, to within 1e-6) or nv (A1111's NV, bit for bit)")
	perImage := fs.Bool("per-image", false, "draw picture i of the batch (first dimension) with seed+i, as A1111 and Forge do")
	f16 := fs.Bool("f16", false, "store as float16 (randn in float32, then rounded, as pipelines do)")
	out := fs.String("out", "", "the .npy file to write (- for standard output; an existing file is replaced only when it is a regular file or a link to one)")
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
	shape, err := codec.ParseShape(*shapeText)
	if err != nil {
		return e.usageError("noise", "%v", err)
	}
	if n, ok := noiseElements(shape); !ok {
		return e.usageError("noise", "--shape %s has %s elements; noise draws at most %d (a %d MiB float32 file) within its 1 GiB of memory",
			codec.ShapeString(shape), n, maxNoiseElements, maxNoiseElements*4>>20)
	}
	gen, err := randn.ParseGenerator(*genText)
	if err != nil {
		return e.usageError("noise", "--%v", err)
	}
	values, err := randn.Generate(gen, seed, shape, *perImage)
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
	if err := writeOutput(e, *out, func(w io.Writer) error { return codec.WriteNPY(w, t) }); err != nil {
		return e.fail(err)
	}
	how := fmt.Sprintf("seed %d", seed)
	if *perImage && len(shape) > 1 {
		how = fmt.Sprintf("seeds %d to %d, one per picture", seed, seed+uint64(shape[0])-1)
	}
	// With the array on standard output, the summary goes to standard error.
	summary := e.stdout
	if *out == stdoutName {
		summary = e.stderr
	}
	fmt.Fprintf(summary, "%s (randn(%s), %s, on the %s generator, %s)\n", termText(outputName(*out)), codec.ShapeString(shape), how, strings.ToUpper(string(gen)), dtype)
	return ExitOK
}
