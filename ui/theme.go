package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// treeTheme is the app's theme with tighter padding, for the metadata
// tree, whose many one-line rows would otherwise show only a few at a time.
// It defers everything else to the theme in use, so light, dark and user
// themes all still apply.
type treeTheme struct{}

func (treeTheme) current() fyne.Theme {
	if a := fyne.CurrentApp(); a != nil {
		return a.Settings().Theme()
	}
	return theme.DefaultTheme()
}

func (c treeTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return c.current().Color(n, v)
}

func (c treeTheme) Font(s fyne.TextStyle) fyne.Resource { return c.current().Font(s) }

func (c treeTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return c.current().Icon(n) }

func (c treeTheme) Size(n fyne.ThemeSizeName) float32 {
	s := c.current().Size(n)
	switch n {
	case theme.SizeNameInnerPadding:
		return s * 0.5
	case theme.SizeNamePadding:
		return s * 0.5
	}
	return s
}
