package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/gen5viewer/gen5view/codec"
)

func init() {
	register("extract", "write out the image as stored and the latents as .npy", runExtract)
}

func runExtract(e *env, args []string) int {
	fs := e.flags("extract", "FILE.gen5 [--image OUT] [--latents DIR]")
	imageOut := fs.String("image", "", "write the image payload, byte for byte as stored, to `OUT`")
	latentDir := fs.String("latents", "", "write each latent as `DIR`/latentN.npy, in its stored dtype")
	pos, code, ok := e.parse(fs, args, 1, 1)
	if !ok {
		return code
	}
	if *imageOut == "" && *latentDir == "" {
		return e.usageError("extract", "nothing to do: give --image OUT and/or --latents DIR")
	}
	f, err := openFile(pos[0])
	if err != nil {
		return e.fail(err)
	}
	defer f.Close()
	if *imageOut != "" {
		img := f.Image()
		if img == nil {
			return e.fail(fmt.Errorf("%s: has no image (DATA chunk)", pos[0]))
		}
		p, err := img.Payload()
		if err != nil {
			return e.fail(err)
		}
		if err := codec.WriteFileAtomic(*imageOut, 0o644, func(w io.Writer) error { _, err := w.Write(p); return err }, nil); err != nil {
			return e.fail(err)
		}
		fmt.Fprintf(e.stdout, "%s (%d bytes)\n", *imageOut, len(p))
	}
	if *latentDir != "" {
		if err := os.MkdirAll(*latentDir, 0o755); err != nil {
			return e.fail(err)
		}
		for i, c := range f.Latents() {
			l, err := c.Latent()
			if err != nil {
				return e.fail(err)
			}
			out := filepath.Join(*latentDir, fmt.Sprintf("latent%d.npy", i))
			if err := codec.WriteFileAtomic(out, 0o644, func(w io.Writer) error { return codec.WriteNPY(w, &l.Tensor) }, nil); err != nil {
				return e.fail(err)
			}
			fmt.Fprintf(e.stdout, "%s (%s %s)\n", out, codec.ShapeString(l.Shape), l.DType)
		}
	}
	return ExitOK
}
