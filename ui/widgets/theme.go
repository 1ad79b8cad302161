package widgets

import (
	"image/color"
	"math"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// MinContrast is the contrast ratio every text colour of Readable keeps
// against every background text is drawn on: WCAG 2's level AA for body
// text.
const MinContrast = 4.5

// TextColors are the theme colours text is drawn in: labels of every
// importance (low importance is drawn in the disabled colour), entries'
// placeholders, links, and menu shortcut hints (disabled again).
var TextColors = []fyne.ThemeColorName{
	theme.ColorNameForeground, theme.ColorNameDisabled, theme.ColorNamePlaceHolder,
	theme.ColorNameHyperlink, theme.ColorNameError, theme.ColorNameWarning, theme.ColorNameSuccess,
}

// TextBackgrounds are the theme colours text is drawn on: the window,
// entries, menus, dialogs, table headers and buttons.
var TextBackgrounds = []fyne.ThemeColorName{
	theme.ColorNameBackground, theme.ColorNameInputBackground, theme.ColorNameMenuBackground,
	theme.ColorNameOverlayBackground, theme.ColorNameHeaderBackground,
	theme.ColorNameButton, theme.ColorNameDisabledButton,
}

// onColors pairs each colour that fills buttons and badges with the colour
// of the text drawn on it.
var onColors = map[fyne.ThemeColorName]fyne.ThemeColorName{
	theme.ColorNameForegroundOnPrimary: theme.ColorNamePrimary,
	theme.ColorNameForegroundOnError:   theme.ColorNameError,
	theme.ColorNameForegroundOnWarning: theme.ColorNameWarning,
	theme.ColorNameForegroundOnSuccess: theme.ColorNameSuccess,
}

// Readable is a theme, Base, with its text colours moved as little as
// needed to be read: each colour in TextColors is taken towards black or
// white until it has MinContrast against all of TextBackgrounds, and the
// primary colour (the fill of default buttons) until its own text colour
// has MinContrast on it, text on a coloured fill turning black or white if
// it has not. Fyne's stock themes draw secondary text (low-importance
// labels, placeholders, menu shortcut hints) at 1.6:1 in the dark variant
// and 1.3:1 in the light one. Sizes, fonts and icons are Base's.
type Readable struct {
	Base fyne.Theme
}

// Color is part of fyne.Theme.
func (r Readable) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	c := r.Base.Color(n, v)
	switch {
	case n == theme.ColorNameForeground:
		return r.foreground(v)
	case n == theme.ColorNamePrimary:
		return awayFrom(c, []color.Color{r.Base.Color(theme.ColorNameForegroundOnPrimary, v)})
	case isText(n):
		bgs := make([]color.Color, len(TextBackgrounds))
		for i, b := range TextBackgrounds {
			bgs[i] = r.Base.Color(b, v)
		}
		return awayFrom(c, bgs)
	case onColors[n] != "":
		fill := r.Color(onColors[n], v)
		if Contrast(c, fill) >= MinContrast {
			return c
		}
		if Contrast(color.White, fill) > Contrast(color.Black, fill) {
			return color.White
		}
		return color.Black
	}
	return c
}

// foreground is the text colour, readable itself and in the form Fyne's
// menus derive their shortcut hints from it. Fyne 2.7's menu item takes the
// 16-bit alpha times 0.95 and keeps its low byte, which for an opaque
// colour is 0x32: the hints come out at 20% opacity, about 1.5:1. Of the
// nearly opaque colours near the base one, the first whose hint that
// formula leaves readable is used; the text itself stays at MinContrast.
func (r Readable) foreground(v fyne.ThemeVariant) color.Color {
	bgs := make([]color.Color, len(TextBackgrounds))
	// The key is every colour findForeground reads from the theme: the
	// foreground and the backgrounds, the menu's among them.
	key := appendNRGBA(nil, r.Base.Color(theme.ColorNameForeground, v))
	for i, b := range TextBackgrounds {
		bgs[i] = r.Base.Color(b, v)
		key = appendNRGBA(key, bgs[i])
	}
	if c, ok := foregrounds.Load(string(key)); ok {
		return c.(color.Color)
	}
	c := r.findForeground(v, bgs)
	foregrounds.Store(string(key), c)
	return c
}

// foregrounds remembers what findForeground found for the colours it
// started from: a window asks for the foreground colour for every text it
// draws, and finding it takes hundreds of contrast computations.
var foregrounds sync.Map // the colours' bytes → color.Color

func appendNRGBA(b []byte, c color.Color) []byte {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	return append(b, n.R, n.G, n.B, n.A)
}

// findForeground does foreground's work; bgs are TextBackgrounds' colours.
func (r Readable) findForeground(v fyne.ThemeVariant, bgs []color.Color) color.Color {
	base := color.NRGBAModel.Convert(awayFrom(r.Base.Color(theme.ColorNameForeground, v), bgs)).(color.NRGBA)
	menu := r.Base.Color(theme.ColorNameMenuBackground, v)
	if Contrast(MenuShortcutColor(base), menu) >= MinContrast {
		return base
	}
	to := color.NRGBA{A: 0xff}
	if luminance(menu) < 0.18 {
		to = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	}
	for a := 0xfe; a >= 0xe0; a-- {
		for i := 0; i <= 32; i++ {
			c := mix(base, to, float64(i)/32)
			c.A = uint8(a)
			if Contrast(MenuShortcutColor(c), menu) < MinContrast+0.05 {
				continue
			}
			ok := true
			for _, b := range bgs {
				ok = ok && Contrast(c, b) >= MinContrast+0.05
			}
			if ok {
				return c
			}
		}
	}
	return base
}

// MenuShortcutColor is the colour Fyne 2.7's menus draw a shortcut hint in,
// computed from the foreground colour as they compute it.
func MenuShortcutColor(fg color.Color) color.Color {
	r, g, b, a := fg.RGBA()
	a = uint32(float32(a) * 0.95)
	return color.NRGBA{R: uint8(r), G: uint8(g), B: uint8(b), A: uint8(a)}
}

func isText(n fyne.ThemeColorName) bool {
	for _, t := range TextColors {
		if t == n {
			return true
		}
	}
	return false
}

// awayFrom mixes c with black or white, whichever stands further from the
// darkest and lightest of bgs, in the smallest step that gives c
// MinContrast (with a margin for rounding) against each of bgs.
func awayFrom(c color.Color, bgs []color.Color) color.Color {
	ok := func(c color.Color) bool {
		for _, b := range bgs {
			if Contrast(c, b) < MinContrast+0.05 {
				return false
			}
		}
		return true
	}
	if ok(c) {
		return c
	}
	lo, hi := 1.0, 0.0
	for _, b := range bgs {
		l := luminance(b)
		lo, hi = math.Min(lo, l), math.Max(hi, l)
	}
	var to color.NRGBA
	if (1.05)/(hi+0.05) < (lo+0.05)/0.05 {
		to = color.NRGBA{A: 0xff} // black contrasts more with the lightest background than white with the darkest
	} else {
		to = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	}
	from := color.NRGBAModel.Convert(c).(color.NRGBA)
	for i := 1; i <= 64; i++ {
		m := mix(from, to, float64(i)/64)
		if ok(m) {
			return m
		}
	}
	return to
}

func mix(a, b color.NRGBA, t float64) color.NRGBA {
	f := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*(1-t) + float64(y)*t)) }
	return color.NRGBA{R: f(a.R, b.R), G: f(a.G, b.G), B: f(a.B, b.B), A: 0xff}
}

// Contrast is WCAG 2's contrast ratio of two colours, from 1 to 21. A
// colour that is not opaque is taken as drawn on the other one.
func Contrast(a, b color.Color) float64 {
	a = over(a, b)
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// over is c composited on the opaque colour bg.
func over(c, bg color.Color) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	if n.A == 0xff {
		return n
	}
	b := color.NRGBAModel.Convert(bg).(color.NRGBA)
	return mix(color.NRGBA{R: b.R, G: b.G, B: b.B, A: 0xff}, color.NRGBA{R: n.R, G: n.G, B: n.B, A: 0xff}, float64(n.A)/255)
}

// luminance is WCAG 2's relative luminance of an opaque colour.
func luminance(c color.Color) float64 {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	return 0.2126*linear[n.R] + 0.7152*linear[n.G] + 0.0722*linear[n.B]
}

// linear is each 8-bit sRGB component value made linear, as WCAG 2 defines
// it for luminance. It is a table because Readable computes contrasts on
// every colour lookup of every text a window draws: with math.Pow there,
// a window showing a file spent most of its time in them.
var linear = func() (t [256]float64) {
	for v := range t {
		s := float64(v) / 255
		if s <= 0.04045 {
			t[v] = s / 12.92
		} else {
			t[v] = math.Pow((s+0.055)/1.055, 2.4)
		}
	}
	return t
}()

// Font is part of fyne.Theme.
func (r Readable) Font(s fyne.TextStyle) fyne.Resource { return r.Base.Font(s) }

// Icon is part of fyne.Theme.
func (r Readable) Icon(n fyne.ThemeIconName) fyne.Resource { return r.Base.Icon(n) }

// Size is part of fyne.Theme.
func (r Readable) Size(n fyne.ThemeSizeName) float32 { return r.Base.Size(n) }

// Compact is the theme in use with some sizes scaled down, for dense
// widgets: the metadata tree, whose many one-line rows would otherwise show
// only a few at a time, and the tag chips, many of which fit in a row with
// remove buttons that do not outweigh the names. It defers everything else
// to the theme in use, so light, dark and user themes all still apply. A
// zero factor leaves its size as it is.
type Compact struct {
	Padding, InnerPadding, InlineIcon float32
}

func (Compact) base() fyne.Theme {
	if a := fyne.CurrentApp(); a != nil {
		return a.Settings().Theme()
	}
	return Readable{theme.DefaultTheme()}
}

// Color is part of fyne.Theme.
func (c Compact) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return c.base().Color(n, v)
}

// Font is part of fyne.Theme.
func (c Compact) Font(s fyne.TextStyle) fyne.Resource { return c.base().Font(s) }

// Icon is part of fyne.Theme.
func (c Compact) Icon(n fyne.ThemeIconName) fyne.Resource { return c.base().Icon(n) }

// Size is part of fyne.Theme.
func (c Compact) Size(n fyne.ThemeSizeName) float32 {
	s, f := c.base().Size(n), float32(0)
	switch n {
	case theme.SizeNamePadding:
		f = c.Padding
	case theme.SizeNameInnerPadding:
		f = c.InnerPadding
	case theme.SizeNameInlineIcon:
		f = c.InlineIcon
	}
	if f == 0 {
		return s
	}
	return s * f
}
