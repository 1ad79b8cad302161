package cli

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/prefill"
)

// The A1111 infotext the test picture carries.
const createInfotext = "a lighthouse at dusk\nNegative prompt: blurry\n" +
	"Steps: 28, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 7, Seed: 1234567, Size: 512x512, Model: v1-5-pruned-emaonly"

// createInputs writes a 512×512 PNG with an A1111 "parameters" chunk and a
// 1×4×64×64 float32 noise file into dir.
func createInputs(t *testing.T, dir string) (img, noise string, want *codec.Tensor) {
	t.Helper()
	m := image.NewNRGBA(image.Rect(0, 0, 512, 512))
	for y := range 512 {
		for x := range 512 {
			m.Set(x, y, color.NRGBA{uint8(x), uint8(y), 128, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	text := append([]byte("parameters\x00"), createInfotext...)
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(text)))
	chunk = append(chunk, "tEXt"...)
	chunk = append(chunk, text...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	const afterIHDR = 33
	withText := append(append(append([]byte{}, data[:afterIHDR]...), chunk...), data[afterIHDR:]...)
	img = filepath.Join(dir, "cat.png")
	if err := os.WriteFile(img, withText, 0o644); err != nil {
		t.Fatal(err)
	}

	r := rand.New(rand.NewPCG(1, 2))
	vals := make([]float32, 4*64*64)
	for i := range vals {
		vals[i] = float32(r.NormFloat64())
	}
	want, err := codec.TensorFromFloat32([]int{1, 4, 64, 64}, vals, codec.Float32)
	if err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := codec.WriteNPY(&buf, want); err != nil {
		t.Fatal(err)
	}
	noise = filepath.Join(dir, "noise.npy")
	if err := os.WriteFile(noise, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return img, noise, want
}

// runCreateCmd runs `gen5view create args...` with a fixed machine.
func runCreateCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	saved := createHardware
	createHardware = func() prefill.HardwareInfo { return prefill.HardwareInfo{OS: "linux", CPU: "test", CPUCores: 2} }
	defer func() { createHardware = saved }()
	var out, errb bytes.Buffer
	code = Run(append([]string{"create"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func TestCreateCommand(t *testing.T) {
	dir := t.TempDir()
	img, noise, want := createInputs(t, dir)
	out := filepath.Join(dir, "cat.gen5")
	// Flags after the picture's values replace them; flags may come in any order.
	code, stdout, stderr := runCreateCmd(t, "--out", out, "--image", img, "--noise", noise,
		"--prompt", "a lighthouse at night", "--tag", "lighthouse", "--tag", "night", "--seed", "0", "--model", "SD 1.5")
	if code != ExitOK {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if stderr != "" {
		t.Errorf("stderr: %s", stderr)
	}
	wantOut := "read A1111 parameters from " + img + " (used: steps, sampler, cfg_scale, scheduler, negative_prompt, a1111_parameters)\n"
	if !strings.HasPrefix(stdout, wantOut) || !strings.Contains(stdout, "wrote "+out+" (2 chunks, ") {
		t.Errorf("stdout:\n%s\nwant it to start %q", stdout, wantOut)
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
	mi, err := f.Manifest.ModelInfo()
	if err != nil {
		t.Fatal(err)
	}
	gs := mi.GenerationSettings
	if mi.ModelName != "SD 1.5" || mi.Prompt != "a lighthouse at night" || mi.NegativePrompt != "blurry" || !slices.Equal(mi.Tags, []string{"lighthouse", "night"}) ||
		!gs.HasSeed || gs.Seed != 0 || gs.Steps != 28 || gs.Sampler != "DPM++ 2M" || gs.CFGScale != 7 || gs.Scheduler != "Karras" || mi.HardwareInfo.OS != "linux" {
		t.Errorf("model_info = %+v", mi)
	}
	l, err := f.Latents()[0].Latent()
	if err != nil {
		t.Fatal(err)
	}
	if l.Key != "initial_noise" || l.DType != codec.Float32 || !bytes.Equal(l.Raw, want.Raw) {
		t.Errorf("latent %q %s, bytes equal %v", l.Key, l.DType, bytes.Equal(l.Raw, want.Raw))
	}
	payload, err := f.Image().Payload()
	if err != nil {
		t.Fatal(err)
	}
	if orig := readFile(t, img); !bytes.Equal(payload, orig) {
		t.Error("image not stored byte for byte")
	}

	// The same again is refused without --force, and replaces with it.
	code, _, stderr = runCreateCmd(t, "--image", img, "--noise", noise, "--out", out)
	if code != ExitFile || stderr != "gen5view: "+out+" already exists (give --force to replace it)\n" {
		t.Errorf("existing out: exit %d, stderr %q", code, stderr)
	}
	code, stdout, stderr = runCreateCmd(t, "--image", img, "--noise", noise, "--out", out, "--force", "--f16", "--no-compress")
	if code != ExitOK {
		t.Fatalf("--force: exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(stdout, "note: "+noise+": float32 stored as float16 (rounded to nearest)\n") {
		t.Errorf("--f16: stdout %q", stdout)
	}
	g, err := codec.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if c := g.Latents()[0]; c.Flags != "F16" || c.Compressed {
		t.Errorf("--f16 --no-compress: flags %q, compressed %v", c.Flags, c.Compressed)
	}
}

func TestCreateCommandExitCodes(t *testing.T) {
	dir := t.TempDir()
	img, noise, _ := createInputs(t, dir)
	small := filepath.Join(dir, "small.npy")
	var buf bytes.Buffer
	tt, _ := codec.TensorFromFloat32([]int{1, 4, 8, 8}, make([]float32, 256), codec.Float32)
	if err := codec.WriteNPY(&buf, tt); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(small, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.npy")
	out := func(name string) string { return filepath.Join(dir, name) }
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string // a line stderr must hold ("" = empty stderr)
	}{
		{"good", []string{"--image", img, "--noise", noise, "--out", out("a.gen5")}, ExitOK, ""},
		{"shape warning", []string{"--image", img, "--noise", small, "--out", out("b.gen5")}, ExitOK,
			"warning: " + small + ": latent 8×8 does not fit the 512×512 picture (an SD-family latent is 1/8 of it, 64×64); stored anyway"},
		{"missing noise file", []string{"--image", img, "--noise", missing, "--out", out("c.gen5")}, ExitFile, "gen5view: " + missing + ": no such file or directory"},
		{"missing image file", []string{"--image", out("nope.png"), "--noise", noise, "--out", out("d.gen5")}, ExitFile, "gen5view: " + out("nope.png") + ": no such file or directory"},
		{"noise is a picture", []string{"--image", img, "--noise", img, "--out", out("e.gen5")}, ExitFile, "gen5view: " + img + ": is neither a .npy nor a .safetensors file"},
		{"no flags", nil, ExitUsage, "gen5view create: missing --image, --noise, --out (see gen5view create --help)"},
		{"no noise", []string{"--image", img, "--out", out("f.gen5")}, ExitUsage, "gen5view create: missing --noise (see gen5view create --help)"},
		{"no out", []string{"--image", img, "--noise", noise}, ExitUsage, "gen5view create: missing --out (see gen5view create --help)"},
		{"steps 0", []string{"--image", img, "--noise", noise, "--out", out("g.gen5"), "--steps", "0"}, ExitUsage, "gen5view create: steps must be at least 1, not 0"},
		{"negative seed", []string{"--image", img, "--noise", noise, "--out", out("h.gen5"), "--seed", "-1"}, ExitUsage, `invalid value "-1" for flag -seed: parse error`},
		{"blank tag", []string{"--image", img, "--noise", noise, "--out", out("i.gen5"), "--tag", " "}, ExitUsage, "gen5view create: tags: a tag cannot be blank"},
		{"positional", []string{"--image", img, "--noise", noise, "--out", out("j.gen5"), "extra"}, ExitUsage, `gen5view create: unexpected argument "extra"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCreateCmd(t, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, stdout, stderr)
			}
			switch {
			case tc.stderr != "":
				if !slices.Contains(strings.Split(stderr, "\n"), tc.stderr) {
					t.Errorf("stderr %q, want the line %q", stderr, tc.stderr)
				}
			case tc.code == ExitOK && stderr != "":
				t.Errorf("stderr %q", stderr)
			}
			if tc.code == ExitFile && strings.Count(stderr, "\n") != 1 {
				t.Errorf("file error is not one line: %q", stderr)
			}
			// The output named by --out exists exactly when the command succeeded.
			if o := createFlagValue(tc.args, "--out"); o != "" {
				f, err := codec.OpenFile(o)
				if tc.code != ExitOK {
					if err == nil {
						f.Close()
						t.Errorf("%s written despite the failure", o)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				if errs := f.Verify(); len(errs) > 0 {
					t.Error(errs)
				}
			}
		})
	}
}

// createFlagValue returns the value following name in args, or "".
func createFlagValue(args []string, name string) string {
	for i, a := range args {
		if a == name && i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}

func TestCreateHelp(t *testing.T) {
	code, stdout, _ := runCreateCmd(t, "--help")
	if code != ExitOK || !strings.Contains(stdout, "Usage: gen5view create --image IMG --noise NOISE") || !strings.Contains(stdout, "-no-compress") {
		t.Errorf("help: exit %d\n%s", code, stdout)
	}
}
