// Package libtest writes folders of .gen5 files for the library's tests
// and benchmarks: varied prompts, tags, models and seeds, a picture and a
// latent each; and reads a file's tags back.
package libtest

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/gen5viewer/gen5view/codec"
)

// File describes one file to write.
type File struct {
	Model, Prompt, Negative string
	Tags                    []string
	Seed                    uint64
	NoSeed                  bool // write no generation_settings
}

// Payload is the picture and latent every written file shares; only the
// manifests differ, which is what an index reads.
type Payload struct {
	Image  []byte
	Latent *codec.Tensor
}

// NewPayload makes a PNG of noise of side×side pixels and a 1×4×(side/8)²
// float16 latent of noise; side 128 makes files of about 100 KB.
func NewPayload(tb testing.TB, side int) Payload {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	img := image.NewNRGBA(image.Rect(0, 0, side, side))
	for i := range img.Pix {
		img.Pix[i] = uint8(rng.IntN(256))
	}
	img.Set(0, 0, color.NRGBA{A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	l := side / 8
	vals := make([]float32, 4*l*l)
	for i := range vals {
		vals[i] = float32(rng.NormFloat64())
	}
	tn, err := codec.TensorFromFloat32([]int{1, 4, l, l}, vals, codec.Float16)
	if err != nil {
		tb.Fatal(err)
	}
	return Payload{Image: buf.Bytes(), Latent: tn}
}

// Write writes f to path with the payload, compressed as the reference
// does by default. It does not sync: test files need not survive a crash.
func Write(tb testing.TB, path string, f File, p Payload) {
	tb.Helper()
	if err := WriteFile(path, f, p); err != nil {
		tb.Fatal(err)
	}
}

// WriteFile is Write returning its error, for use off the test's goroutine.
func WriteFile(path string, f File, p Payload) error {
	m := codec.NewManifest()
	m.SetModelInfo("model_name", f.Model)
	m.SetModelInfo("version", "1.0")
	m.SetModelInfo("date", "2025-06-01T12:00:00")
	m.SetPrompt(f.Prompt)
	if f.Negative != "" {
		m.SetModelInfo("negative_prompt", f.Negative)
	}
	if len(f.Tags) > 0 {
		if err := m.SetTags(f.Tags); err != nil {
			return err
		}
	}
	if !f.NoSeed {
		settings := []struct {
			key   string
			value any
		}{{"seed", f.Seed}, {"steps", 30}, {"sampler", "euler_a"}, {"cfg_scale", 7.0}}
		for _, s := range settings {
			if err := m.SetSetting(s.key, s.value); err != nil {
				return err
			}
		}
	}
	var buf bytes.Buffer
	if err := codec.Write(&buf, codec.Contents{
		Manifest: m,
		Latents:  []codec.NewLatent{{Key: "initial_noise", Tensor: p.Latent}},
		Image:    p.Image,
		Compress: true,
	}); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

var (
	subjects = []string{"cat", "dog", "castle", "forest", "robot", "portrait", "city", "ocean", "mountain", "dragon", "garden", "spaceship"}
	styles   = []string{"oil painting", "photograph", "watercolor", "anime", "pixel art", "charcoal sketch", "3d render"}
	moods    = []string{"at dusk", "in the rain", "under neon lights", "in spring", "at night", "in fog", "at golden hour"}
	models   = []string{"SD 1.5", "SDXL 1.0", "Flux dev", "Pony XL"}
	tagPool  = []string{"best", "wip", "portfolio", "reject", "landscape", "character", "print", "share", "nsfw-check", "upscale"}
)

// Varied returns the i-th file of a varied folder: prompts, tags, models
// and seeds drawn from small vocabularies by i, so that a search finds a
// known share of the files.
func Varied(i int) File {
	rng := rand.New(rand.NewPCG(uint64(i), 7))
	f := File{
		Model:    models[i%len(models)],
		Prompt:   fmt.Sprintf("a %s, %s, %s, detailed, number%d", subjects[i%len(subjects)], styles[rng.IntN(len(styles))], moods[rng.IntN(len(moods))], i),
		Negative: "blurry, lowres",
		Seed:     uint64(i) * 7919,
	}
	for _, t := range tagPool {
		if rng.IntN(4) == 0 {
			f.Tags = append(f.Tags, t)
		}
	}
	return f
}

// Folder writes n varied files named img00000.gen5… into dir, on as many
// goroutines as there are cores.
func Folder(tb testing.TB, dir string, n int, p Payload) {
	tb.Helper()
	var wg sync.WaitGroup
	var failed atomic.Bool
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n && !failed.Load(); i += workers {
				if err := WriteFile(filepath.Join(dir, fmt.Sprintf("img%05d.gen5", i)), Varied(i), p); err != nil {
					tb.Error(err)
					failed.Store(true)
				}
			}
		}()
	}
	wg.Wait()
	if failed.Load() {
		tb.FailNow()
	}
}

// Tags reads the tags of the file at path.
func Tags(tb testing.TB, path string) []string {
	tb.Helper()
	f, err := codec.OpenFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	return f.Manifest.Tags()
}
