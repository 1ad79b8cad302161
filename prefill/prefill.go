// Package prefill reads what a generated picture already says about how it
// was made, and what this machine is, so that the form for a new .gen5
// container starts filled in.
//
// It knows the two conventions that cover most pictures in the wild: the
// "parameters" infotext of AUTOMATIC1111 and its forks (Forge, SD.Next), in
// a PNG text chunk or a JPEG or WebP Exif UserComment, and the API graph
// ComfyUI stores in a PNG's "prompt" chunk. Everything is read from bytes
// already in memory or from a reader, bounded, and without decoding pixels;
// nothing here imports Fyne.
package prefill

import (
	"encoding/json"
	"strings"
)

// Parameters is what a picture says about its generation. String fields are
// empty when the picture did not say; numeric fields have a Has flag
// because zero is a valid seed.
type Parameters struct {
	Prompt         string
	NegativePrompt string

	Steps    int // at least 1 when HasSteps
	HasSteps bool

	// Sampler is the sampler as the generator names it: "DPM++ 2M" from
	// A1111, "dpmpp_2m" from ComfyUI. Scheduler likewise: "Karras",
	// "karras".
	Sampler   string
	Scheduler string

	CFGScale    float64 // at least 0 when HasCFGScale
	HasCFGScale bool

	Seed    uint64
	HasSeed bool

	// Width and Height are the generation size in pixels, which may differ
	// from the picture's after an upscale.
	Width, Height int
	HasSize       bool

	// Model is the checkpoint's name as the generator wrote it, such as
	// "v1-5-pruned-emaonly" (A1111) or "sd_xl_base_1.0.safetensors"
	// (ComfyUI). ModelHash is A1111's short hash of it.
	Model     string
	ModelHash string

	// Extra holds the parameters without a field of their own, by the
	// generator's key: for A1111 every other "Key: value" pair ("Denoising
	// strength", "Lora hashes", "Version", ...); for ComfyUI "denoise",
	// "guidance", and the second text of an SDXL or Flux encoder when it
	// differs from the first ("text_l", "clip_l", "negative_text_l", ...).
	// Nil when there are none.
	Extra map[string]string

	// Infotext is the A1111 "parameters" text, whole, so that nothing the
	// fields leave out is lost.
	Infotext string

	// ComfyPrompt and ComfyWorkflow are ComfyUI's "prompt" (API graph) and
	// "workflow" (editor graph) JSON, whole, as the picture carried them.
	ComfyPrompt   string
	ComfyWorkflow string
}

// Source says which convention Parameters came from.
type Source string

// The sources FromImage reports.
const (
	SourceA1111   Source = "a1111"   // an A1111, Forge or SD.Next infotext
	SourceComfyUI Source = "comfyui" // a ComfyUI graph
	SourceNone    Source = "none"    // an image that says nothing of its generation
)

// FromImage reads the generation parameters of an encoded PNG, JPEG or WebP
// image. It tries an A1111 infotext first, then a ComfyUI graph: a picture
// that has both (some ComfyUI save nodes write an infotext as well) reports
// SourceA1111, with the ComfyUI JSON still kept in ComfyPrompt and
// ComfyWorkflow.
//
// A picture without either gives SourceNone and no error. Data that is not
// an image ImageText reads, or whose metadata is damaged, gives the error
// ImageText returns, which the caller should wrap with the file's name.
func FromImage(data []byte) (Parameters, Source, error) {
	text, err := ImageText(data)
	if err != nil {
		return Parameters{}, SourceNone, err
	}
	p, src := FromText(text)
	return p, src, nil
}

// FromText is FromImage for text already read by ImageText or PNGText.
// A ComfyUI "prompt" that is not a graph (some tools store a plain prompt
// under that keyword) is not an error: it is ignored, and a "workflow"
// alone still gives SourceComfyUI with only ComfyWorkflow set.
func FromText(text map[string]string) (Parameters, Source) {
	prompt, workflow := text["prompt"], text["workflow"]
	if !json.Valid([]byte(workflow)) {
		workflow = ""
	}
	if s := text["parameters"]; strings.TrimSpace(s) != "" {
		p := ParseA1111(s)
		if isGraph(prompt) {
			p.ComfyPrompt = prompt
		}
		p.ComfyWorkflow = workflow
		return p, SourceA1111
	}
	if p, err := ParseComfyUI(prompt, workflow); err == nil {
		return p, SourceComfyUI
	}
	if workflow != "" {
		return Parameters{ComfyWorkflow: workflow}, SourceComfyUI
	}
	return Parameters{}, SourceNone
}
