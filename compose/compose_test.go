package compose

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/internal/fixtures"
)

// settingsJSON returns generation_settings as compact JSON, or "" when absent.
func settingsJSON(t *testing.T, m *codec.Manifest) string {
	t.Helper()
	gs, ok := m.ModelInfoObject().Object("generation_settings")
	if !ok {
		return ""
	}
	b, err := gs.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func str(t *testing.T, m *codec.Manifest, key string) string {
	t.Helper()
	s, _ := m.ModelInfoObject().String(key)
	return s
}

func TestPrefillA1111(t *testing.T) {
	data := pngBytes(t, 64, 64, map[string]string{"parameters": a1111Text})
	pf, err := Prefill(data)
	if err != nil {
		t.Fatal(err)
	}
	f := pf.Fields
	if pf.Source != "a1111" || *f.Prompt != "a lighthouse at dusk, volumetric light" || *f.NegativePrompt != "blurry, lowres" ||
		*f.Seed != 1234567 || *f.Steps != 28 || *f.Sampler != "DPM++ 2M" || *f.Scheduler != "Karras" || *f.CFGScale != 7 ||
		*f.ModelName != "v1-5-pruned-emaonly" || f.ModelVersion != nil || f.Tags != nil || f.Eta != nil {
		t.Errorf("prefill = %+v", pf)
	}
	if pf.Extra["a1111_parameters"] != a1111Text {
		t.Errorf("a1111_parameters = %q", pf.Extra["a1111_parameters"])
	}

	plain, err := Prefill(pngBytes(t, 8, 8, nil))
	if err != nil || plain.Source != "none" || plain.Fields.Prompt != nil || len(plain.Extra) != 0 {
		t.Errorf("plain picture: %+v, %v", plain, err)
	}
	if _, err := Prefill([]byte("not an image")); err == nil {
		t.Error("Prefill of text: no error")
	}
}

func TestBuildFromA1111Picture(t *testing.T) {
	dir := t.TempDir()
	img := writePNG(t, dir, "cat.png", 512, 512, map[string]string{"parameters": a1111Text})
	noise := writeNPY(t, dir, "noise.npy", tensor(t, []int{1, 4, 64, 64}, codec.Float32, 1))
	d, err := Build(request(img, noise))
	if err != nil {
		t.Fatal(err)
	}
	m := d.Manifest
	mi := m.ModelInfoObject()
	wantKeys := []string{"model_name", "version", "date", "prompt", "tags", "generation_settings", "hardware_info", "negative_prompt", "a1111_parameters"}
	if got := keysOf(mi); !slices.Equal(got, wantKeys) {
		t.Errorf("model_info keys = %v, want %v", got, wantKeys)
	}
	if got := settingsJSON(t, m); got != `{"seed":1234567,"steps":28,"sampler":"DPM++ 2M","cfg_scale":7.0,"scheduler":"Karras"}` {
		t.Errorf("generation_settings = %s", got)
	}
	if str(t, m, "model_name") != "v1-5-pruned-emaonly" || str(t, m, "version") != "" || str(t, m, "prompt") != "a lighthouse at dusk, volumetric light" ||
		str(t, m, "negative_prompt") != "blurry, lowres" || str(t, m, "a1111_parameters") != a1111Text {
		t.Errorf("model_info = %s", mustMarshal(t, mi))
	}
	if str(t, m, "date") != "2026-11-26T08:55:58.390496+00:00" {
		t.Errorf("date = %q", str(t, m, "date"))
	}
	if d.Source != "a1111" || d.SourceLine() != "read A1111 parameters from "+img {
		t.Errorf("source %q, line %q", d.Source, d.SourceLine())
	}
	wantFrom := []string{"model_name", "prompt", "generation_settings.seed", "generation_settings.steps", "generation_settings.sampler",
		"generation_settings.cfg_scale", "generation_settings.scheduler", "negative_prompt", "a1111_parameters"}
	if !slices.Equal(d.FromPicture, wantFrom) {
		t.Errorf("FromPicture = %v", d.FromPicture)
	}
	if len(d.Warnings) != 0 || len(d.Notes) != 0 {
		t.Errorf("notes %q, warnings %q", d.Notes, d.Warnings)
	}
	if d.Latents[0].Key != "initial_noise" {
		t.Errorf("key %q", d.Latents[0].Key)
	}
}

func mustMarshal(t *testing.T, o *codec.Object) string {
	b, err := o.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestUserFieldsWin(t *testing.T) {
	dir := t.TempDir()
	img := writePNG(t, dir, "cat.png", 512, 512, map[string]string{"parameters": a1111Text})
	noise := writeNPY(t, dir, "noise.npy", tensor(t, []int{1, 4, 64, 64}, codec.Float32, 1))
	tests := []struct {
		name   string
		fields Fields
		check  func(m *codec.Manifest) string // returns what is wrong
	}{
		{"model", Fields{ModelName: ptr("SDXL"), ModelVersion: ptr("1.0")}, func(m *codec.Manifest) string {
			if str(t, m, "model_name") != "SDXL" || str(t, m, "version") != "1.0" {
				return "model not replaced"
			}
			return ""
		}},
		{"empty prompt typed", Fields{Prompt: ptr("")}, func(m *codec.Manifest) string {
			if str(t, m, "prompt") != "" {
				return "prompt not emptied"
			}
			return ""
		}},
		{"negative", Fields{NegativePrompt: ptr("ugly")}, func(m *codec.Manifest) string {
			if str(t, m, "negative_prompt") != "ugly" {
				return "negative prompt not replaced"
			}
			return ""
		}},
		{"settings", Fields{Seed: ptr(uint64(0)), Steps: ptr(50), Sampler: ptr("euler"), CFGScale: ptr(4.5), Scheduler: ptr("normal"), Eta: ptr(0.0)}, func(m *codec.Manifest) string {
			if got := settingsJSON(t, m); got != `{"seed":0,"steps":50,"sampler":"euler","cfg_scale":4.5,"scheduler":"normal","eta":0.0}` {
				return "settings " + got
			}
			return ""
		}},
		{"seed only", Fields{Seed: ptr(uint64(99))}, func(m *codec.Manifest) string {
			if got := settingsJSON(t, m); got != `{"seed":99,"steps":28,"sampler":"DPM++ 2M","cfg_scale":7.0,"scheduler":"Karras"}` {
				return "settings " + got
			}
			return ""
		}},
		{"tags", Fields{Tags: []string{" lighthouse ", "dusk"}}, func(m *codec.Manifest) string {
			if !slices.Equal(m.Tags(), []string{"lighthouse", "dusk"}) {
				return "tags " + strings.Join(m.Tags(), ",")
			}
			return ""
		}},
		{"nothing", Fields{}, func(m *codec.Manifest) string {
			if str(t, m, "prompt") != "a lighthouse at dusk, volumetric light" || m.Tags() == nil || len(m.Tags()) != 0 {
				return "picture values lost"
			}
			return ""
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := request(img, noise)
			req.Fields = tc.fields
			d, err := Build(req)
			if err != nil {
				t.Fatal(err)
			}
			if msg := tc.check(d.Manifest); msg != "" {
				t.Error(msg)
			}
			// The raw record stays whatever the user typed.
			if str(t, d.Manifest, "a1111_parameters") != a1111Text {
				t.Error("a1111_parameters lost")
			}
		})
	}
}

func TestFieldsCheck(t *testing.T) {
	tests := []struct {
		name   string
		fields Fields
		want   string
	}{
		{"steps 0", Fields{Steps: ptr(0)}, "steps must be at least 1"},
		{"negative cfg", Fields{CFGScale: ptr(-1.0)}, "cfg_scale must be at least 0"},
		{"NaN eta", Fields{Eta: ptr(nan())}, "eta must be a finite number"},
		{"blank tag", Fields{Tags: []string{"a", " "}}, "tags: a tag cannot be blank"},
		{"repeated tag", Fields{Tags: []string{"a", "a "}}, `tags: tag "a" is given twice`},
		{"fine", Fields{Steps: ptr(1), CFGScale: ptr(0.0), Seed: ptr(uint64(1)<<63 - 1), Tags: []string{}}, ""},
	}
	dir := t.TempDir()
	img := writePNG(t, dir, "a.png", 16, 16, nil)
	noise := writeNPY(t, dir, "n.npy", tensor(t, []int{1, 4, 2, 2}, codec.Float32, 1))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.fields.Check()
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Check: %v, want %q", err, tc.want)
			}
			req := request(img, noise)
			req.Fields = tc.fields
			if _, err := Build(req); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Build: %v, want %q", err, tc.want)
			}
		})
	}
}

func nan() float64 { z := 0.0; return z / z }

func TestGenerationSettingsRules(t *testing.T) {
	dir := t.TempDir()
	noise := writeNPY(t, dir, "noise.npy", tensor(t, []int{1, 4, 8, 8}, codec.Float32, 1))
	tests := []struct {
		name     string
		params   string // A1111 infotext in the picture, or ""
		fields   Fields
		settings string // "" = left out
		note     string
		warning  string
	}{
		{name: "nothing known"},
		{name: "typed seed only", fields: Fields{Seed: ptr(uint64(42)), CFGScale: ptr(7.0)},
			warning: "generation_settings not stored: it needs a seed and a step count (a sampler left empty is written as \"unknown\"), and steps is not known; known were seed 42, cfg_scale 7.0"},
		{name: "typed sampler only", fields: Fields{Sampler: ptr("euler")},
			warning: `seed and steps are not known; known were sampler "euler"`},
		{name: "picture seed only", params: "a cat\nSeed: 5, CFG scale: 3, Size: 64x64",
			note: "and steps is not known; known were seed 5, cfg_scale 3.0"},
		{name: "seed and steps", fields: Fields{Seed: ptr(uint64(1)), Steps: ptr(20), CFGScale: ptr(5.0)},
			settings: `{"seed":1,"steps":20,"sampler":"unknown","cfg_scale":5.0}`, note: `generation_settings.sampler set to "unknown"`},
		{name: "picture steps, typed seed", params: "a cat\nSteps: 30, Sampler: Euler a, Size: 64x64", fields: Fields{Seed: ptr(uint64(7))},
			settings: `{"seed":7,"steps":30,"sampler":"Euler a"}`},
		{name: "all three", fields: Fields{Seed: ptr(uint64(1)), Steps: ptr(2), Sampler: ptr("ddim")},
			settings: `{"seed":1,"steps":2,"sampler":"ddim"}`},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var text map[string]string
			if tc.params != "" {
				text = map[string]string{"parameters": tc.params}
			}
			img := writePNG(t, dir, "p"+string(rune('a'+i))+".png", 64, 64, text)
			req := request(img, noise)
			req.Fields = tc.fields
			d, err := Build(req)
			if err != nil {
				t.Fatal(err)
			}
			if got := settingsJSON(t, d.Manifest); got != tc.settings {
				t.Errorf("generation_settings = %s, want %s", got, tc.settings)
			}
			if !containsPart(d.Notes, tc.note) {
				t.Errorf("notes %q, want one containing %q", d.Notes, tc.note)
			}
			if !containsPart(d.Warnings, tc.warning) {
				t.Errorf("warnings %q, want one containing %q", d.Warnings, tc.warning)
			}
			if tc.settings == "" && slices.ContainsFunc(d.FromPicture, func(s string) bool { return strings.HasPrefix(s, "generation_settings") }) {
				t.Errorf("FromPicture lists settings that were not stored: %v", d.FromPicture)
			}
			if err := codec.Validate(d.Manifest); err != nil {
				t.Error(err)
			}
		})
	}
}

// containsPart reports whether one of list contains part; an empty part
// asks for an empty list.
func containsPart(list []string, part string) bool {
	if part == "" {
		return len(list) == 0
	}
	return slices.ContainsFunc(list, func(s string) bool { return strings.Contains(s, part) })
}

func TestDate(t *testing.T) {
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2026, 11, 26, 8, 55, 58, 390496000, time.UTC), "2026-11-26T08:55:58.390496+00:00"},
		{time.Date(2026, 11, 26, 8, 55, 58, 390496999, time.UTC), "2026-11-26T08:55:58.390496+00:00"}, // truncated, as Python's clock is
		{time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), "2026-01-02T03:04:05+00:00"},                    // Python leaves out a zero fraction
		{time.Date(2026, 1, 2, 9, 4, 5, 7000, time.FixedZone("CET", 3600)), "2026-01-02T08:04:05.000007+00:00"},
	}
	for _, tc := range tests {
		if got := PythonISOTime(tc.in); got != tc.want {
			t.Errorf("PythonISOTime(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestHardwareInfo(t *testing.T) {
	dir := t.TempDir()
	img := writePNG(t, dir, "a.png", 16, 16, nil)
	noise := writeNPY(t, dir, "n.npy", tensor(t, []int{1, 4, 2, 2}, codec.Float32, 1))
	d, err := Build(request(img, noise))
	if err != nil {
		t.Fatal(err)
	}
	hw, _ := d.Manifest.ModelInfoObject().Object("hardware_info")
	want := `{"machine_name":"test_machine","os":"linux","cpu":"Intel","cpu_cores":8,"gpu":[{"name":"RTX 3090","memory_gb":24.0,"driver":"nvidia","cuda_version":"12.1"}],"ram_gb":64.0,"framework":"torch","compute_lib":"cuda"}`
	if got := mustMarshal(t, hw); got != want {
		t.Errorf("hardware_info = %s\nwant %s", got, want)
	}
	// A machine prefill knows little about still satisfies the schema.
	req := request(img, noise)
	req.Hardware = func() prefillHardware { return prefillHardware{OS: "plan9"} }
	d, err = Build(req)
	if err != nil {
		t.Fatal(err)
	}
	hw, _ = d.Manifest.ModelInfoObject().Object("hardware_info")
	if got := mustMarshal(t, hw); got != `{"os":"plan9","cpu":"","cpu_cores":1}` {
		t.Errorf("sparse hardware_info = %s", got)
	}
}

func TestImageBytesPreserved(t *testing.T) {
	dir := t.TempDir()
	// A picture with text chunks, which a re-encode would drop, and the
	// reference fixtures' own example picture.
	withText := pngBytes(t, 96, 64, map[string]string{"parameters": a1111Text, "Comment": "keep me"})
	example, err := os.ReadFile(fixtures.Path(t, "upstream_example.png"))
	if err != nil {
		t.Fatal(err)
	}
	noise := writeNPY(t, dir, "noise.npy", tensor(t, []int{1, 4, 8, 12}, codec.Float32, 3))
	for name, data := range map[string][]byte{"text.png": withText, "upstream_example.png": example} {
		t.Run(name, func(t *testing.T) {
			img := writeFile(t, dir, name, data)
			for _, compress := range []bool{true, false} {
				out := filepath.Join(dir, name+map[bool]string{true: ".z", false: ".raw"}[compress]+".gen5")
				req := request(img, noise)
				req.NoCompress = !compress
				if _, err := Create(req, out); err != nil {
					t.Fatal(err)
				}
				f, err := codec.OpenFile(out)
				if err != nil {
					t.Fatal(err)
				}
				got, err := f.Image().Payload()
				f.Close()
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, data) {
					t.Errorf("compress=%v: image payload differs from the file given (%d vs %d bytes)", compress, len(got), len(data))
				}
			}
		})
	}
	// ImageData is used as given too.
	req := request("", noise)
	req.ImageData = withText
	d, err := Build(req)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(d.Image, withText) || d.ImageName != "image" {
		t.Errorf("ImageData: %d bytes, name %q", len(d.Image), d.ImageName)
	}
}

func TestTensorRoundTrip(t *testing.T) {
	dir := t.TempDir()
	img := writePNG(t, dir, "a.png", 512, 512, nil)
	f32 := tensor(t, []int{1, 4, 64, 64}, codec.Float32, 11)
	f16 := tensor(t, []int{1, 4, 64, 64}, codec.Float16, 12)
	n32 := writeNPY(t, dir, "f32.npy", f32)
	n16 := writeNPY(t, dir, "f16.npy", f16)
	want16, err := codec.TensorFromFloat32(f32.Shape, f32.Float32(), codec.Float16)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		noise string
		f16   bool
		want  *codec.Tensor
		note  string
	}{
		{"float32 kept", n32, false, f32, ""},
		{"float32 to float16", n32, true, want16, n32 + ": float32 stored as float16 (rounded to nearest)"},
		{"float16 kept", n16, false, f16, ""},
		{"float16 with --f16", n16, true, f16, ""},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(dir, "out"+string(rune('0'+i))+".gen5")
			req := request(img, tc.noise)
			req.Float16 = tc.f16
			d, err := Create(req, out)
			if err != nil {
				t.Fatal(err)
			}
			if !containsPart(d.Notes, tc.note) {
				t.Errorf("notes %q, want %q", d.Notes, tc.note)
			}
			f, err := codec.OpenFile(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			l, err := f.Latents()[0].LatentVerified()
			if err != nil {
				t.Fatal(err)
			}
			if l.DType != tc.want.DType || !slices.Equal(l.Shape, tc.want.Shape) || !bytes.Equal(l.Raw, tc.want.Raw) || l.Key != "initial_noise" {
				t.Errorf("read back %s %v key %q, bytes equal %v", l.DType, l.Shape, l.Key, bytes.Equal(l.Raw, tc.want.Raw))
			}
		})
	}
}

func TestFloat16Overflow(t *testing.T) {
	dir := t.TempDir()
	img := writePNG(t, dir, "a.png", 16, 16, nil)
	v := make([]float32, 16)
	v[3], v[9] = 70000, -1e10
	tt, err := codec.TensorFromFloat32([]int{1, 4, 2, 2}, v, codec.Float32)
	if err != nil {
		t.Fatal(err)
	}
	noise := writeNPY(t, dir, "big.npy", tt)
	req := request(img, noise)
	if _, err := Build(req); err != nil {
		t.Fatalf("as float32: %v", err)
	}
	req.Float16 = true
	if _, err := Build(req); err == nil || err.Error() != noise+": 2 values are beyond ±65504, the float16 range; store it as float32" {
		t.Errorf("as float16: %v", err)
	}
}

func TestNoiseErrors(t *testing.T) {
	dir := t.TempDir()
	img := writePNG(t, dir, "a.png", 512, 512, nil)
	bad := tensor(t, []int{1, 4, 64, 64}, codec.Float32, 1)
	v := bad.Float32()
	v[0], v[100], v[4000] = float32(nan()), float32(inf()), float32(-inf())
	bad, _ = codec.TensorFromFloat32(bad.Shape, v, codec.Float32)
	nanFile := writeNPY(t, dir, "noise.npy", bad)
	one := writeNPY(t, dir, "one.npy", tensor(t, []int{1, 1, 1, 1}, codec.Float32, 1))
	oneBad, _ := codec.TensorFromFloat32([]int{1, 1, 1, 1}, []float32{float32(nan())}, codec.Float32)
	oneNaN := writeNPY(t, dir, "one_nan.npy", oneBad)
	rank2 := writeNPY(t, dir, "rank2.npy", tensor(t, []int{64, 64}, codec.Float32, 1))
	rank6 := writeNPY(t, dir, "rank6.npy", tensor(t, []int{1, 1, 1, 4, 8, 8}, codec.Float32, 1))
	empty := writeNPY(t, dir, "empty.npy", &codec.Tensor{Shape: []int{1, 4, 0, 64}, DType: codec.Float32})
	notNoise := writeFile(t, dir, "notes.txt", []byte("hello, this is not a tensor"))
	multi := writeSafetensors(t, dir, "multi.safetensors", map[string]*codec.Tensor{
		"a": tensor(t, []int{1, 4, 64, 64}, codec.Float32, 1), "b": tensor(t, []int{1, 4, 64, 64}, codec.Float32, 2)})
	tests := []struct {
		name   string
		noise  []string
		tensor string
		want   string
	}{
		{"NaN and Inf", []string{nanFile}, "", nanFile + ": 3 NaN or infinite values"},
		{"one NaN", []string{one, oneNaN}, "", oneNaN + ": 1 NaN or infinite value"},
		{"missing", []string{filepath.Join(dir, "nope.npy")}, "", filepath.Join(dir, "nope.npy") + ": no such file or directory"},
		{"rank 2", []string{rank2}, "", rank2 + ": a rank-2 tensor (64×64); the noise must have 4 dimensions"},
		{"rank 6", []string{rank6}, "", rank6 + ": a rank-6 tensor (1×1×1×4×8×8)"},
		{"empty", []string{empty}, "", empty + ": shape 1×4×0×64 holds no values"},
		{"not noise", []string{notNoise}, "", notNoise + ": is neither a .npy nor a .safetensors file"},
		{"several tensors", []string{multi}, "", multi + ": the file holds 2 tensors (a, b); name the one to use"},
		{"no such tensor", []string{multi}, "c", multi + `: no tensor called "c" in the file`},
		{"no noise", nil, "", "no noise given"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := request(img, tc.noise...)
			req.TensorName = tc.tensor
			_, err := Build(req)
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error %v, want one starting %q", err, tc.want)
			}
			if err != nil && strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
		})
	}
}

func inf() float64 { z := 0.0; return 1 / z }

func TestImageErrors(t *testing.T) {
	dir := t.TempDir()
	noise := writeNPY(t, dir, "n.npy", tensor(t, []int{1, 4, 2, 2}, codec.Float32, 1))
	good := pngBytes(t, 16, 16, nil)
	truncated := writeFile(t, dir, "cut.png", good[:len(good)-30])
	text := writeFile(t, dir, "x.png", []byte("not a picture at all"))
	tests := []struct {
		name, image, want string
	}{
		{"missing", filepath.Join(dir, "nope.png"), filepath.Join(dir, "nope.png") + ": no such file or directory"},
		{"directory", dir, dir + ": is a directory"},
		{"not an image", text, text + ": image format not recognised"},
		{"truncated", truncated, truncated + ": decoding png image"},
		{"none", "", "no image given"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Build(request(tc.image, noise))
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error %v, want one starting %q", err, tc.want)
			}
		})
	}
}

func TestShapeFit(t *testing.T) {
	dir := t.TempDir()
	upscaled := writePNG(t, dir, "up.png", 1024, 1024, map[string]string{"parameters": "a cat\nSteps: 20, Sampler: Euler, Seed: 1, Size: 512x512"})
	plain := writePNG(t, dir, "plain.png", 1024, 768, nil)
	odd := writePNG(t, dir, "odd.png", 1021, 767, nil)
	tests := []struct {
		name    string
		image   string
		shape   []int
		warning string
		note    string
	}{
		{"fits", plain, []int{1, 4, 96, 128}, "", ""},
		{"fits, flux channels", plain, []int{1, 16, 96, 128}, "", ""},
		{"fits, size not a multiple of 8", odd, []int{1, 4, 95, 127}, "", ""},
		{"too small", plain, []int{1, 4, 64, 64}, "latent 64×64 does not fit the 1024×768 picture (an SD-family latent is 1/8 of it, 128×96); stored anyway", ""},
		{"transposed", plain, []int{1, 4, 128, 96}, "latent 96×128 does not fit", ""},
		{"upscaled", upscaled, []int{1, 4, 64, 64}, "", "latent 64×64 fits the generation size 512×512 that " + upscaled + " records, not the picture's 1024×1024"},
		{"upscaled, neither", upscaled, []int{1, 4, 32, 32}, "latent 32×32 does not fit the 1024×1024 picture", ""},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			noise := writeNPY(t, dir, "n"+string(rune('a'+i))+".npy", tensor(t, tc.shape, codec.Float16, 1))
			d, err := Build(request(tc.image, noise))
			if err != nil {
				t.Fatal(err)
			}
			if !containsPart(d.Warnings, tc.warning) {
				t.Errorf("warnings %q, want %q", d.Warnings, tc.warning)
			}
			if tc.warning != "" && !strings.HasPrefix(d.Warnings[0], noise+": ") {
				t.Errorf("warning does not name the file: %q", d.Warnings[0])
			}
			if !containsPart(d.Notes, tc.note) {
				t.Errorf("notes %q, want %q", d.Notes, tc.note)
			}
		})
	}
}

func TestRank3Reshaped(t *testing.T) {
	dir := t.TempDir()
	img := writePNG(t, dir, "a.png", 512, 512, nil)
	t3 := tensor(t, []int{4, 64, 64}, codec.Float32, 5)
	noise := writeNPY(t, dir, "chw.npy", t3)
	out := filepath.Join(dir, "out.gen5")
	d, err := Create(request(img, noise), out)
	if err != nil {
		t.Fatal(err)
	}
	if want := noise + ": shape 4×64×64 stored as 1×4×64×64"; !containsPart(d.Notes, want) {
		t.Errorf("notes %q, want %q", d.Notes, want)
	}
	f, err := codec.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, err := f.Latents()[0].Latent()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(l.Shape, []int{1, 4, 64, 64}) || !bytes.Equal(l.Raw, t3.Raw) {
		t.Errorf("read back %v", l.Shape)
	}
	if !slices.Equal(t3.Shape, []int{4, 64, 64}) {
		t.Error("the caller's tensor was changed")
	}
}

func TestFloat64Converted(t *testing.T) {
	dir := t.TempDir()
	img := writePNG(t, dir, "a.png", 32, 32, nil)
	vals := []float64{0.1, -1.5, 2.25, 1e-50, 3, -0.0, 1.0000001, 7}
	vals = append(vals, vals...)
	noise := writeNPYFloat64(t, dir, "double.npy", []int{1, 4, 2, 2}, vals[:16])
	d, err := Build(request(img, noise))
	if err != nil {
		t.Fatal(err)
	}
	if want := noise + ": float64 converted to float32"; !containsPart(d.Notes, want) {
		t.Errorf("notes %q, want %q", d.Notes, want)
	}
	got := d.Latents[0].Tensor
	if got.DType != codec.Float32 {
		t.Fatalf("dtype %s", got.DType)
	}
	for i, v := range got.Float32() {
		if v != float32(vals[i]) {
			t.Errorf("element %d = %v, want %v", i, v, float32(vals[i]))
		}
	}
}

func TestSeveralLatents(t *testing.T) {
	dir := t.TempDir()
	img := writePNG(t, dir, "a.png", 64, 64, nil)
	first := writeNPY(t, dir, "noise.npy", tensor(t, []int{1, 4, 8, 8}, codec.Float32, 1))
	final := writeNPY(t, dir, "final_latent.npy", tensor(t, []int{1, 4, 8, 8}, codec.Float32, 2))
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	final2 := writeNPY(t, sub, "final_latent.npy", tensor(t, []int{1, 4, 8, 8}, codec.Float32, 3))
	initial := writeNPY(t, sub, "initial_noise.npy", tensor(t, []int{1, 4, 8, 8}, codec.Float32, 4))
	st := writeSafetensors(t, dir, "pair.safetensors", map[string]*codec.Tensor{
		"noise": tensor(t, []int{1, 4, 8, 8}, codec.Float32, 5), "other": tensor(t, []int{2, 2}, codec.Float32, 6)})
	req := request(img, first, final, final2, initial, st)
	req.TensorName = "noise"
	d, err := Build(req)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, l := range d.Latents {
		keys = append(keys, l.Key)
	}
	if want := []string{"initial_noise", "final_latent", "final_latent_2", "initial_noise_2", "pair"}; !slices.Equal(keys, want) {
		t.Errorf("keys %v, want %v", keys, want)
	}

	// A tensor in memory comes first, and the files follow it.
	req = request(img, final)
	req.NoiseTensor = tensor(t, []int{4, 8, 8}, codec.Float32, 9)
	req.NoiseName = "seed 9"
	d, err = Build(req)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Latents) != 2 || d.Latents[0].Key != "initial_noise" || d.Latents[1].Key != "final_latent" ||
		!slices.Equal(d.Latents[0].Tensor.Shape, []int{1, 4, 8, 8}) || !containsPart(d.Notes, "seed 9: shape 4×8×8 stored as 1×4×8×8") {
		t.Errorf("latents %+v, notes %q", d.Latents, d.Notes)
	}
	req.NoiseTensor = &codec.Tensor{Shape: []int{1, 4, 8, 8}, DType: codec.Float32, Raw: make([]byte, 10)}
	if _, err := Build(req); err == nil || !strings.HasPrefix(err.Error(), "seed 9: shape 1×4×8×8 needs 1024 bytes of float32, 10 given") {
		t.Errorf("short tensor: %v", err)
	}
	req.NoiseTensor = &codec.Tensor{Shape: []int{1}, DType: "float64", Raw: make([]byte, 8)}
	if _, err := Build(req); err == nil || !strings.Contains(err.Error(), "must be float16 or float32") {
		t.Errorf("float64 tensor: %v", err)
	}
}

// TestCreateReadsBack writes a file and checks it the way `gen5view verify`
// does, and its manifest the way the reference's schema does.
func TestCreateReadsBack(t *testing.T) {
	dir := t.TempDir()
	img := writePNG(t, dir, "cat.png", 512, 512, map[string]string{"parameters": a1111Text})
	noise := writeNPY(t, dir, "noise.npy", tensor(t, []int{1, 4, 64, 64}, codec.Float32, 1))
	out := filepath.Join(dir, "cat.gen5")
	req := request(img, noise)
	req.Fields = Fields{ModelName: ptr("SD 1.5"), Tags: []string{"cat", "ünïcode ✓"}}
	d, err := Create(req, out)
	if err != nil {
		t.Fatal(err)
	}
	f, err := codec.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if errs := f.Verify(); len(errs) > 0 {
		t.Errorf("Verify: %v", errs)
	}
	if errs := codec.ValidateAll(f.Manifest); len(errs) > 0 {
		t.Errorf("ValidateAll: %v", errs)
	}
	if len(f.Warnings) > 0 {
		t.Errorf("reader warnings: %q", f.Warnings)
	}
	mi, err := f.Manifest.ModelInfo()
	if err != nil {
		t.Fatal(err)
	}
	if mi.ModelName != "SD 1.5" || mi.NegativePrompt != "blurry, lowres" || !slices.Equal(mi.Tags, []string{"cat", "ünïcode ✓"}) ||
		mi.GenerationSettings.Seed != 1234567 || mi.HardwareInfo.OS != "linux" {
		t.Errorf("model_info = %+v", mi)
	}
	if !f.Manifest.Clone().Equal(f.Manifest) {
		t.Error("manifest does not re-serialise to itself")
	}
	// What was built is what was written.
	a, _ := json.Marshal(d.Manifest.ModelInfoObject())
	b, _ := json.Marshal(f.Manifest.ModelInfoObject())
	if !bytes.Equal(a, b) {
		t.Errorf("model_info written differs:\n%s\n%s", a, b)
	}
	if img := f.Image(); img == nil || img.Type != codec.TypeData {
		t.Error("no image chunk")
	}
}

func TestCreateRefuses(t *testing.T) {
	dir := t.TempDir()
	img := writePNG(t, dir, "a.png", 16, 16, nil)
	noise := writeNPY(t, dir, "n.npy", tensor(t, []int{1, 4, 2, 2}, codec.Float32, 1))
	out := writeFile(t, dir, "exists.gen5", []byte("precious"))
	if _, err := Create(request(img, noise), out); err == nil || err.Error() != out+" already exists; not replacing it" {
		t.Errorf("existing file: %v", err)
	}
	if b, _ := os.ReadFile(out); string(b) != "precious" {
		t.Error("existing file changed")
	}
	req := request(img, noise)
	req.Overwrite = true
	if _, err := Create(req, out); err != nil {
		t.Errorf("with Overwrite: %v", err)
	}
	if _, err := Create(req, img); err == nil || !strings.Contains(err.Error(), "is one of the input files") {
		t.Errorf("over the picture: %v", err)
	}
	// A failed build leaves nothing behind.
	bad := filepath.Join(dir, "bad.gen5")
	if _, err := Create(request(img, filepath.Join(dir, "missing.npy")), bad); err == nil {
		t.Error("missing noise: no error")
	}
	if _, err := os.Stat(bad); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("output after a failed build: %v", err)
	}
	if _, err := Create(request(img, noise), filepath.Join(dir, "no", "such", "dir.gen5")); err == nil {
		t.Error("missing directory: no error")
	}
}

// A picture whose header reads but whose pixels do not is refused by
// Create as by Build, though its pixels are checked while the file is
// written: the output keeps what it held, and no temporary file is left.
func TestCreateRefusesUndecodablePicture(t *testing.T) {
	dir := t.TempDir()
	good := pngBytes(t, 64, 64, nil)
	cut := writeFile(t, dir, "cut.png", good[:len(good)-30])
	noise := writeNPY(t, dir, "n.npy", tensor(t, []int{1, 4, 8, 8}, codec.Float32, 1))
	out := writeFile(t, dir, "exists.gen5", []byte("precious"))
	req := request(cut, noise)
	req.Overwrite = true
	d, err := Create(req, out)
	if err == nil || !strings.HasPrefix(err.Error(), cut+": decoding png image") || d != nil {
		t.Errorf("error %v (draft %v), want one naming the picture", err, d != nil)
	}
	if b, _ := os.ReadFile(out); string(b) != "precious" {
		t.Error("the output was replaced")
	}
	if names, _ := filepath.Glob(filepath.Join(dir, ".*")); len(names) > 0 {
		t.Errorf("left behind: %q", names)
	}
}

// TestMatchesReferenceFixture builds a container from the inputs the
// reference used for v010_sd15_f32.gen5 and compares what must match: the
// latent payload (same hash as the reference stored), the record extras
// and the key order of model_info.
func TestMatchesReferenceFixture(t *testing.T) {
	npy := fixtures.Path(t, "v010_sd15_f32.latent0.npy")
	ref, err := codec.OpenFile(fixtures.Path(t, "v010_sd15_f32.gen5"))
	if err != nil {
		t.Fatal(err)
	}
	defer ref.Close()
	refImage, err := ref.Image().Payload()
	if err != nil {
		t.Fatal(err)
	}
	req := Request{ImagePath: "reference.png", ImageData: refImage, NoisePaths: []string{npy}, Now: func() time.Time { return testNow }, Hardware: testHardware,
		Fields: Fields{ModelName: ptr("SDXL"), ModelVersion: ptr("1.0"), Prompt: ptr("A lighthouse at dusk, volumetric light"), Tags: []string{"lighthouse", "dusk"},
			Seed: ptr(uint64(42)), Steps: ptr(20), Sampler: ptr("ddim"), CFGScale: ptr(7.5), Scheduler: ptr("pndm"), Eta: ptr(0.0)}}
	out := filepath.Join(t.TempDir(), "mine.gen5")
	if _, err := Create(req, out); err != nil {
		t.Fatal(err)
	}
	mine, err := codec.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer mine.Close()
	if got, want := mine.Latents()[0].Hash, ref.Latents()[0].Hash; got != want {
		t.Errorf("latent hash %s, reference %s", got, want)
	}
	if got, want := mine.Image().Hash, ref.Image().Hash; got != want {
		t.Errorf("image hash %s, reference %s", got, want)
	}
	sum := sha256.Sum256(refImage)
	if hex.EncodeToString(sum[:]) != mine.Image().Hash {
		t.Error("image hash is not the payload's")
	}
	refMI, mineMI := ref.Manifest.ModelInfoObject(), mine.Manifest.ModelInfoObject()
	if !slices.Equal(keysOf(refMI), keysOf(mineMI)) {
		t.Errorf("model_info keys %v, reference %v", keysOf(mineMI), keysOf(refMI))
	}
	refGS, _ := refMI.Object("generation_settings")
	mineGS, _ := mineMI.Object("generation_settings")
	if got, want := keysOf(mineGS), keysOf(refGS)[:6]; !slices.Equal(got, want) {
		t.Errorf("generation_settings keys %v, reference starts %v", got, want)
	}
	for _, k := range keysOf(mineGS) {
		a, _ := mineGS.Get(k)
		b, _ := refGS.Get(k)
		if a != b {
			t.Errorf("generation_settings.%s = %v, reference %v", k, a, b)
		}
	}
	refHW, _ := refMI.Object("hardware_info")
	mineHW, _ := mineMI.Object("hardware_info")
	if !slices.Equal(keysOf(refHW), keysOf(mineHW)) {
		t.Errorf("hardware_info keys %v, reference %v", keysOf(mineHW), keysOf(refHW))
	}
	for _, k := range []string{"model_name", "version", "prompt"} {
		a, _ := mineMI.String(k)
		b, _ := refMI.String(k)
		if a != b {
			t.Errorf("%s = %q, reference %q", k, a, b)
		}
	}
	refExtra := ref.Latents()[0].Extra
	mineExtra := mine.Latents()[0].Extra
	a, _ := mineExtra.MarshalJSON()
	b, _ := refExtra.MarshalJSON()
	if string(a) != strings.Replace(string(b), `"latent_1"`, `"initial_noise"`, 1) {
		t.Errorf("latent extra %s, reference %s", a, b)
	}
}

// comfyGraph is a minimal ComfyUI API graph: checkpoint → KSampler → save.
func comfyGraph(seed string) string {
	return `{"3": {"class_type": "KSampler", "inputs": {"seed": ` + seed + `, "steps": 20, "cfg": 6.5, "sampler_name": "euler", "scheduler": "normal",
 "denoise": 1, "model": ["4", 0], "positive": ["6", 0], "negative": ["7", 0], "latent_image": ["5", 0]}},
 "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "sd_xl_base_1.0.safetensors"}},
 "5": {"class_type": "EmptyLatentImage", "inputs": {"width": 64, "height": 64, "batch_size": 1}},
 "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "a cat", "clip": ["4", 1]}},
 "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "dogs", "clip": ["4", 1]}},
 "8": {"class_type": "VAEDecode", "inputs": {"samples": ["3", 0], "vae": ["4", 2]}},
 "9": {"class_type": "SaveImage", "inputs": {"images": ["8", 0], "filename_prefix": "ComfyUI"}}}`
}

func TestBuildFromComfyUIPicture(t *testing.T) {
	dir := t.TempDir()
	noise := writeNPY(t, dir, "n.npy", tensor(t, []int{1, 4, 8, 8}, codec.Float32, 1))
	workflow := `{"nodes": [], "links": []}`
	tests := []struct {
		name     string
		seed     string
		fields   Fields
		settings string
		warning  string
		note     string
	}{
		{name: "ordinary", seed: "42", settings: `{"seed":42,"steps":20,"sampler":"euler","cfg_scale":6.5,"scheduler":"normal"}`},
		{name: "seed beyond int64", seed: "18446744073709551615",
			settings: `{"seed":18446744073709551615,"steps":20,"sampler":"euler","cfg_scale":6.5,"scheduler":"normal"}`},
		{name: "seed beyond int64, typed seed", seed: "18446744073709551615", fields: Fields{Seed: ptr(uint64(7))},
			settings: `{"seed":7,"steps":20,"sampler":"euler","cfg_scale":6.5,"scheduler":"normal"}`},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			img := writePNG(t, dir, fmt.Sprintf("comfy%d.png", i), 64, 64, map[string]string{"prompt": comfyGraph(tc.seed), "workflow": workflow})
			req := request(img, noise)
			req.Fields = tc.fields
			d, err := Build(req)
			if err != nil {
				t.Fatal(err)
			}
			m := d.Manifest
			if d.Source != "comfyui" || d.SourceLine() != "read ComfyUI parameters from "+img {
				t.Errorf("source %q, line %q", d.Source, d.SourceLine())
			}
			if str(t, m, "model_name") != "sd_xl_base_1.0.safetensors" || str(t, m, "prompt") != "a cat" || str(t, m, "negative_prompt") != "dogs" ||
				str(t, m, "comfyui_prompt") != comfyGraph(tc.seed) || str(t, m, "comfyui_workflow") != workflow {
				t.Errorf("model_info = %s", mustMarshal(t, m.ModelInfoObject()))
			}
			wantKeys := []string{"model_name", "version", "date", "prompt", "tags", "generation_settings", "hardware_info", "negative_prompt", "comfyui_prompt", "comfyui_workflow"}
			if tc.settings == "" {
				wantKeys = slices.DeleteFunc(wantKeys, func(k string) bool { return k == "generation_settings" })
			}
			if got := keysOf(m.ModelInfoObject()); !slices.Equal(got, wantKeys) {
				t.Errorf("model_info keys %v, want %v", got, wantKeys)
			}
			if got := settingsJSON(t, m); got != tc.settings {
				t.Errorf("generation_settings = %s, want %s", got, tc.settings)
			}
			if !containsPart(d.Warnings, tc.warning) || !containsPart(d.Notes, tc.note) {
				t.Errorf("warnings %q, notes %q", d.Warnings, d.Notes)
			}
		})
	}
}

// A picture that decodes but whose text is damaged is still stored; the
// prefill is skipped with a warning.
func TestDamagedPictureMetadata(t *testing.T) {
	dir := t.TempDir()
	good := pngBytes(t, 64, 64, nil)
	const afterIHDR = 33
	bad := append(append(append([]byte{}, good[:afterIHDR]...), pngChunk("zTXt", []byte("parameters\x00\x00not zlib at all"))...), good[afterIHDR:]...)
	img := writeFile(t, dir, "damaged.png", bad)
	noise := writeNPY(t, dir, "n.npy", tensor(t, []int{1, 4, 8, 8}, codec.Float32, 1))
	d, err := Build(request(img, noise))
	if err != nil {
		t.Fatal(err)
	}
	if d.Source != "none" || len(d.Warnings) != 1 || !strings.HasPrefix(d.Warnings[0], img+": generation parameters not read: ") {
		t.Errorf("source %q, warnings %q", d.Source, d.Warnings)
	}
	if !bytes.Equal(d.Image, bad) {
		t.Error("image not kept as given")
	}
	// Nothing known: the defaults.
	mi := d.Manifest.ModelInfoObject()
	want := `{"model_name":"unknown","version":"","date":"2026-11-26T08:55:58.390496+00:00","prompt":"","tags":[],"hardware_info":`
	if got := mustMarshal(t, mi); !strings.HasPrefix(got, want) || len(d.FromPicture) != 0 {
		t.Errorf("model_info = %s, FromPicture %v", got, d.FromPicture)
	}
}

// A video latent [B,C,T,H,W] is stored as it is, as 0.1.0a0 writes it, and
// its height and width are what is compared with the picture's.
func TestVideoLatentStored(t *testing.T) {
	dir := t.TempDir()
	img := writePNG(t, dir, "a.png", 512, 512, nil)
	video := tensor(t, []int{1, 16, 3, 64, 64}, codec.Float32, 5)
	noise := writeNPY(t, dir, "video.npy", video)
	out := filepath.Join(dir, "out.gen5")
	d, err := Create(request(img, noise), out)
	if err != nil {
		t.Fatal(err)
	}
	if !containsPart(d.Notes, noise+": a video latent") {
		t.Errorf("notes %q say nothing of the video latent", d.Notes)
	}
	if len(d.Warnings) > 0 {
		t.Errorf("warnings %q: 64×64 fits a 512×512 frame", d.Warnings)
	}
	f, err := codec.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, err := f.Latents()[0].Latent()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(l.Shape, video.Shape) || !bytes.Equal(l.Raw, video.Raw) {
		t.Errorf("read back %v", l.Shape)
	}
}

// The noise is checked before the picture is looked at: a wrong tensor
// is refused even beside a picture that is not one.
func TestNoiseCheckedBeforePicture(t *testing.T) {
	dir := t.TempDir()
	notPicture := writeFile(t, dir, "a.png", []byte("not a picture"))
	rank2 := writeNPY(t, dir, "rank2.npy", tensor(t, []int{64, 64}, codec.Float32, 1))
	_, err := Build(request(notPicture, rank2))
	if err == nil || !strings.HasPrefix(err.Error(), rank2+": a rank-2 tensor") {
		t.Errorf("error %v, want the noise's", err)
	}
}
