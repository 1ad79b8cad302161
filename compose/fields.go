package compose

import (
	"errors"
	"fmt"
	"math"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/prefill"
)

// Fields are the model_info values a person can type. A nil pointer (or a
// nil Tags) means "not given": the picture's value, or the default, is used
// instead. A pointer to a zero value is a value like any other, so an empty
// prompt that was typed replaces the picture's prompt.
type Fields struct {
	ModelName      *string // model_info.model_name
	ModelVersion   *string // model_info.version
	Prompt         *string // model_info.prompt
	NegativePrompt *string // model_info.negative_prompt
	Tags           []string

	// generation_settings
	Seed      *uint64
	Steps     *int
	Sampler   *string
	CFGScale  *float64
	Scheduler *string
	Eta       *float64
}

// Check reports the first value that the format's schema would refuse,
// naming the field as model_info nests it, so that a form or a command line
// can point at it before anything is read.
func (f Fields) Check() error {
	if f.Steps != nil && *f.Steps < 1 {
		return fmt.Errorf("steps must be at least 1, not %d", *f.Steps)
	}
	if err := checkNonNegative("cfg_scale", f.CFGScale); err != nil {
		return err
	}
	if err := checkNonNegative("eta", f.Eta); err != nil {
		return err
	}
	if f.Tags != nil {
		// SetTags refuses blank and repeated tags with a message naming them.
		if err := codec.NewManifest().SetTags(f.Tags); err != nil {
			return fmt.Errorf("tags: %v", err)
		}
	}
	return nil
}

func checkNonNegative(name string, v *float64) error {
	if v == nil {
		return nil
	}
	if math.IsNaN(*v) || math.IsInf(*v, 0) {
		return fmt.Errorf("%s must be a finite number", name)
	}
	if *v < 0 {
		return fmt.Errorf("%s must be at least 0, not %g", name, *v)
	}
	return nil
}

// Prefilled is what a picture says about its own generation, in the terms
// of the form for a new container.
type Prefilled struct {
	// Source is the convention the values came from: "a1111" (AUTOMATIC1111,
	// Forge, SD.Next), "comfyui" or "none".
	Source string
	// Fields holds only what the picture said; everything else is nil.
	Fields Fields
	// Extra holds the picture's raw generation records, stored whole in
	// model_info under these keys: "a1111_parameters", "comfyui_prompt",
	// "comfyui_workflow". Only keys the picture had are present.
	Extra map[string]string
	// Params is everything prefill read, for display (generation size,
	// model hash, further A1111 keys).
	Params prefill.Parameters
}

// extraKeys are the model_info keys Prefilled.Extra may hold, in the order
// they are written (the order prefill.Parameters.ModelInfo documents).
var extraKeys = []string{"a1111_parameters", "comfyui_prompt", "comfyui_workflow"}

// Prefill reads the generation parameters an encoded PNG, JPEG or WebP
// picture carries, for a form to show before the user types. A picture
// without any gives Source "none" and no error; damaged metadata gives
// Source "none" and prefill's error, which does not name the file (the
// caller knows it). Build calls Prefill itself and merges the result under
// Request.Fields.
func Prefill(imageData []byte) (Prefilled, error) {
	p, src, err := prefill.FromImage(imageData)
	if err != nil {
		return Prefilled{Source: string(prefill.SourceNone)}, err
	}
	return fromParameters(p, src), nil
}

func fromParameters(p prefill.Parameters, src prefill.Source) Prefilled {
	out := Prefilled{Source: string(src), Params: p, Extra: map[string]string{}}
	str := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	f := &out.Fields
	f.Prompt = str(p.Prompt)
	f.NegativePrompt = str(p.NegativePrompt)
	f.ModelName = str(p.Model)
	f.Sampler = str(p.Sampler)
	f.Scheduler = str(p.Scheduler)
	if p.HasSeed {
		seed := p.Seed
		f.Seed = &seed
	}
	if p.HasSteps && p.Steps >= 1 {
		steps := p.Steps
		f.Steps = &steps
	}
	if p.HasCFGScale && p.CFGScale >= 0 && !math.IsInf(p.CFGScale, 0) {
		cfg := p.CFGScale
		f.CFGScale = &cfg
	}
	for k, v := range map[string]string{"a1111_parameters": p.Infotext, "comfyui_prompt": p.ComfyPrompt, "comfyui_workflow": p.ComfyWorkflow} {
		if v != "" {
			out.Extra[k] = v
		}
	}
	return out
}

// sourceName spells a prefill source for messages.
func sourceName(src string) string {
	switch src {
	case string(prefill.SourceA1111):
		return "A1111"
	case string(prefill.SourceComfyUI):
		return "ComfyUI"
	}
	return src
}

// SourceLine describes where the prefill came from, for a status line:
// "read A1111 parameters from cat.png", "no generation parameters in cat.png".
func (d *Draft) SourceLine() string {
	if d.Source == "" || d.Source == string(prefill.SourceNone) {
		return "no generation parameters in " + d.ImageName
	}
	return "read " + sourceName(d.Source) + " parameters from " + d.ImageName
}

var errNoNoise = errors.New("no noise given: the first tensor is the initial noise, and a container needs one")
