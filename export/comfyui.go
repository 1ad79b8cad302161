package export

import (
	"encoding/json"
	"fmt"

	"github.com/gen5viewer/gen5view/randn"
)

// comfyNode is one node of an API-format workflow: its class and inputs,
// where an input [id, n] is output n of node id.
type comfyNode struct {
	ClassType string         `json:"class_type"`
	Inputs    map[string]any `json:"inputs"`
}

func link(id string, output int) []any { return []any{id, output} }

// ComfyWorkflow returns a ComfyUI API-format workflow (what "Save (API
// Format)" writes and the /prompt endpoint takes) that draws the file's
// noise again: checkpoint, both prompts, an empty latent of the file's
// size, KSampler with the seed, steps, CFG, sampler and scheduler, decode
// and save.
//
// KSampler draws one torch CPU randn over the latent's whole shape, so the
// workflow is made only when that is where the noise came from, or from
// ComfyUI's batch_index rule with consecutive indices, which LatentFromBatch
// reproduces (*NotReproducible otherwise). A 16-channel latent (SD3, Flux)
// starts from EmptySD3LatentImage, a 4-channel one from EmptyLatentImage:
// the empty latent's channels decide the noise's shape.
func ComfyWorkflow(s Settings) ([]byte, error) {
	w, h, err := s.Size()
	if err != nil {
		return nil, err
	}
	if len(s.Shape) != 4 {
		return nil, fmt.Errorf("ComfyUI latents are (B, C, H, W); this one is %v", s.Shape)
	}
	batch := s.Shape[0]
	var fromBatch, emptyBatch int = -1, batch
	switch s.Check.Source {
	case randn.SourceTorchCPU:
	case randn.SourceComfyBatchIndex:
		ks := s.Check.BatchIndex
		for i := range ks {
			if ks[i] != ks[0]+i {
				return nil, fmt.Errorf("the pictures are ComfyUI batch_index draws %v, which one LatentFromBatch cannot select", ks)
			}
		}
		fromBatch, emptyBatch = ks[0], ks[0]+batch
	default:
		return nil, &NotReproducible{Tool: "ComfyUI's KSampler", Source: s.Check.Source}
	}
	var empty string
	switch s.Shape[1] {
	case 4:
		empty = "EmptyLatentImage"
	case 16:
		empty = "EmptySD3LatentImage"
	default:
		return nil, fmt.Errorf("no ComfyUI empty-latent node makes %d channels", s.Shape[1])
	}

	gs := s.Info.GenerationSettings
	samplerName, scheduler := "euler", "normal"
	if m, ok := samplers[normalName(gs.Sampler)]; ok {
		samplerName = m.comfy
	}
	if m, ok := schedules[normalName(gs.Scheduler)]; ok {
		scheduler = m.comfy
	}
	cfg := gs.CFGScale
	if cfg == 0 {
		cfg = 7
	}
	steps := max(gs.Steps, 1)
	ckpt := s.Info.ModelName
	if ckpt == "" {
		ckpt = "model.safetensors"
	}
	latent := link("5", 0)
	nodes := map[string]comfyNode{
		"4": {"CheckpointLoaderSimple", map[string]any{"ckpt_name": ckpt}},
		"5": {empty, map[string]any{"width": w, "height": h, "batch_size": emptyBatch}},
		"6": {"CLIPTextEncode", map[string]any{"text": s.Info.Prompt, "clip": link("4", 1)}},
		"7": {"CLIPTextEncode", map[string]any{"text": s.Info.NegativePrompt, "clip": link("4", 1)}},
		"8": {"VAEDecode", map[string]any{"samples": link("3", 0), "vae": link("4", 2)}},
		"9": {"SaveImage", map[string]any{"filename_prefix": "gen5", "images": link("8", 0)}},
	}
	if fromBatch >= 0 {
		nodes["10"] = comfyNode{"LatentFromBatch", map[string]any{"samples": link("5", 0), "batch_index": fromBatch, "length": batch}}
		latent = link("10", 0)
	}
	nodes["3"] = comfyNode{"KSampler", map[string]any{
		"seed": s.Info.GenerationSettings.Seed, "steps": steps, "cfg": cfg,
		"sampler_name": samplerName, "scheduler": scheduler, "denoise": 1.0,
		"model": link("4", 0), "positive": link("6", 0), "negative": link("7", 0), "latent_image": latent,
	}}
	return json.MarshalIndent(nodes, "", "  ")
}
