package prefill

import (
	"errors"
	"fmt"
	"os"
	"testing"

	"github.com/gen5viewer/gen5view/internal/fixtures"
)

func TestFromImage(t *testing.T) {
	tests := []struct {
		name        string
		data        []byte
		src         Source
		prompt      string
		seed        uint64
		comfyPrompt string
	}{
		{"PNG tEXt infotext", makePNG(tEXt("parameters", sampleInfotext)), SourceA1111, "a photo of a cat, <lora:x:0.8>\nsecond prompt line", 1234, ""},
		{"PNG zTXt infotext", makePNG(zTXt("parameters", sampleInfotext)), SourceA1111, "a photo of a cat, <lora:x:0.8>\nsecond prompt line", 1234, ""},
		{"PNG iTXt infotext", makePNG(iTXt("parameters", unicodeInfotext, false)), SourceA1111, "猫が笑っている 🐱, café", 99, ""},
		{"PNG compressed iTXt infotext", makePNG(iTXt("parameters", unicodeInfotext, true)), SourceA1111, "猫が笑っている 🐱, café", 99, ""},
		{"PNG ComfyUI", makePNG(tEXt("prompt", comfyKSampler), tEXt("workflow", comfyWorkflow)), SourceComfyUI, "beautiful scenery nature glass bottle landscape, purple galaxy bottle", 1125899906842624123, comfyKSampler},
		{"PNG with both: infotext first, graph kept", makePNG(tEXt("parameters", sampleInfotext), tEXt("prompt", comfyKSampler)), SourceA1111, "a photo of a cat, <lora:x:0.8>\nsecond prompt line", 1234, comfyKSampler},
		{"PNG ComfyUI graph and a blank infotext", makePNG(tEXt("parameters", " \n"), tEXt("prompt", comfyFlux)), SourceComfyUI, "a fox in the snow, golden hour", 219670278747233, comfyFlux},
		{"PNG whose prompt is not a graph", makePNG(tEXt("prompt", "a cat, masterpiece")), SourceNone, "", 0, ""},
		{"PNG without parameters", makePNG(tEXt("Software", "Matplotlib version3.9.1, https://matplotlib.org/")), SourceNone, "", 0, ""},
		{"PNG without text", makePNG(), SourceNone, "", 0, ""},
		{"JPEG A1111", makeJPEG(app1Exif(a1111Exif(unicodeInfotext))), SourceA1111, "猫が笑っている 🐱, café", 99, ""},
		{"WebP A1111", makeWebP(a1111Exif(sampleInfotext)), SourceA1111, "a photo of a cat, <lora:x:0.8>\nsecond prompt line", 1234, ""},
		{"JPEG without metadata", makeJPEG(), SourceNone, "", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, src, err := FromImage(tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if src != tt.src || p.Prompt != tt.prompt || p.Seed != tt.seed || p.ComfyPrompt != tt.comfyPrompt {
				t.Errorf("got %q, prompt %q, seed %d, comfy prompt %.20q; want %q, %q, %d, %.20q",
					src, p.Prompt, p.Seed, p.ComfyPrompt, tt.src, tt.prompt, tt.seed, tt.comfyPrompt)
			}
		})
	}
}

func TestFromImageWorkflowOnly(t *testing.T) {
	p, src, err := FromImage(makePNG(tEXt("workflow", comfyWorkflow)))
	if err != nil || src != SourceComfyUI || p.ComfyWorkflow != comfyWorkflow || p.HasSeed {
		t.Errorf("got %+v, %q, %v", p, src, err)
	}
}

func TestFromImageErrors(t *testing.T) {
	good := makePNG(tEXt("parameters", sampleInfotext))
	var fe *FormatError
	if _, src, err := FromImage(good[:len(good)-60]); !errors.As(err, &fe) || src != SourceNone {
		t.Errorf("truncated PNG: got %q, %v", src, err)
	}
	var ue *UnsupportedError
	if _, _, err := FromImage([]byte("just some text")); !errors.As(err, &ue) {
		t.Errorf("text file: got %v, want an *UnsupportedError", err)
	}
}

// TestFromImageUpstreamExample reads the PNG the reference implementation's
// example uses: a real Matplotlib picture with a Software chunk and no
// generation parameters.
func TestFromImageUpstreamExample(t *testing.T) {
	data, err := os.ReadFile(fixtures.Path(t, "upstream_example.png"))
	if err != nil {
		t.Fatal(err)
	}
	text, err := ImageText(data)
	if err != nil {
		t.Fatal(err)
	}
	if text["Software"] == "" {
		t.Errorf("no Software chunk in %q", text)
	}
	if _, src, err := FromImage(data); err != nil || src != SourceNone {
		t.Errorf("got %q, %v; want %q", src, err, SourceNone)
	}
}

// TestParametersFromBothSources checks what each generator's metadata
// fills in, and that nothing known leaves everything unset.
func TestParametersFromBothSources(t *testing.T) {
	a := ParseA1111(sampleInfotext)
	if a.Prompt != "a photo of a cat, <lora:x:0.8>\nsecond prompt line" || a.NegativePrompt != "blurry, lowres" ||
		a.Model != "v1-5-pruned-emaonly" || a.Infotext != sampleInfotext {
		t.Errorf("A1111 text fields: %+v", a)
	}
	if !a.HasSeed || a.Seed != 1234 || !a.HasSteps || a.Steps != 20 || a.Sampler != "DPM++ 2M" ||
		!a.HasCFGScale || a.CFGScale != 7 || a.Scheduler != "Karras" {
		t.Errorf("A1111 settings: %+v", a)
	}

	c, err := ParseComfyUI(comfyFlux, comfyWorkflow)
	if err != nil {
		t.Fatal(err)
	}
	if c.Prompt != "a fox in the snow, golden hour" || c.NegativePrompt != "" || c.Model != "flux1-dev.safetensors" ||
		c.ComfyPrompt != comfyFlux || c.ComfyWorkflow != comfyWorkflow {
		t.Errorf("ComfyUI text fields: %+v", c)
	}
	if !c.HasSeed || c.Seed != 219670278747233 || !c.HasSteps || c.Steps != 20 || c.Sampler != "euler" ||
		c.HasCFGScale || c.Scheduler != "simple" {
		t.Errorf("ComfyUI settings: %+v", c)
	}

	if p := ParseA1111(""); p.HasSeed || p.HasSteps || p.HasCFGScale || p.Prompt != "" {
		t.Errorf("nothing known: %+v", p)
	}
}

func ExampleFromImage() {
	data, err := os.ReadFile("picture.png") // a PNG, JPEG or WebP
	if err != nil {
		fmt.Println(err)
		return
	}
	p, src, err := FromImage(data)
	if err != nil {
		fmt.Println("picture.png:", err)
		return
	}
	fmt.Println(src, p.Prompt, p.Seed)
}
