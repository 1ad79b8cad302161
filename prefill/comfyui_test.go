package prefill

import (
	"errors"
	"reflect"
	"slices"
	"testing"
)

// comfyKSampler is ComfyUI's default text-to-image graph as the API graph
// ("prompt" chunk) stores it, with a LoRA loader between the checkpoint and
// the sampler, and a seed above 2⁵³ that a float64 would round.
const comfyKSampler = `{
  "3": {"inputs": {"seed": 1125899906842624123, "steps": 20, "cfg": 8, "sampler_name": "euler", "scheduler": "normal", "denoise": 1, "model": ["10", 0], "positive": ["6", 0], "negative": ["7", 0], "latent_image": ["5", 0]}, "class_type": "KSampler", "_meta": {"title": "KSampler"}},
  "4": {"inputs": {"ckpt_name": "v1-5-pruned-emaonly.safetensors"}, "class_type": "CheckpointLoaderSimple", "_meta": {"title": "Load Checkpoint"}},
  "5": {"inputs": {"width": 512, "height": 768, "batch_size": 1}, "class_type": "EmptyLatentImage", "_meta": {"title": "Empty Latent Image"}},
  "6": {"inputs": {"text": "beautiful scenery nature glass bottle landscape, purple galaxy bottle", "clip": ["10", 1]}, "class_type": "CLIPTextEncode", "_meta": {"title": "CLIP Text Encode (Prompt)"}},
  "7": {"inputs": {"text": "text, watermark", "clip": ["10", 1]}, "class_type": "CLIPTextEncode", "_meta": {"title": "CLIP Text Encode (Prompt)"}},
  "8": {"inputs": {"samples": ["3", 0], "vae": ["4", 2]}, "class_type": "VAEDecode", "_meta": {"title": "VAE Decode"}},
  "9": {"inputs": {"filename_prefix": "ComfyUI", "images": ["8", 0]}, "class_type": "SaveImage", "_meta": {"title": "Save Image"}},
  "10": {"inputs": {"lora_name": "add_detail.safetensors", "strength_model": 0.8, "strength_clip": 0.8, "model": ["4", 0], "clip": ["4", 1]}, "class_type": "LoraLoader", "_meta": {"title": "Load LoRA"}}
}`

// comfyWorkflow is the start of the matching editor graph ("workflow"
// chunk); it is only kept, never read.
const comfyWorkflow = `{"last_node_id": 10, "last_link_id": 12, "nodes": [{"id": 3, "type": "KSampler", "pos": [863, 186], "size": [315, 262], "flags": {}, "order": 5, "mode": 0, "widgets_values": [1125899906842624123, "randomize", 20, 8, "euler", "normal", 1]}], "links": [[1, 4, 0, 10, 0, "MODEL"]], "groups": [], "config": {}, "extra": {}, "version": 0.4}`

// comfySDXLRefiner is the SDXL base + refiner graph: two KSamplerAdvanced
// passes. The refiner has the lower id, so choosing by id alone would take
// the wrong pass; the base pass drew the noise.
const comfySDXLRefiner = `{
  "3": {"inputs": {"add_noise": "disable", "noise_seed": 0, "steps": 25, "cfg": 8, "sampler_name": "euler", "scheduler": "normal", "start_at_step": 20, "end_at_step": 10000, "return_with_leftover_noise": "disable", "model": ["12", 0], "positive": ["15", 0], "negative": ["16", 0], "latent_image": ["10", 0]}, "class_type": "KSamplerAdvanced", "_meta": {"title": "KSampler (Advanced) - REFINER"}},
  "4": {"inputs": {"ckpt_name": "sd_xl_base_1.0.safetensors"}, "class_type": "CheckpointLoaderSimple"},
  "5": {"inputs": {"width": 1024, "height": 1024, "batch_size": 1}, "class_type": "EmptyLatentImage"},
  "6": {"inputs": {"width": 4096, "height": 4096, "crop_w": 0, "crop_h": 0, "target_width": 4096, "target_height": 4096, "text_g": "evening sunset scenery blue sky nature, glass bottle with a galaxy in it", "text_l": "sunset, galaxy bottle", "clip": ["4", 1]}, "class_type": "CLIPTextEncodeSDXL"},
  "7": {"inputs": {"width": 4096, "height": 4096, "crop_w": 0, "crop_h": 0, "target_width": 4096, "target_height": 4096, "text_g": "text, watermark", "text_l": "text, watermark", "clip": ["4", 1]}, "class_type": "CLIPTextEncodeSDXL"},
  "10": {"inputs": {"add_noise": "enable", "noise_seed": 721897303308196, "steps": 25, "cfg": 8, "sampler_name": "dpmpp_2m", "scheduler": "karras", "start_at_step": 0, "end_at_step": 20, "return_with_leftover_noise": "enable", "model": ["4", 0], "positive": ["6", 0], "negative": ["7", 0], "latent_image": ["5", 0]}, "class_type": "KSamplerAdvanced", "_meta": {"title": "KSampler (Advanced) - BASE"}},
  "12": {"inputs": {"ckpt_name": "sd_xl_refiner_1.0.safetensors"}, "class_type": "CheckpointLoaderSimple"},
  "15": {"inputs": {"ascore": 6, "width": 1024, "height": 1024, "text": "evening sunset scenery blue sky nature, glass bottle with a galaxy in it", "clip": ["12", 1]}, "class_type": "CLIPTextEncodeSDXLRefiner"},
  "16": {"inputs": {"ascore": 6, "width": 1024, "height": 1024, "text": "text, watermark", "clip": ["12", 1]}, "class_type": "CLIPTextEncodeSDXLRefiner"},
  "17": {"inputs": {"samples": ["3", 0], "vae": ["12", 2]}, "class_type": "VAEDecode"},
  "19": {"inputs": {"filename_prefix": "ComfyUI", "images": ["17", 0]}, "class_type": "SaveImage"}
}`

// comfyFlux is ComfyUI's Flux dev example: SamplerCustomAdvanced with its
// settings on RandomNoise, KSamplerSelect, BasicScheduler and BasicGuider,
// and FluxGuidance on the conditioning.
const comfyFlux = `{
  "6": {"inputs": {"text": "a fox in the snow, golden hour", "clip": ["11", 0]}, "class_type": "CLIPTextEncode"},
  "8": {"inputs": {"samples": ["13", 0], "vae": ["10", 0]}, "class_type": "VAEDecode"},
  "9": {"inputs": {"filename_prefix": "ComfyUI", "images": ["8", 0]}, "class_type": "SaveImage"},
  "10": {"inputs": {"vae_name": "ae.safetensors"}, "class_type": "VAELoader"},
  "11": {"inputs": {"clip_name1": "t5xxl_fp16.safetensors", "clip_name2": "clip_l.safetensors", "type": "flux"}, "class_type": "DualCLIPLoader"},
  "12": {"inputs": {"unet_name": "flux1-dev.safetensors", "weight_dtype": "default"}, "class_type": "UNETLoader"},
  "13": {"inputs": {"noise": ["25", 0], "guider": ["22", 0], "sampler": ["16", 0], "sigmas": ["17", 0], "latent_image": ["27", 0]}, "class_type": "SamplerCustomAdvanced"},
  "16": {"inputs": {"sampler_name": "euler"}, "class_type": "KSamplerSelect"},
  "17": {"inputs": {"scheduler": "simple", "steps": 20, "denoise": 1, "model": ["30", 0]}, "class_type": "BasicScheduler"},
  "22": {"inputs": {"model": ["30", 0], "conditioning": ["26", 0]}, "class_type": "BasicGuider"},
  "25": {"inputs": {"noise_seed": 219670278747233}, "class_type": "RandomNoise"},
  "26": {"inputs": {"guidance": 3.5, "conditioning": ["6", 0]}, "class_type": "FluxGuidance"},
  "27": {"inputs": {"width": 1024, "height": 1024, "batch_size": 1}, "class_type": "EmptySD3LatentImage"},
  "30": {"inputs": {"max_shift": 1.15, "base_shift": 0.5, "width": 1024, "height": 1024, "model": ["12", 0]}, "class_type": "ModelSamplingFlux"}
}`

// comfyLinked has the values behind links: the seed on an rgthree seed
// node, the prompt on a string primitive, a ControlNet between the prompts
// and the sampler, and an empty negative made with ConditioningZeroOut.
const comfyLinked = `{
  "3": {"inputs": {"seed": ["20", 0], "steps": ["22", 0], "cfg": 4.5, "sampler_name": "dpmpp_2m", "scheduler": "karras", "denoise": 0.75, "model": ["4", 0], "positive": ["21", 0], "negative": ["21", 1], "latent_image": ["23", 0]}, "class_type": "KSampler"},
  "4": {"inputs": {"ckpt_name": "juggernautXL_v9.safetensors"}, "class_type": "CheckpointLoaderSimple"},
  "5": {"inputs": {"width": ["24", 0], "height": 832, "batch_size": 1}, "class_type": "EmptyLatentImage"},
  "6": {"inputs": {"text": ["30", 0], "clip": ["4", 1]}, "class_type": "CLIPTextEncode"},
  "7": {"inputs": {"conditioning": ["6", 0]}, "class_type": "ConditioningZeroOut"},
  "8": {"inputs": {"samples": ["3", 0], "vae": ["4", 2]}, "class_type": "VAEDecode"},
  "9": {"inputs": {"images": ["8", 0]}, "class_type": "PreviewImage"},
  "20": {"inputs": {"seed": 42}, "class_type": "Seed (rgthree)"},
  "21": {"inputs": {"strength": 1, "start_percent": 0, "end_percent": 1, "positive": ["6", 0], "negative": ["7", 0], "control_net": ["25", 0], "image": ["26", 0], "vae": ["4", 2]}, "class_type": "ControlNetApplyAdvanced"},
  "22": {"inputs": {"value": 30}, "class_type": "PrimitiveInt"},
  "23": {"inputs": {"amount": 1, "samples": ["5", 0]}, "class_type": "RepeatLatentBatch"},
  "24": {"inputs": {"value": 1216}, "class_type": "PrimitiveInt"},
  "25": {"inputs": {"control_net_name": "canny.safetensors"}, "class_type": "ControlNetLoader"},
  "26": {"inputs": {"image": "example.png"}, "class_type": "LoadImage"},
  "30": {"inputs": {"value": "a castle on a hill"}, "class_type": "PrimitiveStringMultiline"}
}`

// comfyLoop is hostile: links that point back at their own node, at nodes
// that do not exist, and round in circles. Parsing must end.
const comfyLoop = `{
  "1": {"inputs": {"seed": ["1", 0], "steps": ["2", 0], "cfg": 7, "sampler_name": "euler", "scheduler": "normal", "model": ["2", 0], "positive": ["3", 0], "negative": ["99", 0], "latent_image": ["1", 0]}, "class_type": "KSampler"},
  "2": {"inputs": {"steps": ["2", 0], "model": ["1", 0]}, "class_type": "LoraLoader"},
  "3": {"inputs": {"conditioning": ["3", 0], "conditioning_to": ["1", 0]}, "class_type": "ConditioningConcat"},
  "4": {"inputs": {"images": ["1", 0]}, "class_type": "SaveImage"}
}`

func TestParseComfyUI(t *testing.T) {
	tests := []struct {
		name   string
		prompt string
		want   Parameters
	}{
		{
			name:   "KSampler with LoRA",
			prompt: comfyKSampler,
			want: Parameters{
				Prompt:         "beautiful scenery nature glass bottle landscape, purple galaxy bottle",
				NegativePrompt: "text, watermark",
				Steps:          20, HasSteps: true,
				Sampler: "euler", Scheduler: "normal",
				CFGScale: 8, HasCFGScale: true,
				Seed: 1125899906842624123, HasSeed: true,
				Width: 512, Height: 768, HasSize: true,
				Model: "v1-5-pruned-emaonly.safetensors",
				Extra: map[string]string{"denoise": "1"},
			},
		},
		{
			name:   "SDXL base and refiner",
			prompt: comfySDXLRefiner,
			want: Parameters{
				Prompt:         "evening sunset scenery blue sky nature, glass bottle with a galaxy in it",
				NegativePrompt: "text, watermark",
				Steps:          25, HasSteps: true,
				Sampler: "dpmpp_2m", Scheduler: "karras",
				CFGScale: 8, HasCFGScale: true,
				Seed: 721897303308196, HasSeed: true,
				Width: 1024, Height: 1024, HasSize: true,
				Model: "sd_xl_base_1.0.safetensors",
				Extra: map[string]string{"text_l": "sunset, galaxy bottle"},
			},
		},
		{
			name:   "Flux SamplerCustomAdvanced",
			prompt: comfyFlux,
			want: Parameters{
				Prompt: "a fox in the snow, golden hour",
				Steps:  20, HasSteps: true,
				Sampler: "euler", Scheduler: "simple",
				Seed: 219670278747233, HasSeed: true,
				Width: 1024, Height: 1024, HasSize: true,
				Model: "flux1-dev.safetensors",
				Extra: map[string]string{"denoise": "1", "guidance": "3.5"},
			},
		},
		{
			name:   "values behind links",
			prompt: comfyLinked,
			want: Parameters{
				Prompt: "a castle on a hill",
				Steps:  30, HasSteps: true,
				Sampler: "dpmpp_2m", Scheduler: "karras",
				CFGScale: 4.5, HasCFGScale: true,
				Seed: 42, HasSeed: true,
				Width: 1216, Height: 832, HasSize: true,
				Model: "juggernautXL_v9.safetensors",
				Extra: map[string]string{"denoise": "0.75"},
			},
		},
		{
			name:   "loops end",
			prompt: comfyLoop,
			want: Parameters{
				Sampler: "euler", Scheduler: "normal",
				CFGScale: 7, HasCFGScale: true,
			},
		},
		{
			name:   "no sampler: the model alone",
			prompt: `{"4": {"inputs": {"ckpt_name": "model.safetensors"}, "class_type": "CheckpointLoaderSimple"}, "note": "not a node"}`,
			want:   Parameters{Model: "model.safetensors"},
		},
		{
			name:   "float-written integers and a string seed",
			prompt: `{"1": {"inputs": {"seed": "77", "steps": 20.0, "cfg": 7, "sampler_name": "euler", "scheduler": "normal", "model": [2, 0], "positive": ["3", 0], "negative": ["3", 0], "latent_image": ["4", 0]}, "class_type": "KSampler"}, "2": {"inputs": {"ckpt_name": "m"}, "class_type": "CheckpointLoaderSimple"}, "3": {"inputs": {"text": "t"}, "class_type": "CLIPTextEncode"}, "4": {"inputs": {"width": 2e3, "height": 512.5}, "class_type": "EmptyLatentImage"}}`,
			want: Parameters{
				Prompt: "t", NegativePrompt: "t",
				Seed: 77, HasSeed: true, Steps: 20, HasSteps: true, CFGScale: 7, HasCFGScale: true,
				Sampler: "euler", Scheduler: "normal", Model: "m",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseComfyUI(tt.prompt, comfyWorkflow)
			if err != nil {
				t.Fatal(err)
			}
			tt.want.ComfyPrompt, tt.want.ComfyWorkflow = tt.prompt, comfyWorkflow
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestComfyNegativeSameEncoder checks that the negative prompt is found even
// when its encoder was already visited on the positive side: each walk has
// its own visited set, which bounds its work without hiding text.
func TestComfyNegativeSameEncoder(t *testing.T) {
	p, err := ParseComfyUI(`{"1": {"inputs": {"seed": 1, "steps": 1, "cfg": 1, "sampler_name": "euler", "scheduler": "normal", "positive": ["3", 0], "negative": ["3", 0]}, "class_type": "KSampler"}, "3": {"inputs": {"text": "same"}, "class_type": "CLIPTextEncode"}}`, "")
	if err != nil {
		t.Fatal(err)
	}
	if p.Prompt != "same" || p.NegativePrompt != "same" {
		t.Errorf("got prompt %q, negative %q", p.Prompt, p.NegativePrompt)
	}
}

func TestParseComfyUIErrors(t *testing.T) {
	for _, prompt := range []string{"", "not json", "[1, 2]", "{}", `{"1": {"inputs": {}}}`, `{"1": 5}`, "a cat, masterpiece"} {
		_, err := ParseComfyUI(prompt, "")
		var fe *FormatError
		if !errors.As(err, &fe) || fe.Format != "ComfyUI" {
			t.Errorf("ParseComfyUI(%q): got %v, want a ComfyUI *FormatError", prompt, err)
		}
	}
}

func TestCompareIDs(t *testing.T) {
	ids := []string{"10", "9", "12:5", "a", "12:10", "100", "12", "2"}
	slices.SortFunc(ids, compareIDs)
	want := []string{"2", "9", "10", "12", "12:5", "12:10", "100", "a"}
	if !slices.Equal(ids, want) {
		t.Errorf("got %q, want %q", ids, want)
	}
}
