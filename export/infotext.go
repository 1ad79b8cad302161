package export

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/randn"
)

// Settings is what the infotext and the workflow are made from: the file's
// model_info, the shape of its noise and where that noise came from.
type Settings struct {
	Info  codec.ModelInfo
	Shape []int
	Check randn.LatentCheck
}

// Size is the generation size in pixels: the latent's height and width
// times 8, the downscale of every Stable Diffusion and Flux VAE.
func (s Settings) Size() (width, height int, err error) {
	if len(s.Shape) < 3 {
		return 0, 0, fmt.Errorf("a latent of shape %s has no height and width", codec.ShapeString(s.Shape))
	}
	return 8 * s.Shape[len(s.Shape)-1], 8 * s.Shape[len(s.Shape)-2], nil
}

// pictures is the batch size: the first dimension of a 4-D latent.
func (s Settings) pictures() int {
	if len(s.Shape) >= 4 {
		return s.Shape[0]
	}
	return 1
}

// NotReproducible is the error Infotext and ComfyWorkflow return when the
// seed does not reproduce the noise the way the tool draws it, so that the
// settings would not make the same picture.
type NotReproducible struct {
	Tool   string
	Source randn.Source
}

func (e *NotReproducible) Error() string {
	if e.Source == randn.SourceNone {
		return fmt.Sprintf("the recorded seed does not reproduce the stored noise, so %s cannot draw it again; export the noise itself instead", e.Tool)
	}
	return fmt.Sprintf("the noise was drawn as %s, which %s does not do from a seed; export the noise itself instead", e.Source, e.Tool)
}

// a1111RNG returns the RNG value A1111 writes for a source, "" for its
// default (GPU, which it leaves out), and whether A1111 draws noise that
// way: one (C,H,W) draw per picture with seed+i.
func (s Settings) a1111RNG() (string, bool) {
	single := s.pictures() == 1
	switch s.Check.Source {
	case randn.SourceTorchCPU:
		return "CPU", single
	case randn.SourceTorchCPUPerImage:
		return "CPU", true
	case randn.SourceNV:
		return "NV", true
	case randn.SourceCUDA:
		return "", single || len(s.Check.Seeds) > 0
	}
	return "", false
}

// Infotext returns the parameters text A1111 and Forge write into a PNG
// and read back in PNG Info, for the first picture of the latent:
//
//	a photo of a cat
//	Negative prompt: blurry
//	Steps: 20, Sampler: Euler a, Schedule type: Karras, CFG scale: 7, Seed: 42, Size: 512x512, Model: v1-5, RNG: CPU
//
// It refuses (*NotReproducible) unless the seed reproduces the noise the
// way A1111 draws it: torch CPU ("RNG: CPU"), NV ("RNG: NV") or the GPU
// (A1111's default, which it does not write), one draw per picture.
func Infotext(s Settings) (string, error) {
	rng, ok := s.a1111RNG()
	if !ok {
		return "", &NotReproducible{Tool: "AUTOMATIC1111", Source: s.Check.Source}
	}
	w, h, err := s.Size()
	if err != nil {
		return "", err
	}
	gs := s.Info.GenerationSettings
	seed := gs.Seed
	if len(s.Check.Seeds) > 0 {
		seed = s.Check.Seeds[0]
	}
	var b strings.Builder
	b.WriteString(oneLinePrompt(s.Info.Prompt))
	b.WriteByte('\n')
	if neg := oneLinePrompt(s.Info.NegativePrompt); neg != "" {
		b.WriteString("Negative prompt: " + neg + "\n")
	}
	params := []string{fmt.Sprintf("Steps: %d", gs.Steps)}
	if gs.Sampler != "" {
		name := gs.Sampler
		if m, ok := samplers[normalName(name)]; ok {
			name = m.a1111
		}
		params = append(params, "Sampler: "+infotextValue(name))
	}
	if m, ok := schedules[normalName(gs.Scheduler)]; ok {
		params = append(params, "Schedule type: "+m.a1111)
	}
	if gs.CFGScale > 0 {
		params = append(params, "CFG scale: "+strconv.FormatFloat(gs.CFGScale, 'f', -1, 64))
	}
	params = append(params, fmt.Sprintf("Seed: %d", seed), fmt.Sprintf("Size: %dx%d", w, h))
	if s.Info.ModelName != "" {
		params = append(params, "Model: "+infotextValue(s.Info.ModelName))
	}
	if rng != "" {
		params = append(params, "RNG: "+rng)
	}
	b.WriteString(strings.Join(params, ", "))
	return b.String(), nil
}

// oneLinePrompt keeps a prompt from breaking the infotext's layout: a line
// of its own that starts "Negative prompt:" or looks like the parameter
// line would be read as such, so line breaks become spaces.
func oneLinePrompt(p string) string {
	return strings.Join(strings.Fields(p), " ")
}

// infotextValue quotes a value the way A1111's quote() does when it holds a
// comma, a colon, a quote or a line break (as JSON, json.dumps's
// quoting), so that the parameter line still
// splits where it should.
func infotextValue(v string) string {
	if !strings.ContainsAny(v, ",:\"\n") {
		return v
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(v) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}
