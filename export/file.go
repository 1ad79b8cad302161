package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/prefill"
	"github.com/gen5viewer/gen5view/randn"
)

// NoiseKey is the latent key the Python writer gives the initial noise.
const NoiseKey = "initial_noise"

// NoiseLatent returns the latent that holds the file's initial noise: the
// one keyed initial_noise, or else the first.
func NoiseLatent(f *codec.File) (*codec.Latent, error) {
	chunks := f.Latents()
	if len(chunks) == 0 {
		return nil, errors.New("has no latent")
	}
	pick := chunks[0]
	for _, c := range chunks {
		if l, err := c.Latent(); err == nil && l.Key == NoiseKey {
			pick = c
			break
		}
	}
	return pick.Latent()
}

// FileSettings reads what Infotext and ComfyWorkflow need from a file: its
// model_info, and where its noise latent came from (randn.Check against
// generation_settings.seed).
func FileSettings(f *codec.File) (Settings, error) {
	mi, err := f.Manifest.ModelInfo()
	if err != nil {
		return Settings{}, err
	}
	if !mi.GenerationSettings.HasSeed {
		return Settings{}, errors.New("has no generation_settings.seed")
	}
	l, err := NoiseLatent(f)
	if err != nil {
		return Settings{}, err
	}
	chk, err := randn.Check(mi.GenerationSettings.Seed, l.Shape, l.Float32(), l.DType == codec.Float16)
	if err != nil {
		return Settings{}, fmt.Errorf("latent %d: %v", l.Index, err)
	}
	return Settings{Info: mi, Shape: l.Shape, Check: chk}, nil
}

// ComfyLatentMetadata is the __metadata__ of a .latent exported from f, as
// ComfyUI's SaveLatent writes it: "prompt", the API-format graph, and
// "workflow", the editor's graph. Both are taken from the picture when
// ComfyUI made it (its PNG text chunks); otherwise "prompt" is
// ComfyWorkflow's graph when the seed reproduces the noise, and there is no
// workflow. A file whose settings say nothing gives no metadata.
func ComfyLatentMetadata(f *codec.File) map[string]string {
	meta := map[string]string{}
	if img := f.Image(); img != nil {
		if p, err := img.Payload(); err == nil {
			if text, err := prefill.ImageText(p); err == nil {
				for _, k := range []string{"prompt", "workflow"} {
					if v, ok := text[k]; ok && json.Valid([]byte(v)) {
						meta[k] = v
					}
				}
			}
		}
	}
	if _, ok := meta["prompt"]; !ok {
		if s, err := FileSettings(f); err == nil {
			if wf, err := ComfyWorkflow(s); err == nil {
				var compact bytes.Buffer
				json.Compact(&compact, wf) // ComfyUI writes json.dumps's one line
				meta["prompt"] = compact.String()
			}
		}
	}
	if len(meta) == 0 {
		return nil
	}
	return meta
}
