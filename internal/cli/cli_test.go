package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
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

func TestExitCodes(t *testing.T) {
	good := fixtures.Path(t, "a0_sd15_f32.gen5")
	missing := filepath.Join(t.TempDir(), "nope.gen5")
	corrupt := filepath.Join(t.TempDir(), "corrupt.gen5")
	os.WriteFile(corrupt, []byte("GEN5\x01\x00 not really"), 0o644)
	cases := []struct {
		args []string
		code int
		err  string // part of stderr
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
		{[]string{"info", "--help"}, 0, ""},
		{[]string{"help"}, 0, ""},
	}
	for _, c := range cases {
		code, _, stderr := run(c.args...)
		if code != c.code || !strings.Contains(stderr, c.err) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d containing %q", c.args, code, stderr, c.code, c.err)
		}
		if strings.Count(strings.TrimSpace(stderr), "\n") > 0 && code == 1 {
			t.Errorf("%v: file error takes more than one line: %q", c.args, stderr)
		}
	}
}

func TestInfoJSONMatchesReference(t *testing.T) {
	dir := fixtures.Dir(t)
	matches, _ := filepath.Glob(filepath.Join(dir, "*.expected.json"))
	for _, m := range matches {
		name := strings.TrimSuffix(filepath.Base(m), ".expected.json")
		t.Run(name, func(t *testing.T) {
			code, out, stderr := run("info", "--json", filepath.Join(dir, name+".gen5"))
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatal(err)
			}
			var want map[string]any
			b, _ := os.ReadFile(m)
			json.Unmarshal(b, &want)
			for _, k := range []string{"header", "metadata"} {
				gb, _ := json.Marshal(got[k])
				wb, _ := json.Marshal(want[k])
				if string(gb) != string(wb) {
					t.Errorf("%s differs:\n got %s\nwant %s", k, gb, wb)
				}
			}
			lats := got["latents"].([]any)
			wl := want["latents"].([]any)
			if len(lats) != len(wl) {
				t.Fatalf("%d latents, want %d", len(lats), len(wl))
			}
			for i := range lats {
				g, w := lats[i].(map[string]any), wl[i].(map[string]any)
				if g["sha256"] != w["sha256"] || g["dtype"] != w["dtype"] {
					t.Errorf("latent %d: %v, want %v", i, g, w)
				}
				if std := g["std"].(float64); std < 0.5 || std > 1.5 {
					t.Errorf("latent %d std %v is not noise-like", i, std)
				}
			}
			for _, c := range got["chunks"].([]any) {
				if c.(map[string]any)["hash_ok"] != true {
					t.Errorf("chunk hash_ok false: %v", c)
				}
			}
			if wi, ok := want["image"].(map[string]any); ok && wi != nil {
				gi := got["image"].(map[string]any)
				if gi["sha256"] != wi["sha256"] || gi["size"] != wi["size"] || gi["width"].(float64) <= 0 {
					t.Errorf("image %v, want %v", gi, wi)
				}
			} else if got["image"] != nil {
				t.Errorf("image %v, want null", got["image"])
			}
			if (want["env"] == nil) != (got["env"] == nil) {
				t.Errorf("env %v, want %v", got["env"], want["env"])
			}
		})
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
	f, _ := codec.OpenFile(src)
	defer f.Close()
	p, _ := f.Image().Payload()
	if got, _ := os.ReadFile(img); !bytes.Equal(got, p) {
		t.Error("image bytes differ from the payload")
	}
	for i := 0; i < 2; i++ {
		got, _ := os.ReadFile(filepath.Join(dir, "latent"+string(rune('0'+i))+".npy"))
		want, _ := os.ReadFile(fixtures.Path(t, "v010_two_latents.latent"+string(rune('0'+i))+".npy"))
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
	before, _ := os.ReadFile(p)
	if code, _, stderr := run("edit", p, "--set-tags", "a, b ,c", "--out", out); code != 0 {
		t.Fatal(stderr)
	}
	if after, _ := os.ReadFile(p); !bytes.Equal(before, after) {
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
	f, _ := codec.OpenFile(p)
	c := f.Latents()[0]
	off := c.Offset + c.CompressedSize - 1
	f.Close()
	b, _ := os.ReadFile(p)
	b[off] ^= 0x55
	os.WriteFile(p, b, 0o644)
	code, out, _ := run("verify", p)
	if code != 1 || !strings.Contains(out, "chunk 0 (LATN): SHA-256 mismatch") {
		t.Errorf("exit %d, output %q", code, out)
	}
}
