package prefill

import (
	"reflect"
	"testing"
)

// sampleInfotext is an A1111 1.7 infotext: a two-line prompt with a LoRA
// tag, a negative prompt, and a parameter list with a quoted value.
const sampleInfotext = `a photo of a cat, <lora:x:0.8>
second prompt line
Negative prompt: blurry, lowres
Steps: 20, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 7, Seed: 1234, Size: 512x768, Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Denoising strength: 0.7, Lora hashes: "x: 1234abcd, y: 5678", Version: v1.7.0`

func TestParseA1111(t *testing.T) {
	tests := []struct {
		name string
		text string
		want Parameters
	}{
		{
			name: "full",
			text: sampleInfotext,
			want: Parameters{
				Prompt:         "a photo of a cat, <lora:x:0.8>\nsecond prompt line",
				NegativePrompt: "blurry, lowres",
				Steps:          20, HasSteps: true,
				Sampler: "DPM++ 2M", Scheduler: "Karras",
				CFGScale: 7, HasCFGScale: true,
				Seed: 1234, HasSeed: true,
				Width: 512, Height: 768, HasSize: true,
				Model: "v1-5-pruned-emaonly", ModelHash: "6ce0161689",
				Extra: map[string]string{
					"Denoising strength": "0.7",
					"Lora hashes":        "x: 1234abcd, y: 5678",
					"Version":            "v1.7.0",
				},
			},
		},
		{
			name: "no negative prompt, scheduler in the sampler name",
			text: "masterpiece, 1girl, looking at viewer\nSteps: 28, Sampler: DPM++ 2M Karras, CFG scale: 7.5, Seed: 3903467262, Size: 832x1216, Model hash: 31e35c80fc, Model: sd_xl_base_1.0, Version: v1.6.0",
			want: Parameters{
				Prompt: "masterpiece, 1girl, looking at viewer",
				Steps:  28, HasSteps: true,
				Sampler: "DPM++ 2M", Scheduler: "Karras",
				CFGScale: 7.5, HasCFGScale: true,
				Seed: 3903467262, HasSeed: true,
				Width: 832, Height: 1216, HasSize: true,
				Model: "sd_xl_base_1.0", ModelHash: "31e35c80fc",
				Extra: map[string]string{"Version": "v1.6.0"},
			},
		},
		{
			name: "multi-line negative prompt",
			text: "a castle\non a hill\nNegative prompt: bad hands,\nworst quality,\n  low quality  \nSteps: 30, Sampler: Euler a, CFG scale: 5, Seed: 0, Size: 1024x1024",
			want: Parameters{
				Prompt:         "a castle\non a hill",
				NegativePrompt: "bad hands,\nworst quality,\nlow quality",
				Steps:          30, HasSteps: true,
				Sampler:  "Euler a",
				CFGScale: 5, HasCFGScale: true,
				Seed: 0, HasSeed: true,
				Width: 1024, Height: 1024, HasSize: true,
			},
		},
		{
			name: "quoted values with commas, quotes and newlines",
			text: `portrait
Steps: 25, Sampler: DPM++ SDE, Schedule type: Exponential, CFG scale: 6, Seed: 42, Size: 768x768, ADetailer prompt: "a \"smiling\" face, detailed", Template: "line one\nline two, with comma", Hires upscaler: 4x-UltraSharp, Hires resize: 1024x1536, Empty: , Version: v1.10.1`,
			want: Parameters{
				Prompt: "portrait",
				Steps:  25, HasSteps: true,
				Sampler: "DPM++ SDE", Scheduler: "Exponential",
				CFGScale: 6, HasCFGScale: true,
				Seed: 42, HasSeed: true,
				Width: 768, Height: 768, HasSize: true,
				Extra: map[string]string{
					"ADetailer prompt": `a "smiling" face, detailed`,
					"Template":         "line one\nline two, with comma",
					"Hires upscaler":   "4x-UltraSharp",
					"Hires resize":     "1024x1536",
					"Empty":            "",
					"Version":          "v1.10.1",
				},
			},
		},
		{
			name: "empty first negative line is not a leading newline",
			text: "a dog\nNegative prompt:\nugly\nSteps: 10, Sampler: Euler, Seed: 7",
			want: Parameters{
				Prompt: "a dog", NegativePrompt: "ugly",
				Steps: 10, HasSteps: true, Sampler: "Euler", Seed: 7, HasSeed: true,
			},
		},
		{
			name: "parameters only",
			text: "Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 512x512",
			want: Parameters{
				Steps: 20, HasSteps: true, Sampler: "Euler a",
				CFGScale: 7, HasCFGScale: true, Seed: 1, HasSeed: true,
				Width: 512, Height: 512, HasSize: true,
			},
		},
		{
			name: "prompt only",
			text: "just a prompt, nothing else\n",
			want: Parameters{Prompt: "just a prompt, nothing else"},
		},
		{
			name: "a prompt line that mentions Steps is not the list",
			text: "Steps: of a staircase\nNegative prompt: fog\nSteps: 20, Sampler: Euler, Seed: 5",
			want: Parameters{
				Prompt: "Steps: of a staircase", NegativePrompt: "fog",
				Steps: 20, HasSteps: true, Sampler: "Euler", Seed: 5, HasSeed: true,
			},
		},
		{
			name: "lines after the Steps line belong to the list",
			text: "a cat\nSteps: 20, Sampler: Euler, Seed: 5\nHires prompt: \"a cat, detailed\", Hires steps: 10",
			want: Parameters{
				Prompt: "a cat", Steps: 20, HasSteps: true, Sampler: "Euler", Seed: 5, HasSeed: true,
				Extra: map[string]string{"Hires prompt": "a cat, detailed", "Hires steps": "10"},
			},
		},
		{
			name: "without Steps, A1111's last-line rule",
			text: "a cat\nSampler: Euler, Seed: 5, CFG scale: 3",
			want: Parameters{Prompt: "a cat", Sampler: "Euler", Seed: 5, HasSeed: true, CFGScale: 3, HasCFGScale: true},
		},
		{
			name: "CRLF line ends",
			text: "a cat\r\nNegative prompt: dog\r\nSteps: 20, Sampler: Euler, CFG scale: 7, Seed: 1, Size: 512x512\r\n",
			want: Parameters{
				Prompt: "a cat", NegativePrompt: "dog", Steps: 20, HasSteps: true, Sampler: "Euler",
				CFGScale: 7, HasCFGScale: true, Seed: 1, HasSeed: true, Width: 512, Height: 512, HasSize: true,
			},
		},
		{
			name: "unparsable known values stay in Extra",
			text: "x\nSteps: many, Sampler: Euler, Seed: -1, CFG scale: high, Size: big",
			want: Parameters{
				Prompt: "x", Sampler: "Euler",
				Extra: map[string]string{"Steps": "many", "Seed": "-1", "CFG scale": "high", "Size": "big"},
			},
		},
		{
			name: "largest seed",
			text: "x\nSteps: 1, Sampler: Euler, Seed: 18446744073709551615",
			want: Parameters{Prompt: "x", Steps: 1, HasSteps: true, Sampler: "Euler", Seed: 18446744073709551615, HasSeed: true},
		},
		{
			name: "Forge Flux",
			text: "a fox in the snow\nSteps: 20, Sampler: Euler, Schedule type: Simple, CFG scale: 1, Distilled CFG Scale: 3.5, Seed: 42, Size: 896x1152, Model hash: 8e91b68084, Model: flux1-dev-bnb-nf4-v2, Version: f2.0.1v1.10.1-previous-313-g8a042934, Module 1: ae",
			want: Parameters{
				Prompt: "a fox in the snow", Steps: 20, HasSteps: true, Sampler: "Euler", Scheduler: "Simple",
				CFGScale: 1, HasCFGScale: true, Seed: 42, HasSeed: true, Width: 896, Height: 1152, HasSize: true,
				Model: "flux1-dev-bnb-nf4-v2", ModelHash: "8e91b68084",
				Extra: map[string]string{"Distilled CFG Scale": "3.5", "Version": "f2.0.1v1.10.1-previous-313-g8a042934", "Module 1": "ae"},
			},
		},
		{
			name: "SD.Next width and height",
			text: "a boat\nSteps: 20, Sampler: UniPC, Seed: 9, Width: 640, Height: 480, Backend: Diffusers",
			want: Parameters{
				Prompt: "a boat", Steps: 20, HasSteps: true, Sampler: "UniPC", Seed: 9, HasSeed: true,
				Width: 640, Height: 480, HasSize: true, Extra: map[string]string{"Backend": "Diffusers"},
			},
		},
		{
			name: "unicode prompt and key",
			text: "猫が笑っている 🐱\nNegative prompt: 犬\nSteps: 20, Sampler: Euler, Seed: 3, Größe: 5",
			want: Parameters{
				Prompt: "猫が笑っている 🐱", NegativePrompt: "犬", Steps: 20, HasSteps: true, Sampler: "Euler",
				Seed: 3, HasSeed: true, Extra: map[string]string{"Größe": "5"},
			},
		},
		{name: "empty", text: "", want: Parameters{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseA1111(tt.text)
			tt.want.Infotext = tt.text
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestSplitSampler(t *testing.T) {
	tests := []struct{ in, sampler, scheduler string }{
		{"DPM++ 2M Karras", "DPM++ 2M", "Karras"},
		{"DPM++ 2M SDE Exponential", "DPM++ 2M SDE", "Exponential"},
		{"DPM++ 2M SDE Heun Karras", "DPM++ 2M SDE Heun", "Karras"},
		{"Euler SGMUniform", "Euler", "SGMUniform"},
		{"Euler SGM Uniform", "Euler", "SGM Uniform"},
		{"LMS karras", "LMS", "karras"},
		{"Euler a", "Euler a", ""},
		{"DDIM", "DDIM", ""},
		{"Karras", "Karras", ""},
		{"DPM++ 2M", "DPM++ 2M", ""},
	}
	for _, tt := range tests {
		s, sch := splitSampler(tt.in)
		if s != tt.sampler || sch != tt.scheduler {
			t.Errorf("splitSampler(%q) = %q, %q; want %q, %q", tt.in, s, sch, tt.sampler, tt.scheduler)
		}
	}
}

// TestSchedulerKeptWhenStated checks that a sampler name is not split when
// the infotext states the schedule itself.
func TestSchedulerKeptWhenStated(t *testing.T) {
	p := ParseA1111("x\nSteps: 20, Sampler: DPM++ 2M Karras, Schedule type: Automatic, Seed: 1")
	if p.Sampler != "DPM++ 2M Karras" || p.Scheduler != "Automatic" {
		t.Errorf("got %q, %q", p.Sampler, p.Scheduler)
	}
}
