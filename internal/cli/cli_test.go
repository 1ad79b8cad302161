package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/internal/fixtures"
)

func run(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = Run(args, &o, &e)
	return code, o.String(), e.String()
}

// readFile reads a file a test needs, failing the test when it cannot: two
// unreadable files would otherwise compare equal, both empty.
func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestExitCodes(t *testing.T) {
	good := fixtures.Path(t, "a0_sd15_f32.gen5")
	missing := filepath.Join(t.TempDir(), "nope.gen5")
	corrupt := filepath.Join(t.TempDir(), "corrupt.gen5")
	if err := os.WriteFile(corrupt, []byte("GEN5\x01\x00 not really"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		code int
		err  string // part of stderr; "" when stderr must be empty
	}{
		{[]string{"info", good}, 0, ""},
		{[]string{"info", "--json", good}, 0, ""},
		{[]string{"info", good, "--json"}, 0, ""},
		{[]string{"info"}, 2, "missing argument"},
		{[]string{"info", "--bogus", good}, 2, "bogus"},
		{[]string{"info", missing}, 1, missing + ": no such file"},
		{[]string{"info", corrupt}, 1, corrupt + ": "},
		{[]string{"verify", good}, 0, ""},
		{[]string{"verify", corrupt}, 1, corrupt},
		{[]string{"extract", good}, 2, "nothing to do"},
		{[]string{"edit", good}, 2, "nothing to change"},
		{[]string{"frobnicate"}, 2, "unknown command"},
		{[]string{"info", "--help"}, 0, ""}, // help goes to stdout: TestHelpGoesToOneStream
		{[]string{"help"}, 0, ""},
	}
	for _, c := range cases {
		code, _, stderr := run(c.args...)
		if c.err == "" && stderr != "" {
			t.Errorf("%v: stderr %q, want nothing", c.args, stderr)
		}
		if code != c.code || !strings.Contains(stderr, c.err) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d containing %q", c.args, code, stderr, c.code, c.err)
		}
		if strings.Count(strings.TrimSpace(stderr), "\n") > 0 && code == 1 {
			t.Errorf("%v: file error takes more than one line: %q", c.args, stderr)
		}
	}
}

// TestInfoJSONMatchesReference compares info --json with what the Python
// reference recorded for every fixture (NAME.expected.json): the header and
// metadata exactly, each latent's and the picture's hash, and the
// environment's components.
func TestInfoJSONMatchesReference(t *testing.T) {
	dir := fixtures.Dir(t)
	matches, err := filepath.Glob(filepath.Join(dir, "*.expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	// A fixture folder that lost its files must not pass by testing nothing:
	// these cover a file without a picture, two latents and an environment.
	for _, need := range []string{"a0_sd15_f32", "a0_no_image", "v010_two_latents", "v010_sd15_f32"} {
		if !slices.Contains(matches, filepath.Join(dir, need+".expected.json")) {
			t.Fatalf("%s.expected.json is missing from %s (%d expectations found)", need, dir, len(matches))
		}
	}
	for _, m := range matches {
		name := strings.TrimSuffix(filepath.Base(m), ".expected.json")
		t.Run(name, func(t *testing.T) {
			code, out, stderr := run("info", "--json", filepath.Join(dir, name+".gen5"))
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var got, want map[string]any
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(m)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatalf("%s: %v", m, err)
			}
			for _, k := range []string{"header", "metadata"} {
				if want[k] == nil {
					t.Fatalf("%s has no %q", m, k)
				}
				gb, _ := json.Marshal(got[k])
				wb, _ := json.Marshal(want[k])
				if string(gb) != string(wb) {
					t.Errorf("%s differs:\n got %s\nwant %s", k, gb, wb)
				}
			}
			lats, _ := got["latents"].([]any)
			wl, _ := want["latents"].([]any)
			if len(wl) == 0 || len(lats) != len(wl) {
				t.Fatalf("%d latents, want %d", len(lats), len(wl))
			}
			for i := range lats {
				g, w := lats[i].(map[string]any), wl[i].(map[string]any)
				for _, k := range []string{"sha256", "dtype", "shape"} {
					if w[k] == nil || fmt.Sprint(g[k]) != fmt.Sprint(w[k]) {
						t.Errorf("latent %d %s: %v, want %v", i, k, g[k], w[k])
					}
				}
				if std, _ := g["std"].(float64); std < 0.5 || std > 1.5 {
					t.Errorf("latent %d std %v is not noise-like", i, g["std"])
				}
			}
			chunks, _ := got["chunks"].([]any)
			if len(chunks) == 0 {
				t.Error("no chunks listed")
			}
			for _, c := range chunks {
				if c.(map[string]any)["hash_ok"] != true {
					t.Errorf("chunk hash_ok false: %v", c)
				}
			}
			if wi, ok := want["image"].(map[string]any); ok {
				gi, _ := got["image"].(map[string]any)
				for _, k := range []string{"sha256", "size"} {
					if wi[k] == nil || gi[k] != wi[k] {
						t.Errorf("image %s: %v, want %v", k, gi[k], wi[k])
					}
				}
				if w, _ := gi["width"].(float64); w <= 0 {
					t.Errorf("image width %v", gi["width"])
				}
			} else if got["image"] != nil {
				t.Errorf("image %v, want null", got["image"])
			}
			checkEnv(t, got["env"], want["env"])
		})
	}
}

// checkEnv compares the environment info shows with the reference's record,
// which lists each component's id and canonical string.
func checkEnv(t *testing.T, got, want any) {
	t.Helper()
	if want == nil {
		if got != nil {
			t.Errorf("env %v, want none", got)
		}
		return
	}
	components := func(v any) []string {
		m, _ := v.(map[string]any)
		list, _ := m["components"].([]any)
		var out []string
		for _, c := range list {
			c, _ := c.(map[string]any)
			out = append(out, fmt.Sprint(c["component_id"], " ", c["cononical_str"]))
		}
		return out
	}
	g, w := components(got), components(want)
	if len(w) == 0 || !slices.Equal(g, w) {
		t.Errorf("env components %q, want %q", g, w)
	}
}

func TestExtractWritesImageAndNPY(t *testing.T) {
	src := fixtures.Path(t, "v010_two_latents.gen5")
	dir := t.TempDir()
	img := filepath.Join(dir, "out.png")
	code, _, stderr := run("extract", src, "--image", img, "--latents", dir)
	if code != 0 {
		t.Fatal(stderr)
	}
	f, err := codec.OpenFile(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := f.Image().Payload()
	if err != nil || len(p) == 0 {
		t.Fatalf("the fixture's image: %d bytes, %v", len(p), err)
	}
	if got := readFile(t, img); !bytes.Equal(got, p) {
		t.Error("image bytes differ from the payload")
	}
	for i := 0; i < 2; i++ {
		got := readFile(t, filepath.Join(dir, fmt.Sprintf("latent%d.npy", i)))
		want := readFile(t, fixtures.Path(t, fmt.Sprintf("v010_two_latents.latent%d.npy", i)))
		if !bytes.Equal(got, want) {
			t.Errorf("latent%d.npy differs from numpy's", i)
		}
	}
}

func TestEditInPlaceAndOut(t *testing.T) {
	p := fixtures.Copy(t, "a0_sd15_f32.gen5", t.TempDir())
	code, _, stderr := run("edit", p, "--prompt", "new prompt", "--add-tag", "cute", "--remove-tag", "dog")
	if code != 0 {
		t.Fatal(stderr)
	}
	f, err := codec.OpenFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if f.Manifest.Prompt() != "new prompt" || strings.Join(f.Manifest.Tags(), ",") != "puppy,smile,cute" {
		t.Errorf("got %q %v", f.Manifest.Prompt(), f.Manifest.Tags())
	}
	f.Close()
	out := filepath.Join(t.TempDir(), "copy.gen5")
	before := readFile(t, p)
	if code, _, stderr := run("edit", p, "--set-tags", "a, b ,c", "--out", out); code != 0 {
		t.Fatal(stderr)
	}
	if after := readFile(t, p); !bytes.Equal(before, after) {
		t.Error("--out changed the source file")
	}
	g, err := codec.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if strings.Join(g.Manifest.Tags(), ",") != "a,b,c" {
		t.Errorf("tags %v", g.Manifest.Tags())
	}
	// The same edit runs over many files: a tag already there, or one to
	// remove that is not, is said on stderr and is no failure.
	code, _, stderr = run("edit", p, "--add-tag", "puppy", "--remove-tag", "nope")
	if code != 0 || !strings.Contains(stderr, `already has tag "puppy"`) || !strings.Contains(stderr, `has no tag "nope"`) {
		t.Errorf("no-op tag edit: exit %d, stderr %q", code, stderr)
	}
	if code, _, _ := run("edit", p, "--add-tag", " "); code != 2 {
		t.Errorf("blank tag: exit %d, want 2", code)
	}
}

func TestVerifyReportsHashFailurePerChunk(t *testing.T) {
	p := fixtures.Copy(t, "v010_uncompressed.gen5", t.TempDir())
	f, err := codec.OpenFile(p)
	if err != nil {
		t.Fatal(err)
	}
	c := f.Latents()[0]
	off := c.Offset + c.CompressedSize - 1
	f.Close()
	b := readFile(t, p)
	b[off] ^= 0x55
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := run("verify", p)
	if code != 1 || !strings.Contains(out, "chunk 0 (LATN): SHA-256 mismatch") {
		t.Errorf("exit %d, output %q", code, out)
	}
}

// A command's --help goes to standard output only; a bad flag's message and
// the usage go to standard error only.
func TestHelpGoesToOneStream(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := RunAs(CommandLine, []string{"info", "--help"}, &stdout, &stderr); code != ExitOK {
		t.Errorf("info --help: exit %d", code)
	}
	if !bytes.HasPrefix(stdout.Bytes(), []byte("Usage: gen5 info")) || stderr.Len() > 0 {
		t.Errorf("info --help: stdout %q, stderr %q", stdout.String(), stderr.String())
	}
	stdout.Reset()
	stderr.Reset()
	if code := RunAs(CommandLine, []string{"info", "--nosuch"}, &stdout, &stderr); code != ExitUsage {
		t.Errorf("info --nosuch: exit %d", code)
	}
	if stdout.Len() > 0 || !bytes.Contains(stderr.Bytes(), []byte("Usage: gen5 info")) {
		t.Errorf("info --nosuch: stdout %q, stderr %q", stdout.String(), stderr.String())
	}
}
