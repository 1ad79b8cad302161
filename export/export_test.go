package export

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/prefill"
	"github.com/gen5viewer/gen5view/randn"
)

// stEntry and parseST are a minimal safetensors reader written from the
// format's description, independent of codec's: 8-byte little-endian
// header length, JSON header, data.
type stEntry struct {
	DType       string  `json:"dtype"`
	Shape       []int   `json:"shape"`
	DataOffsets []int64 `json:"data_offsets"`
}

func parseST(t *testing.T, b []byte) (map[string]stEntry, map[string]string, []byte) {
	t.Helper()
	if len(b) < 8 {
		t.Fatalf("%d bytes", len(b))
	}
	n := binary.LittleEndian.Uint64(b[:8])
	if (8+n)%8 != 0 {
		t.Errorf("data starts at %d, not on an 8-byte boundary", 8+n)
	}
	hdr := b[8 : 8+n]
	if strings.TrimRight(string(hdr), " ") != strings.TrimSpace(string(hdr)) || hdr[0] != '{' {
		t.Errorf("header is not a JSON object padded with trailing spaces: %q", hdr)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(hdr, &raw); err != nil {
		t.Fatal(err)
	}
	entries := map[string]stEntry{}
	var meta map[string]string
	for k, v := range raw {
		if k == "__metadata__" {
			if err := json.Unmarshal(v, &meta); err != nil {
				t.Fatalf("__metadata__ is not string to string: %v", err)
			}
			continue
		}
		var e stEntry
		if err := json.Unmarshal(v, &e); err != nil {
			t.Fatal(err)
		}
		entries[k] = e
	}
	return entries, meta, b[8+n:]
}

func floatsLE(b []byte) []float32 {
	out := make([]float32, len(b)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return out
}

func ramp(n int) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(i)*0.25 - 3
	}
	return v
}

func TestComfyLatentLayout(t *testing.T) {
	shape := []int{1, 4, 6, 8}
	vals := ramp(192)
	var buf bytes.Buffer
	meta := map[string]string{"prompt": `{"3":{"class_type":"KSampler"}}`, "workflow": "{}"}
	if err := ComfyLatent(&buf, shape, vals, meta); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	entries, gotMeta, data := parseST(t, b)
	lt, ok := entries["latent_tensor"]
	if !ok || lt.DType != "F32" || !equal(lt.Shape, shape) || len(lt.DataOffsets) != 2 || lt.DataOffsets[0] != 0 || lt.DataOffsets[1] != 4*192 {
		t.Errorf("latent_tensor entry %+v", lt)
	}
	mark, ok := entries["latent_format_version_0"]
	if !ok || len(mark.Shape) != 1 || mark.Shape[0] != 0 || mark.DataOffsets[0] != mark.DataOffsets[1] {
		t.Errorf("latent_format_version_0 entry %+v (want an empty tensor)", mark)
	}
	if len(entries) != 2 || gotMeta["prompt"] != meta["prompt"] || gotMeta["workflow"] != "{}" {
		t.Errorf("entries %v, metadata %v", entries, gotMeta)
	}
	if len(data) != 4*192 {
		t.Fatalf("%d data bytes, want %d", len(data), 4*192)
	}
	if got := floatsLE(data); !equal(got, vals) {
		t.Errorf("data %v…, want %v…", got[:4], vals[:4])
	}

	// The project's own reader reads it back too.
	tn, note, err := codec.ReadSafetensors(bytes.NewReader(b), int64(len(b)), "latent_tensor")
	if err != nil || note != "" || tn.DType != codec.Float32 || !equal(tn.Shape, shape) || !equal(tn.Float32(), vals) {
		t.Errorf("codec.ReadSafetensors: %v %q %+v", err, note, tn)
	}
	names, _ := codec.SafetensorsNames(bytes.NewReader(b), int64(len(b)))
	if strings.Join(names, ",") != "latent_format_version_0,latent_tensor" {
		t.Errorf("names %v", names)
	}
}

func equal[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestDiffusersLayout(t *testing.T) {
	shape := []int{2, 3, 4, 6}
	vals := ramp(144)
	for _, packed := range []bool{false, true} {
		var buf bytes.Buffer
		if err := Diffusers(&buf, shape, vals, packed); err != nil {
			t.Fatal(err)
		}
		b := buf.Bytes()
		entries, meta, data := parseST(t, b)
		e, ok := entries["latents"]
		want := shape
		if packed {
			want = []int{2, 2 * 3, 3 * 4}
		}
		if !ok || len(entries) != 1 || meta != nil || e.DType != "F32" || !equal(e.Shape, want) || e.DataOffsets[1] != 4*144 {
			t.Fatalf("packed %v: entries %+v, metadata %v", packed, entries, meta)
		}
		got := floatsLE(data)
		if !packed && !equal(got, vals) {
			t.Errorf("unpacked data differs")
		}
		if packed {
			// out[b, y*(W/2)+x, c*4+dy*2+dx] = in[b, c, 2y+dy, 2x+dx]
			for bi := range 2 {
				for c := range 3 {
					for y := range 4 {
						for x := range 6 {
							in := vals[((bi*3+c)*4+y)*6+x]
							tok := (y/2)*3 + x/2
							out := got[(bi*6+tok)*12+c*4+(y%2)*2+x%2]
							if in != out {
								t.Fatalf("packed: (%d,%d,%d,%d) = %v landed as %v", bi, c, y, x, in, out)
							}
						}
					}
				}
			}
		}
		tn, _, err := codec.ReadSafetensors(bytes.NewReader(b), int64(len(b)), "")
		if err != nil || !equal(tn.Shape, want) || !equal(tn.Float32(), got) {
			t.Errorf("codec.ReadSafetensors: %v", err)
		}
	}
	if _, _, err := FluxPack([]int{1, 4, 5, 6}, make([]float32, 120)); err == nil {
		t.Error("FluxPack accepts an odd height")
	}
}

func settings(src randn.Source, shape []int, seeds []uint64) Settings {
	return Settings{
		Info: codec.ModelInfo{
			ModelName:      "sd_xl_base_1.0, pruned",
			Prompt:         "a cat, on a mat\nNegative prompt: not really",
			NegativePrompt: "blurry, lowres",
			GenerationSettings: codec.GenerationSettings{
				Seed: 4294967301, Steps: 28, Sampler: "euler_ancestral", Scheduler: "karras", CFGScale: 6.5, HasSeed: true,
			},
		},
		Shape: shape,
		Check: randn.LatentCheck{Provenance: randn.Provenance{Source: src, Seeds: seeds}},
	}
}

func TestInfotextParsesBack(t *testing.T) {
	for _, c := range []struct {
		src   randn.Source
		shape []int
		seeds []uint64
		rng   string
		seed  uint64
	}{
		{randn.SourceTorchCPU, []int{1, 4, 128, 96}, nil, "CPU", 4294967301},
		{randn.SourceTorchCPUPerImage, []int{2, 4, 128, 96}, []uint64{4294967301, 4294967302}, "CPU", 4294967301},
		{randn.SourceNV, []int{1, 4, 128, 96}, []uint64{4294967301}, "NV", 4294967301},
		{randn.SourceCUDA, []int{1, 4, 128, 96}, nil, "", 4294967301},
	} {
		s := settings(c.src, c.shape, c.seeds)
		text, err := Infotext(s)
		if err != nil {
			t.Fatalf("%s: %v", c.src, err)
		}
		p := prefill.ParseA1111(text)
		if p.Prompt != "a cat, on a mat Negative prompt: not really" || p.NegativePrompt != "blurry, lowres" {
			t.Errorf("%s: prompts %q / %q from\n%s", c.src, p.Prompt, p.NegativePrompt, text)
		}
		if !p.HasSteps || p.Steps != 28 || p.Sampler != "Euler a" || p.Scheduler != "Karras" || p.CFGScale != 6.5 ||
			!p.HasSeed || p.Seed != c.seed || p.Width != 768 || p.Height != 1024 || p.Model != "sd_xl_base_1.0, pruned" {
			t.Errorf("%s: parsed back %+v from\n%s", c.src, p, text)
		}
		if got := p.Extra["RNG"]; got != c.rng {
			t.Errorf("%s: RNG %q, want %q", c.src, got, c.rng)
		}
	}
	for _, src := range []randn.Source{randn.SourceNone, randn.SourceComfyBatchIndex, randn.SourceNVBatch} {
		var nr *NotReproducible
		if _, err := Infotext(settings(src, []int{2, 4, 8, 8}, nil)); !errors.As(err, &nr) {
			t.Errorf("%q: infotext made (%v), but A1111 does not draw noise that way", src, err)
		}
	}
	// One torch CPU draw over a batch of two is not A1111's per-picture rule.
	if _, err := Infotext(settings(randn.SourceTorchCPU, []int{2, 4, 8, 8}, nil)); err == nil {
		t.Error("infotext made for a whole-batch CPU draw")
	}
}

func TestComfyWorkflow(t *testing.T) {
	type node struct {
		ClassType string         `json:"class_type"`
		Inputs    map[string]any `json:"inputs"`
	}
	parse := func(b []byte) map[string]node {
		var g map[string]node
		if err := json.Unmarshal(b, &g); err != nil {
			t.Fatal(err)
		}
		return g
	}
	wf, err := ComfyWorkflow(settings(randn.SourceTorchCPU, []int{1, 16, 128, 128}, nil))
	if err != nil {
		t.Fatal(err)
	}
	g := parse(wf)
	ks := g["3"]
	if ks.ClassType != "KSampler" || ks.Inputs["seed"] != 4294967301.0 || ks.Inputs["steps"] != 28.0 ||
		ks.Inputs["cfg"] != 6.5 || ks.Inputs["sampler_name"] != "euler_ancestral" || ks.Inputs["scheduler"] != "karras" {
		t.Errorf("KSampler %+v", ks)
	}
	if e := g["5"]; e.ClassType != "EmptySD3LatentImage" || e.Inputs["width"] != 1024.0 || e.Inputs["batch_size"] != 1.0 {
		t.Errorf("empty latent %+v", e)
	}
	if g["6"].Inputs["text"] != "a cat, on a mat\nNegative prompt: not really" || g["7"].Inputs["text"] != "blurry, lowres" {
		t.Errorf("prompts %+v %+v", g["6"], g["7"])
	}

	s := settings(randn.SourceComfyBatchIndex, []int{2, 4, 64, 64}, nil)
	s.Check.BatchIndex = []int{3, 4}
	if wf, err = ComfyWorkflow(s); err != nil {
		t.Fatal(err)
	}
	g = parse(wf)
	if e, f := g["5"], g["10"]; e.ClassType != "EmptyLatentImage" || e.Inputs["batch_size"] != 5.0 ||
		f.ClassType != "LatentFromBatch" || f.Inputs["batch_index"] != 3.0 || f.Inputs["length"] != 2.0 {
		t.Errorf("batch_index graph: %+v %+v", e, f)
	}
	if l := g["3"].Inputs["latent_image"].([]any); l[0] != "10" {
		t.Errorf("KSampler takes its latent from %v", l)
	}

	s.Check.BatchIndex = []int{4, 3}
	if _, err := ComfyWorkflow(s); err == nil {
		t.Error("workflow made for batch_index draws out of order")
	}
	var nr *NotReproducible
	if _, err := ComfyWorkflow(settings(randn.SourceNV, []int{1, 4, 64, 64}, []uint64{1})); !errors.As(err, &nr) {
		t.Errorf("workflow made for NV noise: %v", err)
	}
}
