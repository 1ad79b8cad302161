//go:build ignore

// Command samplesrc draws the picture and the initial noise that the bundled
// sample (assets/sample.gen5) is made of; `make sample` then packs them with
// gen5view create, so the sample is produced by our own writer. The noise is
// torch.randn(1, 4, 64, 64) for seed 42, regenerated bit for bit, so the
// viewer's seed check has something to confirm.
//
//	go run assets/samplesrc/main.go OUTDIR
package main

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/randn"
)

const size = 512

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run assets/samplesrc/main.go OUTDIR")
		os.Exit(2)
	}
	dir := os.Args[1]
	if err := writePNG(filepath.Join(dir, "sample.png"), drawLandscape()); err != nil {
		fail(err)
	}
	noise, err := randn.CPU(42, []int{1, 4, 64, 64})
	if err != nil {
		fail(err)
	}
	t, err := codec.TensorFromFloat32([]int{1, 4, 64, 64}, noise, codec.Float32)
	if err != nil {
		fail(err)
	}
	f, err := os.Create(filepath.Join(dir, "sample_noise.npy"))
	if err != nil {
		fail(err)
	}
	if err := codec.WriteNPY(f, t); err != nil {
		fail(err)
	}
	if err := f.Close(); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// drawLandscape paints a lighthouse on a headland at dusk: a graded sky, a
// low sun, layered hills and a sea that mirrors the sky.
func drawLandscape() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	horizon := 330.0
	sunX, sunY, sunR := 350.0, 300.0, 38.0
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			fx, fy := float64(x), float64(y)
			var c [3]float64
			if fy < horizon {
				c = sky(fy / horizon)
				d := math.Hypot(fx-sunX, fy-sunY)
				glow := math.Exp(-d / 90)
				c = mix(c, [3]float64{255, 190, 120}, glow*0.8)
				if d < sunR {
					c = mix(c, [3]float64{255, 236, 190}, smooth(sunR-d, 0, 2))
				}
			} else {
				// The sea: the sky mirrored, darker, with ripples.
				m := (fy - horizon) / (size - horizon)
				mirror := horizon - (fy-horizon)*1.6
				c = sky(math.Max(mirror, 0) / horizon)
				ripple := 0.5 + 0.5*math.Sin(fy*0.9+math.Sin(fx*0.05)*3)
				c = mix(c, [3]float64{20, 30, 70}, 0.35+0.4*m)
				if math.Abs(fx-sunX) < 45*(1-m)+6 && ripple > 0.6 {
					c = mix(c, [3]float64{255, 200, 140}, 0.7*(1-m))
				}
			}
			// Far hills, then the headland on the left.
			if fy > horizon-28-18*math.Sin(fx*0.012+1) && fy < horizon+1 {
				c = mix(c, [3]float64{90, 70, 110}, 0.85)
			}
			land := horizon - 40 + 0.0025*math.Pow(fx-40, 2)
			if fx < 230 && fy > land && fy < horizon+40-fx*0.1 {
				c = [3]float64{38, 30, 52}
			}
			// The lighthouse: a tapered tower with a lit lamp room.
			if tower(fx, fy) {
				c = [3]float64{235, 228, 220}
				if int(fy)/14%2 == 0 {
					c = [3]float64{200, 60, 60}
				}
			}
			if math.Hypot(fx-120, fy-170) < 9 {
				c = [3]float64{255, 245, 200}
			}
			// The beam.
			if fy < 200 && fx > 120 {
				a := math.Atan2(fy-170, fx-120)
				if a > -0.16 && a < 0.02 {
					c = mix(c, [3]float64{255, 245, 210}, 0.25*math.Exp(-(fx-120)/400))
				}
			}
			img.SetRGBA(x, y, color.RGBA{uint8(c[0]), uint8(c[1]), uint8(c[2]), 255})
		}
	}
	return img
}

func tower(x, y float64) bool {
	if y < 178 || y > 292 {
		return false
	}
	half := 9 + (y-178)*0.07
	return math.Abs(x-120) < half
}

func sky(t float64) [3]float64 {
	top := [3]float64{28, 32, 86}
	mid := [3]float64{150, 80, 140}
	low := [3]float64{250, 150, 100}
	if t < 0.6 {
		return mix(top, mid, t/0.6)
	}
	return mix(mid, low, (t-0.6)/0.4)
}

func mix(a, b [3]float64, t float64) [3]float64 {
	t = math.Max(0, math.Min(1, t))
	return [3]float64{a[0] + (b[0]-a[0])*t, a[1] + (b[1]-a[1])*t, a[2] + (b[2]-a[2])*t}
}

func smooth(v, lo, hi float64) float64 {
	return math.Max(0, math.Min(1, (v-lo)/(hi-lo)))
}
