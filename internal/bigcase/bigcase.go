// Package bigcase makes the large inputs the benchmarks at scale need, in
// their setup, so that none is kept in the repository: a picture of a given
// size that PNG compresses about as little as a generated image, a video
// latent, and .gen5 files holding them.
package bigcase

import (
	"bytes"
	"image"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/gen5viewer/gen5view/codec"
)

// Picture returns a w×h RGB picture: smooth colour gradients with grain, so
// that, like a generated image, it neither compresses to nothing nor is
// pure noise.
func Picture(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(5, 6))
	for y := 0; y < h; y++ {
		row := img.Pix[y*img.Stride:]
		fy := float64(y) / float64(h)
		for x := 0; x < w; x++ {
			fx := float64(x) / float64(w)
			grain := int(r.Uint32()%24) - 12
			p := row[4*x : 4*x+4]
			p[0] = clamp(128 + 100*math.Sin(6*fx+2*fy) + float64(grain))
			p[1] = clamp(128 + 100*math.Cos(5*fy-3*fx) + float64(grain))
			p[2] = clamp(96 + 80*math.Sin(9*fx*fy) + float64(grain))
			p[3] = 255
		}
	}
	return img
}

func clamp(v float64) uint8 { return uint8(max(0, min(255, v))) }

// PNG encodes Picture(w, h) as a PNG (fast compression, as a generator's
// writer would use for an image this size).
func PNG(w, h int) []byte {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, Picture(w, h)); err != nil {
		panic(err) // writing to memory does not fail
	}
	return buf.Bytes()
}

// Latent returns a float32 tensor of standard normal noise of the given
// shape, as an initial noise is.
func Latent(shape ...int) *codec.Tensor {
	n := 1
	for _, d := range shape {
		n *= d
	}
	r := rand.New(rand.NewPCG(7, 8))
	vals := make([]float32, n)
	for i := range vals {
		vals[i] = float32(r.NormFloat64())
	}
	t, err := codec.TensorFromFloat32(shape, vals, codec.Float32)
	if err != nil {
		panic(err)
	}
	return t
}

// VideoLatent is a video model's initial noise, [B,C,T,H,W] = 1×16×21×90×160
// float32 (19 MiB), the latent of a 720p clip of 81 frames.
func VideoLatent() *codec.Tensor { return Latent(1, 16, 21, 90, 160) }

// File writes a compressed .gen5 file holding picture and latent into dir
// and returns its path.
func File(tb testing.TB, dir, name string, picture []byte, latent *codec.Tensor) string {
	tb.Helper()
	m := codec.NewManifest()
	m.SetModelInfo("model_name", "bigcase")
	m.SetModelInfo("version", "1")
	m.SetModelInfo("date", "2026-11-29T00:00:00+00:00")
	m.SetPrompt("a large case")
	if err := m.SetTags([]string{"large"}); err != nil {
		tb.Fatal(err)
	}
	for k, v := range map[string]any{"seed": 42, "steps": 30, "sampler": "euler"} {
		if err := m.SetSetting(k, v); err != nil {
			tb.Fatal(err)
		}
	}
	path := filepath.Join(dir, name)
	c := codec.Contents{Manifest: m, Latents: []codec.NewLatent{{Key: "initial_noise", Tensor: latent}}, Image: picture, Compress: true}
	if err := codec.WriteNewFile(path, c); err != nil {
		tb.Fatal(err)
	}
	return path
}

// WriteFile writes data to dir/name and returns the path.
func WriteFile(tb testing.TB, dir, name string, data []byte) string {
	tb.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}
