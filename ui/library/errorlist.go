package library

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// showErrors lists what went wrong in a batch over many files, one line
// each, in a dialog of bounded size that scrolls: a batch over a folder
// with hundreds of damaged files must not make a dialog taller than the
// window.
func (w *Window) showErrors(title string, errs []error) {
	lines := make([]string, len(errs))
	for i, err := range errs {
		lines[i] = err.Error()
	}
	head := widget.NewLabel(fmt.Sprintf("%s:", countProblems(len(errs))))
	head.TextStyle.Bold = true
	list := widget.NewLabel(strings.Join(lines, "\n"))
	list.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(title, "OK", container.NewBorder(head, nil, nil, nil, container.NewVScroll(list)), w.win)
	size := w.win.Canvas().Size()
	d.Resize(fyne.NewSize(min(640, size.Width*0.9), min(420, size.Height*0.8)))
	d.Show()
}

// countProblems is "1 problem" or "1,234 problems".
func countProblems(n int) string {
	if n == 1 {
		return "1 problem"
	}
	return thousands(n) + " problems"
}
