package prefill

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
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

func TestModelInfo(t *testing.T) {
	a := ParseA1111(sampleInfotext)
	want := map[string]any{
		"prompt":          "a photo of a cat, <lora:x:0.8>\nsecond prompt line",
		"negative_prompt": "blurry, lowres",
		"model_name":      "v1-5-pruned-emaonly",
		"generation_settings": map[string]any{
			"seed": uint64(1234), "steps": 20, "sampler": "DPM++ 2M", "cfg_scale": 7.0, "scheduler": "Karras",
		},
		"a1111_parameters": sampleInfotext,
	}
	if got := a.ModelInfo(); !reflect.DeepEqual(got, want) {
		t.Errorf("A1111:\ngot  %#v\nwant %#v", got, want)
	}

	c, err := ParseComfyUI(comfyFlux, comfyWorkflow)
	if err != nil {
		t.Fatal(err)
	}
	want = map[string]any{
		"prompt":     "a fox in the snow, golden hour",
		"model_name": "flux1-dev.safetensors",
		"generation_settings": map[string]any{
			"seed": uint64(219670278747233), "steps": 20, "sampler": "euler", "scheduler": "simple",
		},
		"comfyui_prompt":   comfyFlux,
		"comfyui_workflow": comfyWorkflow,
	}
	if got := c.ModelInfo(); !reflect.DeepEqual(got, want) {
		t.Errorf("ComfyUI:\ngot  %#v\nwant %#v", got, want)
	}

	if got := (Parameters{}).ModelInfo(); len(got) != 0 {
		t.Errorf("nothing known: got %#v, want an empty map", got)
	}
}

// TestModelInfoJSON checks that the entries encode as the manifest wants
// them: a 64-bit seed as an exact integer, cfg_scale as a number.
func TestModelInfoJSON(t *testing.T) {
	p := ParseA1111("x\nSteps: 20, Sampler: Euler, CFG scale: 7.5, Seed: 18446744073709551615")
	b, err := json.Marshal(p.ModelInfo()["generation_settings"])
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"cfg_scale":7.5,"sampler":"Euler","seed":18446744073709551615,"steps":20}`
	if string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
}

func TestFill(t *testing.T) {
	p := ParseA1111(sampleInfotext)
	mi := map[string]any{
		"model_name": "My own model name", // typed by the user: kept
		"prompt":     "",                  // left empty: filled
		"version":    "1.0",
		"generation_settings": map[string]any{
			"seed":    uint64(0), // zero typed on purpose: kept
			"sampler": nil,       // cleared: filled
			"eta":     0.0,
		},
	}
	p.Fill(mi)
	want := map[string]any{
		"model_name":      "My own model name",
		"prompt":          "a photo of a cat, <lora:x:0.8>\nsecond prompt line",
		"negative_prompt": "blurry, lowres",
		"version":         "1.0",
		"generation_settings": map[string]any{
			"seed": uint64(0), "sampler": "DPM++ 2M", "eta": 0.0,
			"steps": 20, "cfg_scale": 7.0, "scheduler": "Karras",
		},
		"a1111_parameters": sampleInfotext,
	}
	if !reflect.DeepEqual(mi, want) {
		t.Errorf("got  %#v\nwant %#v", mi, want)
	}

	// A generation_settings the user replaced by something that is not an
	// object is theirs too.
	mi = map[string]any{"generation_settings": "custom"}
	p.Fill(mi)
	if mi["generation_settings"] != "custom" {
		t.Errorf("got %#v", mi["generation_settings"])
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
	modelInfo := map[string]any{} // what the user typed in the form
	p.Fill(modelInfo)
	fmt.Println(src, modelInfo["prompt"])
}

func ExampleParameters_Fill() {
	p := ParseA1111("a lighthouse at dusk\nNegative prompt: people\nSteps: 30, Sampler: DPM++ 2M Karras, CFG scale: 6.5, Seed: 42, Size: 512x768, Model: sd_xl_base_1.0")
	modelInfo := map[string]any{"prompt": "typed by the user"}
	p.Fill(modelInfo)
	delete(modelInfo, "a1111_parameters") // the whole text, kept so that nothing is lost
	b, _ := json.MarshalIndent(modelInfo, "", "  ")
	fmt.Println(string(b))
	// Output:
	// {
	//   "generation_settings": {
	//     "cfg_scale": 6.5,
	//     "sampler": "DPM++ 2M",
	//     "scheduler": "Karras",
	//     "seed": 42,
	//     "steps": 30
	//   },
	//   "model_name": "sd_xl_base_1.0",
	//   "negative_prompt": "people",
	//   "prompt": "typed by the user"
	// }
}
