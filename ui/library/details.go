package library

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// details is the side panel: what the selected file says of itself, its
// prompt, tags and settings, or how many files are selected.
type details struct {
	name     *widget.Label
	more     *widget.Label // "and N more selected"
	problem  *widget.Label
	prompt   *widget.Label
	negative *widget.Label
	tags     *widget.Label
	settings *widget.Label
	open     *widget.Button
	body     *fyne.Container
	none     *widget.Label
	content  fyne.CanvasObject
}

func newDetails(open func()) *details {
	d := &details{}
	wrapped := func() *widget.Label {
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	d.name = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.name.Wrapping = fyne.TextWrapBreak
	d.more = widget.NewLabel("")
	d.more.Importance = widget.LowImportance
	d.problem = wrapped()
	d.problem.Importance = widget.DangerImportance
	d.prompt = wrapped()
	d.negative = wrapped()
	d.tags = wrapped()
	d.settings = wrapped()
	d.open = widget.NewButton("Open", open)
	heading := func(s string) *widget.Label {
		return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	d.body = container.NewVBox(d.name, d.more, d.problem,
		heading("Prompt"), d.prompt,
		heading("Negative prompt"), d.negative,
		heading("Tags"), d.tags,
		heading("Settings"), d.settings,
		container.NewHBox(d.open))
	d.none = widget.NewLabel("No file selected")
	d.none.Importance = widget.LowImportance
	d.none.Alignment = fyne.TextAlignCenter
	d.content = container.NewStack(container.NewVScroll(d.body), container.NewCenter(d.none))
	d.show(nil, 0)
	return d
}

// show describes e, the cursor's file, with n files selected in all.
func (d *details) show(e *Entry, n int) {
	if e == nil || n == 0 {
		d.body.Hide()
		d.none.SetText("No file selected")
		d.none.Show()
		return
	}
	d.none.Hide()
	d.body.Show()
	d.name.SetText(filepath.Base(e.Path))
	d.more.SetText(fmt.Sprintf("and %d more selected", n-1))
	d.more.Hidden = n < 2
	d.problem.SetText(e.Error)
	d.problem.Hidden = e.Error == ""
	d.prompt.SetText(orNone(e.Prompt))
	d.negative.SetText(orNone(e.NegativePrompt))
	d.tags.SetText(orNone(strings.Join(e.Tags, ", ")))
	d.settings.SetText(settingsText(e))
	d.body.Refresh()
}

func orNone(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// settingsText is the file's model and generation settings, one a line.
func settingsText(e *Entry) string {
	var lines []string
	add := func(k, v string) {
		if v != "" {
			lines = append(lines, k+": "+v)
		}
	}
	model := e.ModelName
	if e.ModelVersion != "" {
		model = strings.TrimSpace(model + " " + e.ModelVersion)
	}
	add("Model", model)
	if e.Seed != nil {
		add("Seed", strconv.FormatUint(*e.Seed, 10))
	}
	if e.Steps != nil {
		add("Steps", strconv.FormatInt(*e.Steps, 10))
	}
	add("Sampler", e.Sampler)
	if e.CFGScale != nil {
		add("CFG scale", strconv.FormatFloat(*e.CFGScale, 'g', -1, 64))
	}
	if e.Width > 0 && e.Height > 0 {
		add("Picture", fmt.Sprintf("%d × %d", e.Width, e.Height))
	}
	add("Date", e.Date)
	if len(lines) == 0 {
		return "—"
	}
	return strings.Join(lines, "\n")
}
