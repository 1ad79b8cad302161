package ui

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// banner is the strip across the top of the window that says what is
// wrong with a file that still opened: chunks failing their SHA-256 check
// or unreadable, and the codec's warnings. It is hidden for a healthy file.
type banner struct {
	content *fyne.Container
	bg      *canvas.Rectangle
	text    *widget.Label
}

func newBanner() *banner {
	b := &banner{
		bg:   canvas.NewRectangle(bannerColor()),
		text: widget.NewLabel(""),
	}
	b.text.Wrapping = fyne.TextWrapWord
	b.text.TextStyle.Bold = true
	icon := widget.NewIcon(theme.NewWarningThemedResource(theme.WarningIcon()))
	row := container.NewBorder(nil, nil, container.NewCenter(icon), nil, b.text)
	b.content = container.NewStack(b.bg, container.New(layout.NewCustomPaddedLayout(0, 0, theme.Padding()*2, 0), row))
	b.content.Hide()
	return b
}

// bannerColor is the theme's warning colour, faded so text stays legible
// on it in both light and dark themes.
func bannerColor() color.Color {
	r, g, bl, _ := theme.Color(theme.ColorNameWarning).RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(bl >> 8), A: 0x48}
}

// set shows the problems, one per line, or hides the banner when there
// are none.
func (b *banner) set(problems []string) {
	if len(problems) == 0 {
		b.text.SetText("")
		b.content.Hide()
		return
	}
	b.bg.FillColor = bannerColor()
	b.bg.Refresh()
	b.text.SetText(strings.Join(problems, "\n"))
	b.content.Show()
}

// message returns the text shown, "" when hidden.
func (b *banner) message() string {
	if !b.content.Visible() {
		return ""
	}
	return b.text.Text
}
