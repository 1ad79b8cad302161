package widgets

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// TestReadableContrast checks every text colour of the theme the window
// uses against every background text is drawn on, and the text on coloured
// button fills, in both variants, at WCAG AA's 4.5:1.
func TestReadableContrast(t *testing.T) {
	th := Readable{theme.DefaultTheme()}
	for _, v := range []fyne.ThemeVariant{theme.VariantDark, theme.VariantLight} {
		for _, fg := range TextColors {
			for _, bg := range TextBackgrounds {
				if c := Contrast(th.Color(fg, v), th.Color(bg, v)); c < MinContrast {
					t.Errorf("variant %d: %s on %s has contrast %.2f, want at least %.1f", v, fg, bg, c, MinContrast)
				}
			}
		}
		for on, fill := range onColors {
			if c := Contrast(th.Color(on, v), th.Color(fill, v)); c < MinContrast {
				t.Errorf("variant %d: %s on %s has contrast %.2f, want at least %.1f", v, on, fill, c, MinContrast)
			}
		}
		// Menus draw shortcut hints in a colour made from the foreground.
		if c := Contrast(MenuShortcutColor(th.Color(theme.ColorNameForeground, v)), th.Color(theme.ColorNameMenuBackground, v)); c < MinContrast {
			t.Errorf("variant %d: menu shortcut hints have contrast %.2f, want at least %.1f", v, c, MinContrast)
		}
		// Only what fails moves: the placeholder of the dark theme passes.
		if got, want := th.Color(theme.ColorNamePlaceHolder, theme.VariantDark), theme.DefaultTheme().Color(theme.ColorNamePlaceHolder, theme.VariantDark); got != want {
			t.Errorf("dark placeholder %v, want the base theme's %v", got, want)
		}
	}
}

// TestContrast checks the ratio against WCAG's published extremes and a
// known pair.
func TestContrast(t *testing.T) {
	black, white := color.NRGBA{A: 0xff}, color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	grey := color.NRGBA{R: 0x76, G: 0x76, B: 0x76, A: 0xff} // the lightest grey at 4.5:1 on white
	for _, c := range []struct {
		a, b      color.Color
		low, high float64
	}{{black, white, 20.99, 21.01}, {white, white, 1, 1}, {grey, white, 4.50, 4.60}} {
		if got := Contrast(c.a, c.b); got < c.low || got > c.high {
			t.Errorf("Contrast(%v, %v) = %.3f, want in [%.2f, %.2f]", c.a, c.b, got, c.low, c.high)
		}
	}
}
