package cli

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/compose"
	"github.com/gen5viewer/gen5view/prefill"
)

func init() {
	register("create", "make a .gen5 or .raiiaf file from a picture and its initial noise (.npy/.safetensors)", runCreate)
}

// createHardware describes the machine for hardware_info; tests replace it.
var createHardware = prefill.Hardware

func runCreate(e *env, args []string) int {
	fs := e.flags("create", "--image IMG --noise NOISE [--noise NOISE]… --out OUT.gen5|OUT.raiiaf [flags]\n\n"+
		"Stores IMG byte for byte and the noise tensors (the first is the initial noise).\n"+
		"Prompt, seed, steps, sampler, CFG scale and model are read from IMG when it\n"+
		"carries A1111 or ComfyUI parameters; the flags below replace them.")
	image := fs.String("image", "", "the picture (PNG, JPEG or WebP), stored as it is")
	var noise, tags stringList
	fs.Var(&noise, "noise", "a noise tensor, .npy or .safetensors (repeatable; the first is the initial noise)")
	out := fs.String("out", "", "the `OUT.gen5` or .raiiaf file to write")
	force := fs.Bool("force", false, "replace OUT if it exists")
	tensor := fs.String("tensor", "", "the tensor to take from a .safetensors file holding several")
	f16 := fs.Bool("f16", false, "store float32 noise as float16 (rounded to nearest)")
	noCompress := fs.Bool("no-compress", false, "store the chunks without compression")
	format := fs.String("format", "", "the container `format`: gen5 or raiiaf (default: from OUT's extension, else gen5)")
	// The flags below replace the picture's values, each only when given:
	// given[name] then points its field of f at the flag's value.
	var f compose.Fields
	given := map[string]func(){
		"model":           pointTo(&f.ModelName, fs.String("model", "", "model name")),
		"model-version":   pointTo(&f.ModelVersion, fs.String("model-version", "", "model version")),
		"prompt":          pointTo(&f.Prompt, fs.String("prompt", "", "the prompt")),
		"negative-prompt": pointTo(&f.NegativePrompt, fs.String("negative-prompt", "", "the negative prompt")),
		"seed":            pointTo(&f.Seed, fs.Uint64("seed", 0, "the seed")),
		"steps":           pointTo(&f.Steps, fs.Int("steps", 0, "the number of sampling steps")),
		"sampler":         pointTo(&f.Sampler, fs.String("sampler", "", "the sampler")),
		"cfg":             pointTo(&f.CFGScale, fs.Float64("cfg", 0, "the CFG scale")),
		"scheduler":       pointTo(&f.Scheduler, fs.String("scheduler", "", "the scheduler")),
		"eta":             pointTo(&f.Eta, fs.Float64("eta", 0, "the sampler's eta")),
		"tag":             func() { f.Tags = tags },
	}
	fs.Var(&tags, "tag", "a tag (repeatable)")
	if _, code, ok := e.parse(fs, args, 0, 0); !ok {
		return code
	}

	var missing []string
	for _, m := range []struct {
		name  string
		given bool
	}{{"--image", *image != ""}, {"--noise", len(noise) > 0}, {"--out", *out != ""}} {
		if !m.given {
			missing = append(missing, m.name)
		}
	}
	if len(missing) > 0 {
		return e.usageError("create", "missing %s (see %s create --help)", strings.Join(missing, ", "), e.prog)
	}

	fs.Visit(func(fl *flag.Flag) {
		if set := given[fl.Name]; set != nil {
			set()
		}
	})
	if err := f.Check(); err != nil {
		return e.usageError("create", "%v", err)
	}
	if err := checkOutput(*out, *force); err != nil {
		return e.fail(err)
	}
	to, ferr := outputFormat(*format, *out)
	if ferr != nil && *format != "" {
		return e.usageError("create", "%v", ferr)
	}
	if ferr != nil {
		to = codec.Gen5 // any other name gets the original format
	}

	req := compose.Request{
		ImagePath:  *image,
		NoisePaths: noise,
		TensorName: *tensor,
		Fields:     f,
		Format:     to,
		Float16:    *f16,
		NoCompress: *noCompress,
		Overwrite:  *force,
		Hardware:   createHardware,
	}
	d, err := compose.Create(req, *out)
	if d != nil {
		for _, w := range d.Warnings {
			fmt.Fprintf(e.stderr, "warning: %s\n", oneLine(w))
		}
	}
	if err != nil {
		return e.fail(err)
	}
	line := d.SourceLine()
	if len(d.FromPicture) > 0 {
		used := make([]string, len(d.FromPicture))
		for i, k := range d.FromPicture {
			used[i] = strings.TrimPrefix(k, "generation_settings.")
		}
		line += " (used: " + strings.Join(used, ", ") + ")"
	}
	fmt.Fprintln(e.stdout, oneLine(line))
	for _, n := range d.Notes {
		fmt.Fprintf(e.stdout, "note: %s\n", oneLine(n))
	}
	chunks := len(d.Latents) + 1
	if st, err := os.Stat(*out); err == nil {
		fmt.Fprintf(e.stdout, "wrote %s (%d chunks, %s bytes)\n", termText(*out), chunks, thousands(st.Size()))
	} else {
		fmt.Fprintf(e.stdout, "wrote %s (%d chunks)\n", termText(*out), chunks)
	}
	return ExitOK
}

// pointTo returns what points field at v: a flag's value replaces a field
// of compose.Fields, which stays nil otherwise, only when the flag is given.
func pointTo[T any](field **T, v *T) func() {
	return func() { *field = v }
}
