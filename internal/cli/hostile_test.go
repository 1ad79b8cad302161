package cli

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/internal/fixtures"
	"github.com/klauspost/compress/zstd"
)

// runNoHang is run, failing the test instead of hanging it when the
// command blocks (opening a pipe nobody writes to would).
func runNoHang(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); code, stdout, stderr = run(args...) }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatalf("%v blocked", args)
	}
	return code, stdout, stderr
}

func mkfifo(t *testing.T, path string) string {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	return path
}

// TestSpecialFilesAsInputs: a pipe with no writer, /dev/zero and a
// directory given where a file is read make every command refuse in one
// line naming the file and what it is, without blocking or reading on.
func TestSpecialFilesAsInputs(t *testing.T) {
	dir := t.TempDir()
	good := fixtures.Copy(t, "a0_sd15_f32.gen5", dir)
	img, noise, _ := createInputs(t, dir)
	fifo := mkfifo(t, filepath.Join(dir, "pipe.gen5"))
	specials := map[string]string{fifo: "is a named pipe", "/dev/zero": "is a character device", dir: "is a directory"}
	for special, kind := range specials {
		out := filepath.Join(t.TempDir(), "out.gen5")
		for _, args := range [][]string{
			{"info", special},
			{"info", "--json", special},
			{"verify", special},
			{"edit", special, "--prompt", "x"},
			{"seedcheck", special},
			{"extract", special, "--latents", t.TempDir()},
			{"create", "--image", special, "--noise", noise, "--out", out},
			{"create", "--image", img, "--noise", special, "--out", out},
		} {
			code, _, stderr := runNoHang(t, args...)
			want := special + ": " + kind
			if code != ExitFile || !strings.Contains(stderr, want) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("%v: exit %d, stderr %q; want exit 1 and one line containing %q", args, code, stderr, want)
			}
		}
	}
	_ = good
}

// TestOutputsOntoSpecialFiles: --out, extract --image, --latents DIR/… and
// noise --out never replace a pipe, a directory or a link to one; "-"
// writes to standard output.
func TestOutputsOntoSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	src := fixtures.Copy(t, "a0_sd15_f32.gen5", dir)
	fifo := mkfifo(t, filepath.Join(dir, "pipe"))
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	linkToFifo := filepath.Join(dir, "link")
	os.Symlink(fifo, linkToFifo)
	latents := filepath.Join(dir, "latents")
	os.Mkdir(latents, 0o755)
	mkfifo(t, filepath.Join(latents, "latent0.npy"))
	for _, c := range []struct {
		args   []string
		target string
	}{
		{[]string{"edit", src, "--prompt", "x", "--out", fifo}, fifo},
		{[]string{"edit", src, "--prompt", "x", "--out", sub}, sub},
		{[]string{"edit", src, "--prompt", "x", "--out", linkToFifo}, linkToFifo},
		{[]string{"extract", src, "--image", fifo}, fifo},
		{[]string{"extract", src, "--image", linkToFifo}, linkToFifo},
		{[]string{"extract", src, "--latents", latents}, filepath.Join(latents, "latent0.npy")},
		{[]string{"noise", "--seed", "1", "--shape", "1,1,2,2", "--out", fifo}, fifo},
		{[]string{"noise", "--seed", "1", "--shape", "1,1,2,2", "--out", sub}, sub},
	} {
		before, _ := os.Lstat(c.target)
		code, _, stderr := runNoHang(t, c.args...)
		if code != ExitFile || !strings.Contains(stderr, c.target+": is a") || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want one line refusing %s", c.args, code, stderr, c.target)
		}
		after, _ := os.Lstat(c.target)
		if after == nil || !os.SameFile(before, after) || before.Mode() != after.Mode() {
			t.Errorf("%v: %s was replaced", c.args, c.target)
		}
	}

	// "-" is standard output, and the list of files goes to stderr.
	code, stdout, stderr := run("extract", src, "--image", "-")
	f, _ := codec.OpenFile(src)
	want, _ := f.Image().Payload()
	f.Close()
	if code != 0 || stdout != string(want) || !strings.Contains(stderr, "standard output") {
		t.Errorf("extract --image -: exit %d, %d bytes on stdout (want %d), stderr %q", code, len(stdout), len(want), stderr)
	}
	if _, err := os.Stat("-"); err == nil {
		t.Error(`extract --image - wrote a file named "-"`)
	}
	code, stdout, _ = run("noise", "--seed", "1", "--shape", "1,1,2,2", "--out", "-")
	if t2, _, err := codec.ReadNPY(strings.NewReader(stdout), int64(len(stdout))); code != 0 || err != nil || len(t2.Shape) != 4 {
		t.Errorf("noise --out -: exit %d, stdout does not read as .npy: %v", code, err)
	}
}

// hostileText holds every kind of character a terminal acts on.
const hostileText = "cat\x1b]0;owned\x07\x1b[2J\rfake line\n\u009b31m\u202eevil\x7f"

// TestTerminalSafety: text from the file, printed by info or in an error,
// never reaches the terminal raw; --json stays exact JSON in valid UTF-8.
func TestTerminalSafety(t *testing.T) {
	dir := t.TempDir()
	src := fixtures.Copy(t, "a0_sd15_f32.gen5", dir)
	ed := codec.NewEdit(editManifest(t, src))
	m := ed.Manifest()
	m.SetPrompt(hostileText)
	m.SetModelInfo("model_name", hostileText)
	if _, err := ed.AddTags(hostileText); err != nil {
		t.Fatal(err)
	}
	p := saveManifest(t, src, m)
	code, stdout, _ := run("info", p)
	if code != 0 {
		t.Fatalf("info: exit %d", code)
	}
	checkTerminalSafe(t, "info", stdout)
	if !strings.Contains(stdout, `Prompt:    cat\x1b]0;owned\x07\x1b[2J\rfake line\n\u009b31m\u202eevil\x7f`) {
		t.Errorf("info does not show the escaped prompt: %q", stdout)
	}

	code, stdout, _ = run("info", "--json", p)
	checkTerminalSafe(t, "info --json", strings.ReplaceAll(stdout, "\n", ""))
	var got struct {
		Metadata struct {
			Gen5 struct {
				ModelInfo struct {
					Prompt string `json:"prompt"`
				} `json:"model_info"`
			} `json:"gen5_metadata"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); code != 0 || err != nil || got.Metadata.Gen5.ModelInfo.Prompt != hostileText {
		t.Errorf("info --json: exit %d, %v, prompt %q; want the prompt exactly", code, err, got.Metadata.Gen5.ModelInfo.Prompt)
	}

	// Error lines: a file name and a tag with control characters.
	bad := filepath.Join(dir, "x\x1b[2J\x07.gen5")
	_, _, stderr := run("info", bad)
	checkTerminalSafe(t, "an error", strings.TrimSuffix(stderr, "\n"))
	_, _, stderr = run("edit", p, "--remove-tag", "a\x1b[2Jb")
	checkTerminalSafe(t, "a note", strings.TrimSuffix(stderr, "\n"))
}

// checkTerminalSafe fails when out holds anything a terminal would act on
// other than the line breaks between lines.
func checkTerminalSafe(t *testing.T, what, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Errorf("%s: output is not valid UTF-8: %q", what, out)
	}
	for _, r := range out {
		if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == 0x202e {
			t.Errorf("%s: raw control character %U in %q", what, r, out)
			return
		}
	}
}

// editManifest returns a copy of the manifest of the file at path.
func editManifest(t *testing.T, path string) *codec.Manifest {
	t.Helper()
	f, err := codec.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return f.Manifest.Clone()
}

// saveManifest writes the file at path with manifest m, beside it.
func saveManifest(t *testing.T, path string, m *codec.Manifest) string {
	t.Helper()
	f, err := codec.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := filepath.Join(t.TempDir(), "edited.gen5")
	if err := f.Save(out, m); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBatchFriendlyExtract: a file without an image still gives its
// latents, with a note, and exit 0.
func TestBatchFriendlyExtract(t *testing.T) {
	dir := t.TempDir()
	src := fixtures.Copy(t, "a0_sd15_f32.gen5", dir)
	f, err := codec.OpenFile(src)
	if err != nil {
		t.Fatal(err)
	}
	l, err := f.Latents()[0].Latent()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	m := codec.NewManifest()
	var buf bytes.Buffer
	if err := codec.Write(&buf, codec.Contents{Manifest: m, Latents: []codec.NewLatent{{Key: "initial_noise", Tensor: &l.Tensor}}}); err != nil {
		t.Fatal(err)
	}
	noImage := filepath.Join(dir, "noimage.gen5")
	os.WriteFile(noImage, buf.Bytes(), 0o644)
	img := filepath.Join(dir, "out.png")
	lat := filepath.Join(dir, "lat")
	code, _, stderr := run("extract", noImage, "--image", img, "--latents", lat)
	if code != 0 || !strings.Contains(stderr, "has no image") {
		t.Errorf("exit %d, stderr %q; want 0 and a note that there is no image", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(lat, "latent0.npy")); err != nil {
		t.Errorf("latents not written: %v", err)
	}
	if _, err := os.Stat(img); err == nil {
		t.Error("an image file was written for a file without an image")
	}
}

// writeContents writes a new .gen5 file holding c.
func writeContents(t *testing.T, c codec.Contents) string {
	t.Helper()
	if c.Manifest == nil {
		c.Manifest = codec.NewManifest()
	}
	var buf bytes.Buffer
	if err := codec.Write(&buf, c); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "made.gen5")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func filled(t *testing.T, shape []int, v float32) *codec.Tensor {
	n := 1
	for _, d := range shape {
		n *= d
	}
	vals := make([]float32, n)
	for i := range vals {
		vals[i] = v
	}
	tn, err := codec.TensorFromFloat32(shape, vals, codec.Float32)
	if err != nil {
		t.Fatal(err)
	}
	return tn
}

// TestValuesARealFileCanHold: latents of NaN, of infinities or with no
// values open (info exit 0, saying so; --json stays JSON with null
// statistics) and verify names each problem; an environment chunk that is
// not JSON is a verify failure and an info warning.
func TestValuesARealFileCanHold(t *testing.T) {
	nan, inf := float32(math.NaN()), float32(math.Inf(1))
	cases := []struct {
		name       string
		c          codec.Contents
		info, fail string
	}{
		{"all NaN", codec.Contents{Latents: []codec.NewLatent{{Key: "n", Tensor: filled(t, []int{1, 4, 8, 8}, nan)}}},
			"256 NaN, no finite value", "256 NaN or infinite values"},
		{"all Inf", codec.Contents{Latents: []codec.NewLatent{{Key: "n", Tensor: filled(t, []int{1, 4, 8, 8}, inf)}}},
			"256 infinite, no finite value", "256 NaN or infinite values"},
		{"zero-sized axis", codec.Contents{Latents: []codec.NewLatent{{Key: "n", Tensor: filled(t, []int{1, 0, 8, 8}, 0)}}},
			"no elements", "has an axis of size 0"},
		{"env not JSON", codec.Contents{Env: []byte("torch=2.1"), Latents: []codec.NewLatent{{Key: "n", Tensor: filled(t, []int{1, 4, 8, 8}, 1)}}},
			"warning: ", "the environment is not JSON"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := writeContents(t, c.c)
			code, out, stderr := run("info", p)
			if code != 0 || !strings.Contains(out, c.info) {
				t.Errorf("info: exit %d, %q %q; want exit 0 saying %q", code, out, stderr, c.info)
			}
			code, out, stderr = run("info", "--json", p)
			var v map[string]any
			if err := json.Unmarshal([]byte(out), &v); code != 0 || err != nil {
				t.Errorf("info --json: exit %d, %v, %q", code, err, stderr)
			}
			code, out, _ = run("verify", p)
			if code != ExitFile || !strings.Contains(out, c.fail) {
				t.Errorf("verify: exit %d, %q; want exit 1 naming %q", code, out, c.fail)
			}
		})
	}
}

// TestRankZeroLatentExtracts: the 0.1.0a0 reference stores a tensor of any
// rank, a scalar included; it extracts as a rank-0 .npy, as numpy writes one.
func TestRankZeroLatentExtracts(t *testing.T) {
	p := writeContents(t, codec.Contents{Latents: []codec.NewLatent{{Key: "s", Tensor: filled(t, []int{}, 2.5)}}})
	if code, out, stderr := run("info", p); code != 0 {
		t.Fatalf("info: exit %d %q %q", code, out, stderr)
	}
	dir := t.TempDir()
	if code, _, stderr := run("extract", p, "--latents", dir); code != 0 {
		t.Fatalf("extract: exit %d %q", code, stderr)
	}
	b, err := os.ReadFile(filepath.Join(dir, "latent0.npy"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte("'shape': ()")) {
		t.Errorf("header %q, want the shape ()", b[:min(len(b), 128)])
	}
	tn, _, err := codec.ReadNPY(bytes.NewReader(b), int64(len(b)))
	if err != nil || len(tn.Shape) != 0 || tn.Float32()[0] != 2.5 {
		t.Errorf("read back: %v %v", tn, err)
	}
}

// TestTagEditKeepsWhatTheFileHolds: tags that are not text, duplicates and
// blanks already in a file survive an edit of other tags, which is no
// usage error because of them.
func TestTagEditKeepsWhatTheFileHolds(t *testing.T) {
	src := fixtures.Copy(t, "a0_sd15_f32.gen5", t.TempDir())
	m := editManifest(t, src)
	odd, _ := codec.ParseJSON([]byte(`["a", "a", " ", 5, {"k": null}]`))
	m.ModelInfoObject().Set("tags", odd)
	p := withManifest(t, src, m)
	if code, _, stderr := run("edit", p, "--add-tag", "b", "--remove-tag", "zz"); code != 0 {
		t.Fatalf("exit %d, %q", code, stderr)
	}
	got := editManifest(t, p)
	v, _ := got.ModelInfoObject().Get("tags")
	b, _ := codec.MarshalPython(v)
	if want := "[\n  \"a\",\n  \"a\",\n  \" \",\n  5,\n  {\n    \"k\": null\n  },\n  \"b\"\n]"; string(b) != want {
		t.Errorf("tags %s, want %s", b, want)
	}
}

// withManifest writes a copy of the file at path whose metadata chunk holds
// m as it is, even where the schema refuses it (a writer would not).
func withManifest(t *testing.T, path string, m *codec.Manifest) string {
	t.Helper()
	js, err := m.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	off := binary.LittleEndian.Uint32(file[8:])
	body := binary.LittleEndian.AppendUint32([]byte("META0000"), uint32(len(js)))
	enc, _ := zstd.NewWriter(nil)
	table := enc.EncodeAll(append(body, js...), nil)
	out := append(append([]byte{}, file[:off]...), table...)
	binary.LittleEndian.PutUint32(out[12:], uint32(len(table)))
	binary.LittleEndian.PutUint32(out[20:], uint32(len(out)))
	p := filepath.Join(t.TempDir(), "odd.gen5")
	if err := os.WriteFile(p, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
