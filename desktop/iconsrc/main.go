//go:build ignore

// Command iconsrc draws the Gen5 Viewer icon: a rounded tile holding a photo
// whose lower half dissolves into a grid of heat-map noise cells (the image a
// .gen5 file carries, and the noise it was made from), with a "5" badge.
//
// Every size is drawn from the vector shapes at its own resolution rather than
// scaled down from 1024, and the small sizes use a coarser grid and no badge,
// so they stay legible in a panel or a file manager list.
//
// Run from the repository root:
//
//	go run desktop/iconsrc/main.go
//
// (golang.org/x/image/vector imports golang.org/x/sys/cpu on amd64, so go.sum
// needs golang.org/x/sys, which the Fyne build already brings in.)
//
// It writes assets/icon.png (1024×1024, embedded by the app and named in
// FyneApp.toml) and desktop/icons/gen5view-<N>.png for the hicolor sizes that
// desktop/install.sh copies. The output is committed, so installing needs no
// image tools.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"log"
	"math"
	"os"
	"path/filepath"

	"golang.org/x/image/vector"
)

// hicolorSizes are the sizes installed under share/icons/hicolor/<N>x<N>/.
var hicolorSizes = []int{16, 32, 48, 64, 128, 256, 512}

func main() {
	root := flag.String("root", ".", "repository root to write into")
	flag.Parse()

	write(filepath.Join(*root, "assets", "icon.png"), render(1024))
	for _, n := range hicolorSizes {
		write(filepath.Join(*root, "desktop", "icons", fmt.Sprintf("gen5view-%d.png", n)), render(n))
	}
}

func write(path string, img image.Image) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		log.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s (%d bytes)\n", path, buf.Len())
}

// Palette.
var (
	tileTop    = rgb(0x4a3aa8) // indigo
	tileBottom = rgb(0x1b1747) // night blue
	cardColor  = rgb(0xf5f6fb)
	skyTop     = rgb(0x5fb8ff)
	skyBottom  = rgb(0xc9ecff)
	sunColor   = rgb(0xffd34e)
	hillBack   = rgb(0x5d7fe0)
	hillFront  = rgb(0x2c3f94)
	latentBG   = rgb(0x160f33)
	badgeTop   = rgb(0xff9a3c)
	badgeBot   = rgb(0xf0503c)
	white      = rgb(0xffffff)
	// plasma-like heat map, dark to bright
	heat = []color.NRGBA{rgb(0x2a0d8f), rgb(0x6a00a8), rgb(0xb12a90), rgb(0xe16462), rgb(0xfca636), rgb(0xf0f921)}
)

// layout holds the geometry for one size class, in 1024-unit design space.
type layout struct {
	tile, tileR       float64 // tile inset from the canvas edge, corner radius
	card              rect    // the photo card
	cardR, frame      float64 // card corner radius and border width
	grid              int     // cells per side of the photo
	gap, cellR        float64 // gap between noise cells, their corner radius
	noiseFrom         []float64
	badge, shadow     bool
	sunR, horizonFrac float64
}

func layoutFor(size int) layout {
	switch {
	case size <= 16:
		return layout{
			tile: 0, tileR: 224,
			card: rect{192, 192, 832, 832}, cardR: 64, frame: 64,
			grid: 4, gap: 0, cellR: 0,
			noiseFrom: []float64{0, 0, 0.5, 1},
			sunR:      0, horizonFrac: 0.5,
		}
	case size <= 32:
		return layout{
			tile: 32, tileR: 200,
			card: rect{192, 192, 832, 832}, cardR: 64, frame: 48,
			grid: 5, gap: 12, cellR: 0,
			noiseFrom: []float64{0, 0, 0.4, 0.8, 1},
			sunR:      56, horizonFrac: 0.5,
		}
	case size <= 64:
		return layout{
			tile: 48, tileR: 196,
			card: rect{184, 184, 840, 840}, cardR: 60, frame: 40,
			grid: 6, gap: 16, cellR: 6,
			noiseFrom: []float64{0, 0, 0, 0.5, 0.85, 1},
			sunR:      56, horizonFrac: 0.52, shadow: true,
		}
	case size <= 128:
		return layout{
			tile: 64, tileR: 200,
			card: rect{176, 176, 848, 848}, cardR: 56, frame: 32,
			grid: 8, gap: 12, cellR: 10,
			noiseFrom: []float64{0, 0, 0, 0.15, 0.5, 0.8, 1, 1},
			sunR:      56, horizonFrac: 0.55, badge: true, shadow: true,
		}
	default:
		return layout{
			tile: 64, tileR: 200,
			card: rect{176, 176, 848, 848}, cardR: 56, frame: 32,
			grid: 10, gap: 8, cellR: 8,
			noiseFrom: []float64{0, 0, 0, 0, 0, 0.3, 0.6, 0.9, 1, 1},
			sunR:      56, horizonFrac: 0.55, badge: true, shadow: true,
		}
	}
}

type rect struct{ x0, y0, x1, y1 float64 }

func (r rect) inset(d float64) rect { return rect{r.x0 + d, r.y0 + d, r.x1 - d, r.y1 - d} }
func (r rect) w() float64           { return r.x1 - r.x0 }
func (r rect) h() float64           { return r.y1 - r.y0 }

func render(size int) *image.RGBA {
	L := layoutFor(size)
	c := newCanvas(size)

	// Tile, with a soft drop shadow.
	tile := rect{L.tile, L.tile, 1024 - L.tile, 1024 - L.tile}
	if L.shadow {
		sh := c.mask(func(p *path) { p.roundRect(tile.inset(8).offset(0, 18), L.tileR) })
		blur(sh, int(math.Max(1, 14*c.s)))
		c.fill(sh, uniform(color.NRGBA{0, 0, 20, 110}))
	}
	tileMask := c.mask(func(p *path) { p.roundRect(tile, L.tileR) })
	c.fill(tileMask, vgrad(tile.y0*c.s, tile.y1*c.s, tileTop, tileBottom))
	// A faint light rim on the tile's upper edge so it reads on dark panels
	// (too fine to draw below 32 px).
	if size >= 32 {
		rim := c.mask(func(p *path) { p.roundRect(tile, L.tileR) })
		inner := c.mask(func(p *path) { p.roundRect(tile.inset(math.Max(6, 1/c.s)).offset(0, 4), L.tileR-6) })
		subtract(rim, inner)
		c.fill(rim, vgrad(tile.y0*c.s, (tile.y0+300)*c.s, color.NRGBA{255, 255, 255, 70}, color.NRGBA{255, 255, 255, 0}))
	}

	// Photo card, with its own shadow.
	if L.shadow {
		sh := c.mask(func(p *path) { p.roundRect(L.card.offset(0, 14), L.cardR) })
		blur(sh, int(math.Max(1, 12*c.s)))
		c.fill(sh, uniform(color.NRGBA{0, 0, 10, 120}))
	}
	c.fill(c.mask(func(p *path) { p.roundRect(L.card, L.cardR) }), uniform(cardColor))

	// The picture inside the card.
	pic := L.card.inset(L.frame)
	picR := math.Max(L.cardR-L.frame, 8)
	picMask := c.mask(func(p *path) { p.roundRect(pic, picR) })
	layer := newCanvas(size)
	drawLandscape(layer, pic, L)
	drawNoise(layer, pic, L)
	draw.DrawMask(c.img, c.img.Bounds(), layer.img, image.Point{}, picMask, image.Point{}, draw.Over)

	if L.badge {
		drawBadge(c, L)
	}
	return c.img
}

func drawLandscape(c *canvas, pic rect, L layout) {
	all := c.mask(func(p *path) { p.rect(pic) })
	c.fill(all, vgrad(pic.y0*c.s, (pic.y0+pic.h()*L.horizonFrac)*c.s, skyTop, skyBottom))
	if L.sunR > 0 {
		cx, cy := pic.x0+pic.w()*0.72, pic.y0+pic.h()*0.24
		glow := c.mask(func(p *path) { p.circle(cx, cy, L.sunR*1.6) })
		c.fill(glow, uniform(color.NRGBA{255, 244, 200, 80}))
		c.fill(c.mask(func(p *path) { p.circle(cx, cy, L.sunR) }), uniform(sunColor))
	}
	hz := pic.y0 + pic.h()*L.horizonFrac
	// Back range: two broad peaks.
	back := c.mask(func(p *path) {
		p.moveTo(pic.x0-10, hz)
		p.lineTo(pic.x0+pic.w()*0.20, pic.y0+pic.h()*0.30)
		p.lineTo(pic.x0+pic.w()*0.42, hz-pic.h()*0.08)
		p.lineTo(pic.x0+pic.w()*0.62, pic.y0+pic.h()*0.36)
		p.lineTo(pic.x1+10, hz-pic.h()*0.04)
		p.lineTo(pic.x1+10, pic.y1+10)
		p.lineTo(pic.x0-10, pic.y1+10)
		p.close()
	})
	c.fill(back, uniform(hillBack))
	// Front hill: a smooth swell.
	front := c.mask(func(p *path) {
		p.moveTo(pic.x0-10, hz+pic.h()*0.04)
		p.cubeTo(pic.x0+pic.w()*0.30, hz-pic.h()*0.16, pic.x0+pic.w()*0.62, hz-pic.h()*0.02, pic.x1+10, hz-pic.h()*0.10)
		p.lineTo(pic.x1+10, pic.y1+10)
		p.lineTo(pic.x0-10, pic.y1+10)
		p.close()
	})
	c.fill(front, uniform(hillFront))
}

// drawNoise replaces cells of the picture's lower rows with heat-map cells,
// more of them the lower the row, so the photo dissolves into its noise.
func drawNoise(c *canvas, pic rect, L layout) {
	n := L.grid
	cw, ch := pic.w()/float64(n), pic.h()/float64(n)
	for row := 0; row < n; row++ {
		p := L.noiseFrom[row]
		if p == 0 {
			continue
		}
		for col := 0; col < n; col++ {
			h := hash(uint64(row*131 + col*7 + n*1009))
			if float64(h%1000)/1000 >= p {
				continue
			}
			cell := rect{pic.x0 + float64(col)*cw, pic.y0 + float64(row)*ch, pic.x0 + float64(col+1)*cw, pic.y0 + float64(row+1)*ch}
			cell = c.snap(cell)
			c.fill(c.mask(func(pp *path) { pp.rect(cell) }), uniform(latentBG))
			// Heat value: a smooth diagonal swell plus per-cell noise.
			v := 0.55 + 0.35*math.Sin(float64(col)*0.9+float64(row)*0.6) + (float64(h>>10%1000)/1000-0.5)*0.7
			v = math.Max(0.02, math.Min(0.98, v))
			g := L.gap / 2
			if g*c.s < 0.5 {
				g = 0
			}
			c.fill(c.mask(func(pp *path) { pp.roundRect(cell.inset(g), L.cellR) }), uniform(heatAt(v)))
		}
	}
}

func drawBadge(c *canvas, L layout) {
	cx, cy, r := L.card.x1-24, L.card.y1-24, 136.0
	sh := c.mask(func(p *path) { p.circle(cx, cy+12, r+20) })
	blur(sh, int(math.Max(1, 10*c.s)))
	c.fill(sh, uniform(color.NRGBA{0, 0, 10, 110}))
	c.fill(c.mask(func(p *path) { p.circle(cx, cy, r+20) }), uniform(white))
	c.fill(c.mask(func(p *path) { p.circle(cx, cy, r) }), vgrad((cy-r)*c.s, (cy+r)*c.s, badgeTop, badgeBot))

	// The "5", as a stroked polyline with round caps and joins, in a box
	// 0.62r wide and 1.0r tall centred on the badge (nudged for optical balance).
	bw, bh := 0.95*r, 1.30*r
	bx, by := cx-bw/2+r*0.04, cy-bh/2
	pt := func(u, v float64) [2]float64 { return [2]float64{bx + u*bw, by + v*bh} }
	pts := [][2]float64{pt(0.92, 0.05), pt(0.22, 0.05), pt(0.16, 0.46)}
	// Bowl: an arc through the right side, ending low on the left.
	ocx, ocy, orx, ory := 0.50, 0.66, 0.40, 0.30
	for a := -150.0; a <= 140; a += 5 {
		t := a * math.Pi / 180
		pts = append(pts, pt(ocx+orx*math.Cos(t), ocy+ory*math.Sin(t)))
	}
	m := c.stroke(pts, 0.21*r)
	c.fill(m, uniform(white))
}

// ---- drawing helpers ----

type canvas struct {
	img  *image.RGBA
	size int
	s    float64 // design units to pixels
}

func newCanvas(size int) *canvas {
	return &canvas{img: image.NewRGBA(image.Rect(0, 0, size, size)), size: size, s: float64(size) / 1024}
}

// snap rounds a rectangle to whole pixels at small sizes so cells stay crisp.
func (c *canvas) snap(r rect) rect {
	if c.size > 64 {
		return r
	}
	f := func(v float64) float64 { return math.Round(v*c.s) / c.s }
	return rect{f(r.x0), f(r.y0), f(r.x1), f(r.y1)}
}

func (r rect) offset(dx, dy float64) rect { return rect{r.x0 + dx, r.y0 + dy, r.x1 + dx, r.y1 + dy} }

type path struct {
	z *vector.Rasterizer
	s float64
}

func (p *path) moveTo(x, y float64) { p.z.MoveTo(float32(x*p.s), float32(y*p.s)) }
func (p *path) lineTo(x, y float64) { p.z.LineTo(float32(x*p.s), float32(y*p.s)) }
func (p *path) cubeTo(a, b, c, d, e, f float64) {
	p.z.CubeTo(float32(a*p.s), float32(b*p.s), float32(c*p.s), float32(d*p.s), float32(e*p.s), float32(f*p.s))
}
func (p *path) close() { p.z.ClosePath() }

func (p *path) rect(r rect) {
	p.moveTo(r.x0, r.y0)
	p.lineTo(r.x1, r.y0)
	p.lineTo(r.x1, r.y1)
	p.lineTo(r.x0, r.y1)
	p.close()
}

// roundRect adds a rounded rectangle (clockwise) with circular corners.
func (p *path) roundRect(r rect, rad float64) {
	rad = math.Min(rad, math.Min(r.w(), r.h())/2)
	if rad <= 0 {
		p.rect(r)
		return
	}
	k := rad * 0.5523
	p.moveTo(r.x0+rad, r.y0)
	p.lineTo(r.x1-rad, r.y0)
	p.cubeTo(r.x1-rad+k, r.y0, r.x1, r.y0+rad-k, r.x1, r.y0+rad)
	p.lineTo(r.x1, r.y1-rad)
	p.cubeTo(r.x1, r.y1-rad+k, r.x1-rad+k, r.y1, r.x1-rad, r.y1)
	p.lineTo(r.x0+rad, r.y1)
	p.cubeTo(r.x0+rad-k, r.y1, r.x0, r.y1-rad+k, r.x0, r.y1-rad)
	p.lineTo(r.x0, r.y0+rad)
	p.cubeTo(r.x0, r.y0+rad-k, r.x0+rad-k, r.y0, r.x0+rad, r.y0)
	p.close()
}

func (p *path) circle(cx, cy, r float64) {
	p.roundRect(rect{cx - r, cy - r, cx + r, cy + r}, r)
}

// mask rasterises the shapes added by build into an antialiased alpha mask.
func (c *canvas) mask(build func(p *path)) *image.Alpha {
	z := vector.NewRasterizer(c.size, c.size)
	z.DrawOp = draw.Src
	build(&path{z: z, s: c.s})
	m := image.NewAlpha(image.Rect(0, 0, c.size, c.size))
	z.Draw(m, m.Bounds(), image.Opaque, image.Point{})
	return m
}

// stroke returns the mask of a polyline of width w with round joins and caps,
// built as the union of one quad per segment and one disc per vertex.
func (c *canvas) stroke(pts [][2]float64, w float64) *image.Alpha {
	out := image.NewAlpha(image.Rect(0, 0, c.size, c.size))
	add := func(m *image.Alpha) {
		for i, a := range m.Pix {
			if a > out.Pix[i] {
				out.Pix[i] = a
			}
		}
	}
	h := w / 2
	for i, q := range pts {
		add(c.mask(func(p *path) { p.circle(q[0], q[1], h) }))
		if i == 0 {
			continue
		}
		a := pts[i-1]
		dx, dy := q[0]-a[0], q[1]-a[1]
		l := math.Hypot(dx, dy)
		if l == 0 {
			continue
		}
		nx, ny := -dy/l*h, dx/l*h
		add(c.mask(func(p *path) {
			p.moveTo(a[0]+nx, a[1]+ny)
			p.lineTo(q[0]+nx, q[1]+ny)
			p.lineTo(q[0]-nx, q[1]-ny)
			p.lineTo(a[0]-nx, a[1]-ny)
			p.close()
		}))
	}
	return out
}

func (c *canvas) fill(m *image.Alpha, src image.Image) {
	draw.DrawMask(c.img, c.img.Bounds(), src, image.Point{}, m, image.Point{}, draw.Over)
}

// subtract removes b from a: a = a·(1-b).
func subtract(a, b *image.Alpha) {
	for i := range a.Pix {
		a.Pix[i] = uint8(int(a.Pix[i]) * (255 - int(b.Pix[i])) / 255)
	}
}

// blur is three passes of a box blur of radius r, close to a Gaussian.
func blur(m *image.Alpha, r int) {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	buf := make([]int, len(m.Pix))
	for pass := 0; pass < 3; pass++ {
		for _, horiz := range []bool{true, false} {
			for i, v := range m.Pix {
				buf[i] = int(v)
			}
			n, lines := w, h
			if !horiz {
				n, lines = h, w
			}
			at := func(line, i int) int {
				if horiz {
					return line*w + i
				}
				return i*w + line
			}
			for line := 0; line < lines; line++ {
				sum := 0
				for i := -r; i <= r; i++ {
					if i >= 0 && i < n {
						sum += buf[at(line, i)]
					}
				}
				for i := 0; i < n; i++ {
					m.Pix[at(line, i)] = uint8(sum / (2*r + 1))
					if j := i - r; j >= 0 {
						sum -= buf[at(line, j)]
					}
					if j := i + r + 1; j < n {
						sum += buf[at(line, j)]
					}
				}
			}
		}
	}
}

func uniform(c color.Color) image.Image { return image.NewUniform(c) }

// vgrad is a vertical linear gradient from a (at y0) to b (at y1).
type vgradient struct {
	y0, y1 float64
	a, b   color.NRGBA
}

func vgrad(y0, y1 float64, a, b color.NRGBA) image.Image { return vgradient{y0, y1, a, b} }

func (g vgradient) ColorModel() color.Model { return color.NRGBAModel }
func (g vgradient) Bounds() image.Rectangle {
	return image.Rect(-1e9, -1e9, 1e9, 1e9)
}
func (g vgradient) At(x, y int) color.Color {
	t := (float64(y) + 0.5 - g.y0) / (g.y1 - g.y0)
	return mix(g.a, g.b, t)
}

func mix(a, b color.NRGBA, t float64) color.NRGBA {
	t = math.Max(0, math.Min(1, t))
	l := func(p, q uint8) uint8 { return uint8(math.Round(float64(p) + (float64(q)-float64(p))*t)) }
	return color.NRGBA{l(a.R, b.R), l(a.G, b.G), l(a.B, b.B), l(a.A, b.A)}
}

func heatAt(v float64) color.NRGBA {
	f := v * float64(len(heat)-1)
	i := int(f)
	if i >= len(heat)-1 {
		return heat[len(heat)-1]
	}
	return mix(heat[i], heat[i+1], f-float64(i))
}

func rgb(v uint32) color.NRGBA {
	return color.NRGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
}

func hash(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
