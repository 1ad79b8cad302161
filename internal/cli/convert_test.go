package cli

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/internal/fixtures"
)

// create --out X.raiiaf writes a .raiiaf; convert takes it to .gen5 and
// back with the latent and the image unchanged.
func TestCreateRaiiafAndConvert(t *testing.T) {
	dir := t.TempDir()
	img, noise, want := createInputs(t, dir)
	r := filepath.Join(dir, "cat.raiiaf")
	code, stdout, stderr := runCreateCmd(t, "--out", r, "--image", img, "--noise", noise, "--model", "SD 1.5")
	if code != ExitOK {
		t.Fatalf("create: exit %d\n%s%s", code, stdout, stderr)
	}
	rd, err := codec.LoadFile(r)
	if err != nil {
		t.Fatal(err)
	}
	if rd.Header.Format != codec.Raiiaf || rd.Latents()[0].Storage() != "raw" || rd.Image().Storage() != "zstd" {
		t.Fatalf("created %v, latent %s, image %s", rd.Header.Format, rd.Latents()[0].Storage(), rd.Image().Storage())
	}

	g := filepath.Join(dir, "cat.gen5")
	code, stdout, stderr = run("convert", r, g)
	if code != ExitOK || !strings.Contains(stdout, "wrote "+g+" (.gen5, 2 chunks, ") {
		t.Fatalf("convert: exit %d\n%s%s", code, stdout, stderr)
	}
	back := filepath.Join(dir, "back.raiiaf")
	code, stdout, stderr = run("convert", "--zfp", g, back)
	if code != ExitOK || !strings.Contains(stdout, "latent 0: zfp reversible\n") {
		t.Fatalf("convert --zfp: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, p := range []string{g, back} {
		rd, err := codec.LoadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		l, err := rd.Latents()[0].LatentVerified()
		if err != nil || !bytes.Equal(l.Raw, want.Raw) || l.Key != "initial_noise" {
			t.Errorf("%s: latent %v, %q, equal %v", p, err, l.Key, l != nil && bytes.Equal(l.Raw, want.Raw))
		}
		a, _ := rd.Image().Payload()
		if b, _ := codec.LoadFile(r); true {
			orig, _ := b.Image().Payload()
			if !bytes.Equal(a, orig) {
				t.Errorf("%s: image bytes changed", p)
			}
		}
	}

	for _, c := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"convert", r, filepath.Join(dir, "x.png")}, ExitUsage, "cannot tell the format"},
		{[]string{"convert", "--format", "zip", r, g}, ExitUsage, `unknown format "zip"`},
		{[]string{"convert", "--format", "gen5", g, r}, ExitUsage, "is named .raiiaf but --format says gen5"},
		{[]string{"convert", r, g}, ExitFile, "already exists (give --force"},
		{[]string{"convert", r, filepath.Join(dir, "same.raiiaf")}, ExitFile, "is already a .raiiaf file"},
		{[]string{"convert", filepath.Join(dir, "missing.gen5"), filepath.Join(dir, "m.raiiaf")}, ExitFile, "no such file"},
	} {
		code, _, stderr := run(c.args...)
		if code != c.code || !strings.Contains(stderr, c.err) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, stderr, c.code, c.err)
		}
	}
}

// A lossy .raiiaf says, when converted, that its values are the decoded ones.
func TestConvertSaysWhatChanges(t *testing.T) {
	src := filepath.Join(fixtures.Dir(t), "raiiaf", "v110_sd15_f32_lossy.raiiaf")
	out := filepath.Join(t.TempDir(), "x.gen5")
	code, stdout, stderr := run("convert", src, out)
	if code != ExitOK || !strings.Contains(stdout, "note: latent 0 (initial_noise) is a lossy zfp stream (fixed accuracy (tolerance 2^-10)): the values it decodes to are written") {
		t.Errorf("exit %d\n%s%s", code, stdout, stderr)
	}
}
