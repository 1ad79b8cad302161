package cli

import (
	"fmt"
	"io"
	"os"

	"github.com/gen5viewer/gen5view/codec"
)

func init() {
	register("extract", "write out the image, the latents (.npy, diffusers, ComfyUI .latent), A1111 infotext or a ComfyUI workflow", runExtract)
}

func runExtract(e *env, args []string) int {
	fs := e.flags("extract", "FILE [--image OUT] [--latents DIR [--as npy|safetensors|comfyui-latent] [--flux-packed]] [--infotext] [--comfyui-workflow OUT.json]\n\n"+
		"--image - writes the image to standard output; what else the command\n"+
		"prints then goes to standard error. A file without an image is not an\n"+
		"error: a note says so and the rest is still written. An existing output\n"+
		"is replaced only when it is a regular file; a symbolic link to one is\n"+
		"written through (the file it points to is replaced, the link kept).")
	imageOut := fs.String("image", "", "write the image payload, byte for byte as stored, to `OUT` (- for standard output)")
	latentDir := fs.String("latents", "", "write each latent to `DIR` as latentN.npy (or .safetensors, .latent: see --as)")
	as := fs.String("as", "npy", "latent file `format`: npy (stored dtype), safetensors (diffusers: float32 \"latents\") or comfyui-latent (ComfyUI LoadLatent)")
	fluxPacked := fs.Bool("flux-packed", false, "with --as safetensors: pack as Flux pipelines take latents, (B, (H/2)(W/2), C*4)")
	infotext := fs.Bool("infotext", false, "print the A1111/Forge infotext that draws the noise again (when the seed reproduces it)")
	workflow := fs.String("comfyui-workflow", "", "write a ComfyUI API-format workflow that draws the noise again to `OUT.json`")
	pos, code, ok := e.parse(fs, args, 1, 1)
	if !ok {
		return code
	}
	if *imageOut == "" && *latentDir == "" && !*infotext && *workflow == "" {
		return e.usageError("extract", "nothing to do: give --image OUT, --latents DIR, --infotext or --comfyui-workflow OUT.json")
	}
	format, ok := latentFormats[*as]
	if !ok {
		return e.usageError("extract", "--as must be npy, safetensors or comfyui-latent, not %q", *as)
	}
	if *fluxPacked && *as != "safetensors" {
		return e.usageError("extract", "--flux-packed goes with --as safetensors")
	}
	f, err := openFile(pos[0])
	if err != nil {
		return e.fail(err)
	}
	defer f.Close()
	// With the image on standard output, nothing else may be mixed into
	// it: the rest of what the command prints goes to standard error.
	rest := e
	if *imageOut == stdoutName {
		rest = &env{stdout: e.stderr, stderr: e.stderr, prog: e.prog}
	}
	if *imageOut != "" {
		if img := f.Image(); img == nil {
			fmt.Fprintf(e.stderr, "note: %s has no image (DATA chunk); nothing written to %s\n", termText(pos[0]), termText(outputName(*imageOut)))
		} else {
			// The payload streams from the file to the output.
			p, err := img.OpenPayload()
			if err != nil {
				return e.fail(err)
			}
			err = writeOutput(e, *imageOut, func(w io.Writer) error { _, err := io.Copy(w, p); return err })
			p.Close()
			if err != nil {
				return e.fail(err)
			}
			fmt.Fprintf(rest.stdout, "%s (%d bytes)\n", termText(outputName(*imageOut)), img.UncompressedSize)
		}
	}
	if *latentDir != "" {
		if err := os.MkdirAll(*latentDir, 0o755); err != nil {
			return e.fail(codec.NamePathError(*latentDir, err))
		}
		if err := writeLatents(rest, f, *latentDir, format, *fluxPacked); err != nil {
			return e.fail(err)
		}
	}
	if *infotext || *workflow != "" {
		if err := writeRecipes(rest, f, *infotext, *workflow); err != nil {
			return e.fail(err)
		}
	}
	return ExitOK
}
