package heatmap

import (
	"encoding/binary"
	"fmt"
	"image/color"
	"math"
	"strings"
	"sync"
)

// Colormap selects how normalised values in [0, 1] become colours. The zero
// value is Viridis, the default, so an unset field in a settings struct
// already means the right thing.
type Colormap int

// The colormaps offered by the noise panel.
const (
	// Viridis is matplotlib's perceptually uniform default: dark purple at
	// the low end, yellow at the high end. It is the default because its
	// lightness rises monotonically, which keeps structure readable even
	// in grey-scale screenshots.
	Viridis Colormap = iota
	// Magma is matplotlib's black–purple–orange–cream sequential map, for
	// users who want more contrast near the bottom of the range.
	Magma
	// Coolwarm is Kenneth Moreland's diverging blue–white–red map. It is
	// meant for ranges centred on zero, which suits noise: sign reads as
	// hue and magnitude as saturation.
	Coolwarm
	// Gray maps the range linearly from black to white.
	Gray

	numColormaps = iota
)

var colormapNames = [numColormaps]string{"viridis", "magma", "coolwarm", "gray"}

// String returns the lower-case name of the map, the same name
// ParseColormap accepts, so it can be stored in settings and shown in menus.
func (m Colormap) String() string {
	if m >= 0 && m < numColormaps {
		return colormapNames[m]
	}
	return fmt.Sprintf("Colormap(%d)", int(m))
}

// ParseColormap returns the map with the given name, ignoring case and
// surrounding space; "grey" is accepted for Gray. It fails on unknown names
// so that a typo in a settings file is reported rather than silently shown
// as viridis.
func ParseColormap(s string) (Colormap, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "grey" {
		return Gray, nil
	}
	for i, n := range colormapNames {
		if n == s {
			return Colormap(i), nil
		}
	}
	return Viridis, fmt.Errorf("heatmap: unknown colormap %q (want one of %s)", s, strings.Join(colormapNames[:], ", "))
}

// All returns every colormap in menu order, starting with the default.
func All() []Colormap {
	all := make([]Colormap, numColormaps)
	for i := range all {
		all[i] = Colormap(i)
	}
	return all
}

// Diverging reports whether the map has a neutral centre meant to sit at
// zero, in which case AutoRange makes the range symmetric.
func (m Colormap) Diverging() bool { return m == Coolwarm }

// NaNColor returns the colour every map uses for NaN cells: magenta, which
// none of the maps contains, so a corrupt cell can never be mistaken for a
// legitimate value. It is a function rather than a variable so that callers
// cannot change it after the lookup tables were built.
func NaNColor() color.RGBA { return nanColor }

var nanColor = color.RGBA{R: 255, G: 0, B: 255, A: 255}

// lutSize is the number of colours per map. Values are quantised to one of
// these entries once per cell, which is what makes rendering cheap.
const lutSize = 256

// nanIndex is the table slot after the last colour, holding NaNColor, so
// that the render loop handles NaN with the same single table lookup.
const nanIndex = lutSize

// table is a lookup table with each colour packed as the four bytes R, G, B,
// A in memory order, so the render loop stores a pixel with one 32-bit write.
type table [lutSize + 1]uint32

// tables holds every map's lookup table. They are built on first use
// rather than at start-up, where they would cost every command-line run
// 0.3 ms though only the window draws heatmaps.
var tables = sync.OnceValue(func() *[numColormaps]table {
	var tables [numColormaps]table
	build := [numColormaps]func(t float64) [3]float64{
		Viridis:  func(t float64) [3]float64 { return catmullRom(viridisKeys[:], t) },
		Magma:    func(t float64) [3]float64 { return catmullRom(magmaKeys[:], t) },
		Coolwarm: moreland,
		Gray:     func(t float64) [3]float64 { return [3]float64{255 * t, 255 * t, 255 * t} },
	}
	for m, f := range build {
		for i := range lutSize {
			c := f(position(Colormap(m), i))
			tables[m][i] = pack(color.RGBA{R: to8(c[0]), G: to8(c[1]), B: to8(c[2]), A: 255})
		}
		tables[m][nanIndex] = pack(nanColor)
	}
	return &tables
})

// position returns the point of the map, in [0, 1], that table entry i
// shows. Sequential maps are sampled evenly. A diverging map is sampled one
// half at a time, each from its end to the neutral centre, so the table is
// mirror-symmetric and entries 127 and 128 are both exactly the neutral
// colour. Zero in a symmetric range quantises to entry 128, so it shows the
// true centre colour instead of a colour one step towards either side.
func position(m Colormap, i int) float64 {
	if !m.Diverging() {
		return float64(i) / (lutSize - 1)
	}
	const half = lutSize/2 - 1
	if i < lutSize/2 {
		return 0.5 * float64(i) / half
	}
	return 0.5 + 0.5*float64(i-lutSize/2)/half
}

func pack(c color.RGBA) uint32 {
	return binary.LittleEndian.Uint32([]byte{c.R, c.G, c.B, c.A})
}

func unpack(p uint32) color.RGBA {
	var b [4]byte
	binary.LittleEndian.PutUint32(b[:], p)
	return color.RGBA{R: b[0], G: b[1], B: b[2], A: b[3]}
}

func to8(v float64) uint8 {
	return uint8(math.Round(math.Max(0, math.Min(255, v))))
}

// table returns the lookup table of m, falling back to viridis for values
// outside the defined constants so that a stale setting never panics.
func (m Colormap) table() *table {
	if m >= 0 && m < numColormaps {
		return &tables()[m]
	}
	return &tables()[Viridis]
}

// index quantises t in [0, 1] to a table entry, rounding to the nearest.
// Out-of-range and infinite t are clamped to the ends; NaN selects the NaN
// slot. Comparisons are done in float64 before converting, because
// converting an infinite float to int is implementation-defined in Go.
func index(t float64) int {
	f := t*(lutSize-1) + 0.5
	switch {
	case f != f:
		return nanIndex
	case f < 1:
		return 0
	case f >= lutSize-1:
		return lutSize - 1
	}
	return int(f)
}

// Color returns the colour for t, the position in the range (0 at Min, 1 at
// Max). t is clamped to [0, 1], so +Inf and -Inf give the end colours, and
// NaN gives NaNColor. It returns exactly the colour the renderers paint for
// the same position.
func (m Colormap) Color(t float64) color.RGBA {
	return unpack(m.table()[index(t)])
}

// viridisKeys and magmaKeys are matplotlib's viridis and magma (by Nathaniel
// J. Smith, Stefan van der Walt and Eric Firing, released CC0) sampled at
// t = 0, 1/32, …, 1 and rounded to 8 bits. A Catmull-Rom spline through
// these 33 points reproduces matplotlib's 256-entry tables to within one
// unit per channel, which is below what anyone can see, for an eighth of the
// source text.
var viridisKeys = [33]uint32{
	0x440154, 0x470d60, 0x48186a, 0x482374, 0x472d7b, 0x453681, 0x424086, 0x3f4989,
	0x3b528b, 0x375a8d, 0x33638d, 0x2f6a8e, 0x2c728e, 0x297a8e, 0x26818e, 0x23898e,
	0x21908c, 0x1f988b, 0x1f9f88, 0x21a685, 0x28ae80, 0x31b57b, 0x3ebc74, 0x4cc26c,
	0x5dc963, 0x6ece58, 0x82d34c, 0x96d83f, 0xabdc32, 0xc0df24, 0xd5e21a, 0xeae51a,
	0xfde725,
}

var magmaKeys = [33]uint32{
	0x000004, 0x030311, 0x0a0822, 0x130d33, 0x1d1146, 0x28115a, 0x36106a, 0x430f76,
	0x50127c, 0x5d177f, 0x691c81, 0x762181, 0x822681, 0x8f2a81, 0x9c2e7f, 0xa9327d,
	0xb63779, 0xc33b75, 0xcf4170, 0xdb486a, 0xe65163, 0xee5c5e, 0xf5695c, 0xf9785d,
	0xfb8761, 0xfd9668, 0xfea571, 0xfeb47b, 0xfec387, 0xfed194, 0xfde0a2, 0xfceeb0,
	0xfcfdbf,
}

// catmullRom evaluates the uniform Catmull-Rom spline through keys (0xRRGGBB,
// evenly spaced over [0, 1]) at t, in 0..255 units. The missing neighbour at
// either end is extrapolated linearly, which keeps the end slopes of the
// original tables.
func catmullRom(keys []uint32, t float64) [3]float64 {
	n := len(keys)
	p := t * float64(n-1)
	i := min(int(p), n-2)
	f := p - float64(i)
	var out [3]float64
	for ch := range 3 {
		shift := 16 - 8*ch
		at := func(k int) float64 { return float64(keys[k] >> shift & 0xff) }
		p1, p2 := at(i), at(i+1)
		var p0, p3 float64
		if i > 0 {
			p0 = at(i - 1)
		} else {
			p0 = 2*p1 - p2
		}
		if i+2 < n {
			p3 = at(i + 2)
		} else {
			p3 = 2*p2 - p1
		}
		out[ch] = 0.5 * (2*p1 + (p2-p0)*f + (2*p0-5*p1+4*p2-p3)*f*f + (3*p1-p0-3*p2+p3)*f*f*f)
	}
	return out
}

// moreland evaluates Kenneth Moreland's cool-warm diverging map ("Diverging
// Color Maps for Scientific Visualization", 2009) at t, in 0..255 units. It
// interpolates in his Msh space (polar CIELAB) from blue (59, 76, 192)
// through an unsaturated white of magnitude max(M1, M2, 88) to red
// (180, 4, 38), spinning the hue near the white so that the two halves meet
// without a grey or purple band. Computing it here, rather than copying a
// table, keeps the construction auditable against the paper.
func moreland(t float64) [3]float64 {
	cool := srgbToMsh([3]float64{59, 76, 192})
	warm := srgbToMsh([3]float64{180, 4, 38})
	mid := [3]float64{max(cool[0], warm[0], 88), 0, 0}
	a, b := cool, mid
	if t >= 0.5 {
		a, b, t = mid, warm, 2*t-1
	} else {
		t = 2 * t
	}
	// The white point has no hue of its own; borrow the saturated end's
	// hue, adjusted as the paper prescribes.
	if a[1] < 0.05 && b[1] > 0.05 {
		a[2] = adjustHue(b, a[0])
	} else if b[1] < 0.05 && a[1] > 0.05 {
		b[2] = adjustHue(a, b[0])
	}
	var msh [3]float64
	for i := range msh {
		msh[i] = (1-t)*a[i] + t*b[i]
	}
	return mshToSRGB(msh)
}

func adjustHue(msh [3]float64, unsatM float64) float64 {
	m, s, h := msh[0], msh[1], msh[2]
	if m >= unsatM {
		return h
	}
	spin := s * math.Sqrt(unsatM*unsatM-m*m) / (m * math.Sin(s))
	if h > -math.Pi/3 {
		return h + spin
	}
	return h - spin
}

// D65 reference white, as used by Moreland.
var whiteXYZ = [3]float64{0.95047, 1.0, 1.08883}

func srgbToMsh(rgb [3]float64) [3]float64 {
	var lin [3]float64
	for i, c := range rgb {
		c /= 255
		if c <= 0.04045 {
			lin[i] = c / 12.92
		} else {
			lin[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	xyz := [3]float64{
		0.4124564*lin[0] + 0.3575761*lin[1] + 0.1804375*lin[2],
		0.2126729*lin[0] + 0.7151522*lin[1] + 0.0721750*lin[2],
		0.0193339*lin[0] + 0.1191920*lin[1] + 0.9503041*lin[2],
	}
	f := func(v float64) float64 {
		if v > 216.0/24389 {
			return math.Cbrt(v)
		}
		return (24389.0/27*v + 16) / 116
	}
	fx, fy, fz := f(xyz[0]/whiteXYZ[0]), f(xyz[1]/whiteXYZ[1]), f(xyz[2]/whiteXYZ[2])
	l, a, b := 116*fy-16, 500*(fx-fy), 200*(fy-fz)
	m := math.Sqrt(l*l + a*a + b*b)
	return [3]float64{m, math.Acos(l / m), math.Atan2(b, a)}
}

func mshToSRGB(msh [3]float64) [3]float64 {
	m, s, h := msh[0], msh[1], msh[2]
	l, a, b := m*math.Cos(s), m*math.Sin(s)*math.Cos(h), m*math.Sin(s)*math.Sin(h)
	fy := (l + 16) / 116
	fx, fz := fy+a/500, fy-b/200
	inv := func(f float64) float64 {
		if f3 := f * f * f; f3 > 216.0/24389 {
			return f3
		}
		return (116*f - 16) * 27 / 24389
	}
	x, y, z := inv(fx)*whiteXYZ[0], inv(fy)*whiteXYZ[1], inv(fz)*whiteXYZ[2]
	lin := [3]float64{
		3.2404542*x - 1.5371385*y - 0.4985314*z,
		-0.9692660*x + 1.8760108*y + 0.0415560*z,
		0.0556434*x - 0.2040259*y + 1.0572252*z,
	}
	var out [3]float64
	for i, c := range lin {
		if c <= 0.0031308 {
			c *= 12.92
		} else {
			c = 1.055*math.Pow(c, 1/2.4) - 0.055
		}
		out[i] = 255 * c
	}
	return out
}
