package heatmap

import (
	"image/color"
	"math"
	"testing"
)

func rgb(r, g, b uint8) color.RGBA { return color.RGBA{R: r, G: g, B: b, A: 255} }

func TestColormapNames(t *testing.T) {
	tests := []struct {
		in   string
		want Colormap
	}{
		{"viridis", Viridis},
		{"Magma", Magma},
		{" coolwarm\n", Coolwarm},
		{"GRAY", Gray},
		{"grey", Gray},
	}
	for _, tc := range tests {
		got, err := ParseColormap(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseColormap(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	if _, err := ParseColormap("jet"); err == nil {
		t.Error(`ParseColormap("jet") succeeded; want an error`)
	}

	all := All()
	if len(all) != 4 || all[0] != Viridis {
		t.Fatalf("All() = %v, want four maps starting with viridis", all)
	}
	for _, m := range all {
		back, err := ParseColormap(m.String())
		if err != nil || back != m {
			t.Errorf("ParseColormap(%q) = %v, %v; want %v", m.String(), back, err, m)
		}
		if m.Diverging() != (m == Coolwarm) {
			t.Errorf("%v.Diverging() = %v", m, m.Diverging())
		}
	}
	if s := Colormap(9).String(); s != "Colormap(9)" {
		t.Errorf("Colormap(9).String() = %q", s)
	}
	var zero Colormap
	if zero != Viridis {
		t.Error("the zero Colormap must be the default, viridis")
	}
}

// TestColormapKnownColors pins the ends and the middle of every map, with
// the middle colour the one a value exactly halfway through the range gets.
func TestColormapKnownColors(t *testing.T) {
	tests := []struct {
		m           Colormap
		lo, mid, hi color.RGBA
	}{
		// matplotlib's entry 128 has green 145; the spline gives 144, within
		// the tolerance TestColormapMatchesReference allows.
		{m: Viridis, lo: rgb(68, 1, 84), mid: rgb(33, 144, 140), hi: rgb(253, 231, 37)},
		{m: Magma, lo: rgb(0, 0, 4), mid: rgb(183, 55, 121), hi: rgb(252, 253, 191)},
		{m: Coolwarm, lo: rgb(59, 76, 192), mid: rgb(221, 221, 221), hi: rgb(180, 4, 38)},
		{m: Gray, lo: rgb(0, 0, 0), mid: rgb(128, 128, 128), hi: rgb(255, 255, 255)},
	}
	for _, tc := range tests {
		t.Run(tc.m.String(), func(t *testing.T) {
			cases := []struct {
				t    float64
				want color.RGBA
			}{
				{0, tc.lo}, {0.5, tc.mid}, {1, tc.hi},
				// Clamping: outside [0, 1] and the infinities give the ends.
				{-0.3, tc.lo}, {7, tc.hi}, {math.Inf(-1), tc.lo}, {math.Inf(1), tc.hi},
				{math.NaN(), rgb(255, 0, 255)},
			}
			for _, c := range cases {
				if got := tc.m.Color(c.t); got != c.want {
					t.Errorf("Color(%v) = %v, want %v", c.t, got, c.want)
				}
			}
		})
	}
}

// TestColormapMatchesReference compares samples with the published tables:
// matplotlib's 256-entry viridis and magma, and the key points of
// Moreland's CoolWarmFloat33 table.
func TestColormapMatchesReference(t *testing.T) {
	tests := []struct {
		m    Colormap
		t    float64
		want color.RGBA
		tol  int
	}{
		// matplotlib's _viridis_data entries 0, 64, 128, 192, 255.
		{Viridis, 0. / 255, rgb(68, 1, 84), 1},
		{Viridis, 64. / 255, rgb(59, 82, 139), 1},
		{Viridis, 128. / 255, rgb(33, 145, 140), 1},
		{Viridis, 192. / 255, rgb(94, 201, 98), 1},
		{Viridis, 255. / 255, rgb(253, 231, 37), 1},
		// matplotlib's _magma_data, same entries.
		{Magma, 0. / 255, rgb(0, 0, 4), 1},
		{Magma, 64. / 255, rgb(81, 18, 124), 1},
		{Magma, 128. / 255, rgb(183, 55, 121), 1},
		{Magma, 192. / 255, rgb(252, 137, 97), 1},
		{Magma, 255. / 255, rgb(252, 253, 191), 1},
		// Moreland's table at 0.125, 0.25, 0.75 and 0.875. The table
		// entries are one step of 1/254 away from these points, hence the
		// wider tolerance.
		{Coolwarm, 0.125, rgb(98, 130, 234), 2},
		{Coolwarm, 0.25, rgb(141, 176, 254), 2},
		{Coolwarm, 0.75, rgb(244, 154, 123), 2},
		{Coolwarm, 0.875, rgb(222, 96, 77), 2},
	}
	for _, tc := range tests {
		got := tc.m.Color(tc.t)
		if !near(got, tc.want, tc.tol) {
			t.Errorf("%v.Color(%.4f) = %v, want %v ± %d", tc.m, tc.t, got, tc.want, tc.tol)
		}
	}
}

func near(a, b color.RGBA, tol int) bool {
	d := func(x, y uint8) bool { return int(x)-int(y) <= tol && int(y)-int(x) <= tol }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B) && a.A == b.A
}

// TestSequentialLightnessRises catches a mistyped key point: viridis, magma
// and gray must get lighter all the way up.
func TestSequentialLightnessRises(t *testing.T) {
	for _, m := range []Colormap{Viridis, Magma, Gray} {
		prev := -1.0
		for i := range lutSize {
			c := unpack(tables()[m][i])
			l := 0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)
			// Rounding to 8 bits can cost a fraction of a unit.
			if l < prev-0.6 {
				t.Fatalf("%v: luminance falls from %.1f to %.1f at entry %d", m, prev, l, i)
			}
			prev = l
		}
	}
}

// TestCoolwarmSymmetric checks the property the diverging construction is
// for: the two entries either side of the middle are both the neutral
// colour, and the halves are mirror images in lightness.
func TestCoolwarmSymmetric(t *testing.T) {
	lut := &tables()[Coolwarm]
	if a, b := unpack(lut[127]), unpack(lut[128]); a != rgb(221, 221, 221) || b != a {
		t.Fatalf("centre entries = %v, %v; want both (221,221,221)", a, b)
	}
	for i := range lutSize / 2 {
		blue, red := unpack(lut[i]), unpack(lut[lutSize-1-i])
		if blue.B <= blue.R && i < 127 {
			t.Errorf("entry %d = %v is not bluish", i, blue)
		}
		if red.R <= red.B && i < 127 {
			t.Errorf("entry %d = %v is not reddish", lutSize-1-i, red)
		}
	}
}

func TestNaNColorInNoMap(t *testing.T) {
	nan := pack(NaNColor())
	for _, m := range All() {
		for i := range lutSize {
			if tables()[m][i] == nan {
				t.Errorf("%v entry %d is the NaN colour", m, i)
			}
		}
	}
}

func TestUnknownColormapFallsBack(t *testing.T) {
	if got, want := Colormap(42).Color(1), Viridis.Color(1); got != want {
		t.Errorf("Colormap(42).Color(1) = %v, want viridis %v", got, want)
	}
}
