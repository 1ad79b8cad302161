package prefill

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Bounds on walking a ComfyUI graph. Real graphs have tens to hundreds of
// nodes and chains a few links deep; the bounds only matter for crafted ones,
// where links may loop.
const (
	maxComfyNodes    = 10000 // a graph with more is refused
	maxLinkDepth     = 8     // links followed to find a widget's value
	maxSamplersCheck = 64    // samplers compared when choosing the first pass
)

// comfyNode is one node of ComfyUI's API graph: its class and its inputs,
// each either a widget value or a link [node id, output index].
type comfyNode struct {
	class  string
	inputs map[string]any
}

// comfyGraph is a parsed "prompt" chunk, with its node ids in numeric order
// so that every choice below is deterministic.
type comfyGraph struct {
	nodes map[string]*comfyNode
	ids   []string
}

// ParseComfyUI reads the generation parameters out of ComfyUI's API graph,
// the JSON ComfyUI stores in a PNG's "prompt" chunk: an object of node id →
// {"class_type", "inputs"}. workflow, the editor graph from the "workflow"
// chunk, is not interpreted, only kept; prompt and workflow end up whole in
// ComfyPrompt and ComfyWorkflow.
//
// The parameters are those of one sampler node: KSampler, KSamplerAdvanced,
// SamplerCustom, SamplerCustomAdvanced, or a custom node whose class contains
// "KSampler" and that takes a "positive" input. When there are several (a
// hires-fix or refiner pass), the candidates are the samplers upstream of an
// output node (SaveImage, PreviewImage or a class naming both "save" and
// "image"), or all samplers when none is; among them the first pass is
// chosen, the one no other candidate feeds, and among those the lowest node
// id (past 64 candidates, simply the lowest id, to bound the work). The first pass is the one that drew the initial noise a .gen5 container
// stores, so its seed, steps and size are the ones that describe that noise.
//
// From the sampler: seed (KSampler's "seed", KSamplerAdvanced's
// "noise_seed"), steps, cfg, sampler_name and scheduler, looking through the
// RandomNoise, BasicScheduler, KSamplerSelect and CFGGuider nodes that
// SamplerCustomAdvanced takes them from, and "denoise" into Extra. The prompt
// is the text of the CLIPTextEncode node (text; text_g of CLIPTextEncodeSDXL,
// t5xxl of CLIPTextEncodeFlux, with text_l or clip_l in Extra when it
// differs) that the "positive" input leads to, through conditioning nodes
// such as ControlNetApply, ConditioningCombine and FluxGuidance (whose
// guidance goes into Extra); the negative prompt likewise, except through
// ConditioningZeroOut, which means there is none. Widget values that are
// themselves links to primitive nodes are followed a few levels. The model
// is the ckpt_name or unet_name of the loader the "model" input leads to,
// through LoRA loaders and other model patches, or else of the first loader
// in the graph; the size is that of the empty latent the "latent_image"
// input leads to.
//
// A prompt that is not a JSON object holding at least one node gives a
// *FormatError; a graph without a sampler is not an error and gives what can
// be found without one (the model), plus the raw JSON.
func ParseComfyUI(prompt, workflow string) (Parameters, error) {
	p := Parameters{ComfyPrompt: prompt, ComfyWorkflow: workflow}
	g, err := parseComfyGraph(prompt)
	if err != nil {
		return Parameters{}, err
	}
	id, ok := g.chooseSampler()
	if !ok {
		p.Model = g.anyModel()
		return p, nil
	}
	s := g.nodes[id]

	if v, ok := g.field(s, []string{"seed", "noise_seed"}, "noise"); ok {
		p.Seed, p.HasSeed = toUint64(v)
	}
	if v, ok := g.field(s, []string{"steps"}, "sigmas"); ok {
		if n, ok := toUint64(v); ok && n >= 1 && n <= math.MaxInt32 {
			p.Steps, p.HasSteps = int(n), true
		}
	}
	if v, ok := g.field(s, []string{"cfg"}, "guider"); ok {
		if f, ok := toFloat(v); ok && f >= 0 && f <= 1e6 {
			p.CFGScale, p.HasCFGScale = f, true
		}
	}
	if v, ok := g.field(s, []string{"sampler_name"}, "sampler"); ok {
		p.Sampler, _ = v.(string)
	}
	if v, ok := g.field(s, []string{"scheduler"}, "sigmas"); ok {
		p.Scheduler, _ = v.(string)
	}
	if v, ok := g.field(s, []string{"denoise"}, "sigmas"); ok {
		if f, ok := toFloat(v); ok {
			p.Extra = mapPut(p.Extra, "denoise", strconv.FormatFloat(f, 'g', -1, 64))
		}
	}

	if v, ok := g.link(s, []string{"positive", "conditioning"}, "guider"); ok {
		c := g.condText(v, "positive", map[string]bool{})
		p.Prompt = c.text
		if c.second != "" {
			p.Extra = mapPut(p.Extra, c.secondKey, c.second)
		}
		if c.guidance != "" {
			p.Extra = mapPut(p.Extra, "guidance", c.guidance)
		}
	}
	if v, ok := g.link(s, []string{"negative"}, "guider"); ok {
		c := g.condText(v, "negative", map[string]bool{})
		p.NegativePrompt = c.text
		if c.second != "" {
			p.Extra = mapPut(p.Extra, "negative_"+c.secondKey, c.second)
		}
	}

	if v, ok := g.link(s, []string{"model"}, "guider", "sigmas"); ok {
		p.Model = g.modelName(v)
	}
	if p.Model == "" {
		p.Model = g.anyModel()
	}
	if v, ok := s.inputs["latent_image"]; ok {
		p.Width, p.Height, p.HasSize = g.latentSize(v)
	}
	return p, nil
}

// parseComfyGraph decodes an API graph. Numbers stay json.Number so that a
// 64-bit seed keeps every digit; entries that are not nodes are skipped.
func parseComfyGraph(prompt string) (*comfyGraph, error) {
	dec := json.NewDecoder(strings.NewReader(prompt))
	dec.UseNumber()
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil {
		return nil, formatErr("ComfyUI", "prompt is not a JSON object: "+err.Error())
	}
	if len(raw) > maxComfyNodes {
		return nil, formatErr("ComfyUI", fmt.Sprintf("graph has %d nodes, over the limit of %d", len(raw), maxComfyNodes))
	}
	g := &comfyGraph{nodes: map[string]*comfyNode{}}
	for id, v := range raw {
		obj, _ := v.(map[string]any)
		class, _ := obj["class_type"].(string)
		if class == "" {
			continue
		}
		inputs, _ := obj["inputs"].(map[string]any)
		g.nodes[id] = &comfyNode{class: class, inputs: inputs}
		g.ids = append(g.ids, id)
	}
	if len(g.ids) == 0 {
		return nil, formatErr("ComfyUI", "prompt holds no nodes")
	}
	slices.SortFunc(g.ids, compareIDs)
	return g, nil
}

// compareIDs orders node ids numerically: "9" before "10". Ids of nodes
// inside subgraphs have several parts, "12:5"; they compare part by part,
// numbers before anything else.
func compareIDs(a, b string) int {
	pa, pb := strings.Split(a, ":"), strings.Split(b, ":")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		na, errA := strconv.ParseUint(pa[i], 10, 64)
		nb, errB := strconv.ParseUint(pb[i], 10, 64)
		switch {
		case errA == nil && errB == nil:
			if na != nb {
				if na < nb {
					return -1
				}
				return 1
			}
		case errA == nil:
			return -1
		case errB == nil:
			return 1
		default:
			if c := strings.Compare(pa[i], pb[i]); c != 0 {
				return c
			}
		}
	}
	if c := len(pa) - len(pb); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// asLink reports whether v is a link, [node id, output index], and returns
// the node id. ComfyUI writes the id as a string; older graphs as a number.
func asLink(v any) (string, bool) {
	a, ok := v.([]any)
	if !ok || len(a) != 2 {
		return "", false
	}
	if _, ok := a[1].(json.Number); !ok {
		return "", false
	}
	switch id := a[0].(type) {
	case string:
		return id, true
	case json.Number:
		return id.String(), true
	}
	return "", false
}

func isSampler(n *comfyNode) bool {
	switch n.class {
	case "KSampler", "KSamplerAdvanced", "SamplerCustom", "SamplerCustomAdvanced":
		return true
	}
	_, positive := n.inputs["positive"]
	return positive && strings.Contains(strings.ToLower(n.class), "ksampler")
}

func isOutput(n *comfyNode) bool {
	c := strings.ToLower(n.class)
	return strings.Contains(c, "saveimage") || strings.Contains(c, "previewimage") ||
		(strings.Contains(c, "save") && strings.Contains(c, "image"))
}

// upstream returns every node that the given nodes depend on through links,
// the given nodes excluded unless a link loops back to them. Each node is
// visited once, so this is linear in the graph's size even when it loops.
func (g *comfyGraph) upstream(from ...string) map[string]bool {
	seen := map[string]bool{}
	stack := slices.Clone(from)
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := g.nodes[id]
		if n == nil {
			continue
		}
		for _, v := range n.inputs {
			if to, ok := asLink(v); ok && !seen[to] {
				seen[to] = true
				stack = append(stack, to)
			}
		}
	}
	return seen
}

// chooseSampler picks the sampler whose parameters describe the picture, as
// ParseComfyUI documents.
func (g *comfyGraph) chooseSampler() (string, bool) {
	var samplers, outputs []string
	for _, id := range g.ids {
		n := g.nodes[id]
		if isSampler(n) {
			samplers = append(samplers, id)
		}
		if isOutput(n) {
			outputs = append(outputs, id)
		}
	}
	if len(samplers) == 0 {
		return "", false
	}
	cands := samplers
	if len(outputs) > 0 {
		feeds := g.upstream(outputs...)
		var reaching []string
		for _, id := range samplers {
			if feeds[id] {
				reaching = append(reaching, id)
			}
		}
		if len(reaching) > 0 {
			cands = reaching
		}
	}
	if len(cands) > maxSamplersCheck {
		return cands[0], true
	}
	for _, id := range cands {
		up := g.upstream(id)
		first := true
		for _, other := range cands {
			if other != id && up[other] {
				first = false
				break
			}
		}
		if first {
			return id, true
		}
	}
	return cands[0], true // every candidate feeds another: a loop
}

// resolve returns the widget value behind v. When v is a link, the node it
// leads to is asked for an input of the same name, or for one of the names
// primitive and literal nodes give their value, and so on for a few levels.
func (g *comfyGraph) resolve(v any, key string) (any, bool) {
	for range maxLinkDepth {
		id, ok := asLink(v)
		if !ok {
			return v, v != nil
		}
		n := g.nodes[id]
		if n == nil {
			return nil, false
		}
		found := false
		for _, k := range []string{key, "value", "seed", "noise_seed", "int", "float", "number", "string", "text"} {
			if w, ok := n.inputs[k]; ok {
				v, key, found = w, k, true
				break
			}
		}
		if !found {
			return nil, false
		}
	}
	return nil, false
}

// field returns the value of the first of keys that node n has, or else
// that a node linked from one of n's via inputs has, resolved to a widget
// value. SamplerCustomAdvanced keeps its settings one link away: seed on
// RandomNoise ("noise"), steps and scheduler on BasicScheduler ("sigmas"),
// cfg on CFGGuider ("guider"), sampler_name on KSamplerSelect ("sampler").
func (g *comfyGraph) field(n *comfyNode, keys []string, via ...string) (any, bool) {
	v, key, ok := g.input(n, keys, via)
	if !ok {
		return nil, false
	}
	return g.resolve(v, key)
}

// link is field for inputs that are links to follow, not values: the raw
// input is returned.
func (g *comfyGraph) link(n *comfyNode, keys []string, via ...string) (any, bool) {
	v, _, ok := g.input(n, keys, via)
	return v, ok
}

// input finds the raw input field and link look for, and the key it was
// found under.
func (g *comfyGraph) input(n *comfyNode, keys, via []string) (v any, key string, ok bool) {
	for _, k := range keys {
		if v, ok := n.inputs[k]; ok {
			return v, k, true
		}
	}
	for _, in := range via {
		id, ok := asLink(n.inputs[in])
		if !ok || g.nodes[id] == nil {
			continue
		}
		for _, k := range keys {
			if v, ok := g.nodes[id].inputs[k]; ok {
				return v, k, true
			}
		}
	}
	return nil, "", false
}

// condResult is the text found behind a conditioning input.
type condResult struct {
	text      string
	second    string // text_l or clip_l, when it differs from text
	secondKey string
	guidance  string // FluxGuidance's or CLIPTextEncodeFlux's guidance
}

// textInputs are the inputs of text encoders, main text first, each with the
// secondary text an SDXL or Flux encoder carries beside it.
var textInputs = []struct{ main, second string }{
	{"text", ""},
	{"text_g", "text_l"},
	{"t5xxl", "clip_l"},
	{"clip_l", ""},
	{"text_l", ""},
	{"prompt", ""},
}

// condPassthrough are the inputs through which a conditioning node passes on
// the conditioning it modifies, tried in order after the side's own name
// (ControlNetApplyAdvanced takes "positive" and "negative").
var condPassthrough = []string{"conditioning", "conditioning_to", "conditioning_1", "conditioning_from", "conditioning_2"}

// condText follows a conditioning input to the text it was encoded from.
// side is "positive" or "negative". seen is shared by the recursive calls
// of one walk, so each node is looked at once however the graph branches or
// loops.
func (g *comfyGraph) condText(v any, side string, seen map[string]bool) condResult {
	var r condResult
	id, ok := asLink(v)
	if !ok || seen[id] || g.nodes[id] == nil {
		return r
	}
	seen[id] = true
	n := g.nodes[id]
	if n.class == "ConditioningZeroOut" {
		return r // an empty negative: following it would find the positive text
	}
	if side == "positive" {
		if w, ok := n.inputs["guidance"]; ok {
			if f, ok := g.resolve(w, "guidance"); ok {
				if f, ok := toFloat(f); ok {
					r.guidance = strconv.FormatFloat(f, 'g', -1, 64)
				}
			}
		}
	}
	for _, in := range textInputs {
		w, ok := n.inputs[in.main]
		if !ok {
			continue
		}
		if s, ok := g.resolveString(w, in.main); ok {
			r.text = s
			if in.second != "" {
				if s2, ok := g.resolveString(n.inputs[in.second], in.second); ok && s2 != s && strings.TrimSpace(s2) != "" {
					r.second, r.secondKey = s2, in.second
				}
			}
			return r
		}
	}
	// Efficiency Nodes' loaders take the prompts as string inputs named
	// after their side and output the encoded conditioning.
	if s, ok := n.inputs[side].(string); ok {
		r.text = s
		return r
	}
	for _, in := range append([]string{side}, condPassthrough...) {
		w, ok := n.inputs[in]
		if !ok {
			continue
		}
		if up := g.condText(w, side, seen); up.text != "" {
			if up.guidance == "" {
				up.guidance = r.guidance
			}
			return up
		}
	}
	return r
}

// resolveString is resolve for a value that must be a string.
func (g *comfyGraph) resolveString(v any, key string) (string, bool) {
	w, ok := g.resolve(v, key)
	if !ok {
		return "", false
	}
	s, ok := w.(string)
	return s, ok
}

// checkpointInputs are the inputs loaders name their model file in.
var checkpointInputs = []string{"ckpt_name", "unet_name"}

// modelName follows a model input upstream, through any input whose name
// contains "model" (LoRA loaders, model patches, merges), to a loader.
func (g *comfyGraph) modelName(v any) string {
	seen := map[string]bool{}
	queue := []any{v}
	for len(queue) > 0 {
		id, ok := asLink(queue[0])
		queue = queue[1:]
		if !ok || seen[id] || g.nodes[id] == nil {
			continue
		}
		seen[id] = true
		n := g.nodes[id]
		for _, k := range checkpointInputs {
			if s, ok := g.resolveString(n.inputs[k], k); ok && s != "" {
				return s
			}
		}
		if w, ok := n.inputs["model"]; ok {
			queue = append(queue, w)
		}
		keys := make([]string, 0, len(n.inputs))
		for k := range n.inputs {
			if k != "model" && strings.Contains(k, "model") {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			queue = append(queue, n.inputs[k])
		}
	}
	return ""
}

// anyModel is the fallback when the sampler does not lead to a loader: the
// first loader in the graph, by node id.
func (g *comfyGraph) anyModel() string {
	for _, id := range g.ids {
		for _, k := range checkpointInputs {
			if s, ok := g.resolveString(g.nodes[id].inputs[k], k); ok && s != "" {
				return s
			}
		}
	}
	return ""
}

// latentSize follows a latent_image input to the node that made the latent
// and returns the width and height it was given. It passes through nodes
// that take "samples" (batching, noise injection), but stops at one with a
// "scale_by" input, after which the size is no longer the one written up
// the chain.
func (g *comfyGraph) latentSize(v any) (w, h int, ok bool) {
	seen := map[string]bool{}
	for range maxLinkDepth {
		id, isLink := asLink(v)
		if !isLink || seen[id] || g.nodes[id] == nil {
			return 0, 0, false
		}
		seen[id] = true
		n := g.nodes[id]
		wv, okW := g.resolve(n.inputs["width"], "width")
		hv, okH := g.resolve(n.inputs["height"], "height")
		if okW && okH {
			w, okW := toUint64(wv)
			h, okH := toUint64(hv)
			if okW && okH && w >= 1 && h >= 1 && w <= math.MaxInt32 && h <= math.MaxInt32 {
				return int(w), int(h), true
			}
			return 0, 0, false
		}
		if _, scaled := n.inputs["scale_by"]; scaled {
			return 0, 0, false
		}
		if v, ok = n.inputs["samples"]; !ok {
			return 0, 0, false
		}
	}
	return 0, 0, false
}

// numberText gives the text of a JSON number, or of a string that some
// custom nodes use to hold one.
func numberText(v any) (string, bool) {
	switch x := v.(type) {
	case json.Number:
		return x.String(), true
	case string:
		return strings.TrimSpace(x), true
	}
	return "", false
}

// toUint64 converts a JSON number (or a numeric string, which some custom
// nodes use for seeds) to a non-negative integer, exactly when it is one.
func toUint64(v any) (uint64, bool) {
	s, ok := numberText(v)
	if !ok {
		return 0, false
	}
	if n, err := strconv.ParseUint(s, 10, 64); err == nil {
		return n, true
	}
	// 20.0 or 2e3: integral, but written as a float.
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f >= 1<<64 || f != math.Trunc(f) {
		return 0, false
	}
	return uint64(f), true
}

// toFloat converts a JSON number or numeric string to a finite float.
func toFloat(v any) (float64, bool) {
	s, ok := numberText(v)
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

// isGraph reports whether prompt is a ComfyUI API graph, as opposed to
// absent or a plain prompt some other tool stored under that keyword.
func isGraph(prompt string) bool {
	_, err := parseComfyGraph(prompt)
	return err == nil
}
