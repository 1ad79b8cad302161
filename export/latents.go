package export

import (
	"fmt"
	"io"

	"github.com/gen5viewer/gen5view/codec"
)

// ComfyUI's SaveLatent and LoadLatent (nodes.py) name the tensor
// latent_tensor; an empty tensor called latent_format_version_0 marks the
// current format. LoadLatent multiplies a latent without the marker by
// 1/0.18215, the scale of the first format, so the marker is what keeps the
// stored values as they are.
const (
	comfyLatentName   = "latent_tensor"
	comfyVersionLabel = "latent_format_version_0"
)

// ComfyLatent writes values (shape NCHW or any latent shape) as a ComfyUI
// .latent file. meta is the header's __metadata__; ComfyUI's SaveLatent
// writes "prompt" (the API-format graph as JSON) and, from the page, the
// "workflow" there.
func ComfyLatent(w io.Writer, shape []int, values []float32, meta map[string]string) error {
	return codec.WriteSafetensors(w, []codec.SafetensorsTensor{
		{Name: comfyLatentName, Shape: shape, Data: values},
		{Name: comfyVersionLabel, Shape: []int{0}, Data: nil},
	}, meta)
}

// diffusersName is the tensor name the diffusers export uses: what the
// pipelines' `latents=` argument is called.
const diffusersName = "latents"

// Diffusers writes values as a .safetensors file holding one float32
// tensor, latents, to pass to a diffusers pipeline as `latents=`: NCHW and
// unscaled (the pipeline multiplies by the scheduler's init_noise_sigma
// itself), or, with fluxPacked, packed as Flux pipelines take them (see
// FluxPack).
func Diffusers(w io.Writer, shape []int, values []float32, fluxPacked bool) error {
	if fluxPacked {
		var err error
		if shape, values, err = FluxPack(shape, values); err != nil {
			return err
		}
	}
	return codec.WriteSafetensors(w, []codec.SafetensorsTensor{{Name: diffusersName, Shape: shape, Data: values}}, nil)
}

// FluxPack rearranges a (B, C, H, W) latent the way diffusers'
// FluxPipeline._pack_latents does: view as (B, C, H/2, 2, W/2, 2), permute
// to (B, H/2, W/2, C, 2, 2) and reshape to (B, (H/2)(W/2), C*4), so that each
// 2×2 patch of every channel becomes one token.
func FluxPack(shape []int, values []float32) ([]int, []float32, error) {
	if len(shape) != 4 || shape[2]%2 != 0 || shape[3]%2 != 0 {
		return nil, nil, fmt.Errorf("Flux packing needs a (B, C, H, W) latent with even H and W, not %s", codec.ShapeString(shape))
	}
	b, c, h, w := shape[0], shape[1], shape[2], shape[3]
	if len(values) != b*c*h*w {
		return nil, nil, fmt.Errorf("shape %s does not hold %d values", codec.ShapeString(shape), len(values))
	}
	h2, w2 := h/2, w/2
	out := make([]float32, len(values))
	o := 0
	for bi := range b {
		for y := range h2 {
			for x := range w2 {
				for ci := range c {
					base := ((bi*c+ci)*h+2*y)*w + 2*x
					out[o] = values[base]
					out[o+1] = values[base+1]
					out[o+2] = values[base+w]
					out[o+3] = values[base+w+1]
					o += 4
				}
			}
		}
	}
	return []int{b, h2 * w2, c * 4}, out, nil
}
