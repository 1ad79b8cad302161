package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

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
	return theme.DefaultTheme()
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
