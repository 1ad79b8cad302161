package newcontainer

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gen5viewer/gen5view/compose"
	"github.com/gen5viewer/gen5view/ui/widgets"
)

// checkList shows, before anything is written, what compose.Build finds in
// the inputs: errors, which keep Create disabled and say why, warnings,
// which do not, and notes on what will be converted. Build runs in the
// background a moment after the last change.
type checkList struct {
	nc *Window

	list     *fyne.Container
	reason   *widget.Label
	create   *widget.Button
	progress *widget.ProgressBarInfinite
	progBox  *fyne.Container
	content  fyne.CanvasObject

	seq   int            // numbers the checks; only the newest is shown
	timer *time.Timer    // the pending check
	draft *compose.Draft // the last check's result, nil when it failed
	err   error          // why it failed
	busy  bool           // the file is being written
}

func newCheckList(nc *Window) *checkList {
	c := &checkList{nc: nc, list: container.NewVBox()}
	c.reason = widget.NewLabel("")
	c.reason.Wrapping = fyne.TextWrapWord
	c.create = widget.NewButtonWithIcon("Create…", theme.DocumentSaveIcon(), nc.askCreate)
	c.create.Importance = widget.HighImportance
	c.progress = widget.NewProgressBarInfinite()
	c.progress.Stop()
	c.progBox = container.NewGridWrap(fyne.NewSize(120, c.progress.MinSize().Height), c.progress)
	c.progBox.Hide()
	bar := container.NewBorder(nil, nil, nil, container.NewHBox(c.progBox, c.create), c.reason)
	c.content = container.NewVBox(widget.NewSeparator(), widgets.Heading("Checks"), c.list, container.NewPadded(bar))
	return c
}

// problem is one thing that keeps Create disabled. A pending one is
// only something not given yet, and is not shown as an error.
type problem struct {
	text    string
	pending bool
}

// request gathers the inputs as a compose.Request. ready is false while
// the picture or the noise is missing or still being read; problems are
// what keeps Create disabled that the window knows without compose.
func (nc *Window) request() (req compose.Request, ready bool, problems []problem) {
	p := nc.picture
	switch {
	case p.path == "":
		problems = append(problems, problem{"No picture yet: drop or choose a PNG, JPEG or WebP", true})
	case p.reading:
		problems = append(problems, problem{"Reading " + filepath.Base(p.path) + "…", true})
	}
	if msg, pending := nc.noise.problem(); msg != "" {
		problems = append(problems, problem{msg, pending})
	}
	ready = len(problems) == 0
	fields, bad := nc.form.values()
	for _, b := range bad {
		problems = append(problems, problem{b, false})
	}
	req = compose.Request{ImagePath: p.path, ImageData: p.data, Fields: fields}
	nc.noise.apply(&req)
	return req, ready, problems
}

// inputsChanged follows a new picture, noise or storage choice: the last
// check no longer applies, so Create waits for the next one.
func (nc *Window) inputsChanged() {
	nc.checks.draft, nc.checks.err = nil, nil
	nc.scheduleCheck()
}

// fieldsChanged follows typing in the form: the last check stays in view
// (typing changes little of it) until the next one is done.
func (nc *Window) fieldsChanged() { nc.scheduleCheck() }

// scheduleCheck runs compose.Build on the inputs after checkDelay, in the
// background, and shows what it found.
func (nc *Window) scheduleCheck() {
	c := nc.checks
	c.seq++
	seq := c.seq
	if c.timer != nil && c.timer.Stop() {
		nc.wg.Done() // the pending check will never run
	}
	c.timer = nil
	req, ready, _ := nc.request()
	if !ready {
		c.draft, c.err = nil, nil
		nc.showChecks()
		return
	}
	nc.showChecks()
	nc.wg.Add(1)
	c.timer = time.AfterFunc(nc.checkDelay, func() {
		d, err := compose.Build(req)
		nc.v.RunOnUI(func() {
			defer nc.wg.Done()
			if seq != c.seq || nc.closed {
				return
			}
			c.draft, c.err = d, err
			nc.showChecks()
		})
	})
}

// canCreate reports whether Create may run, or else why not, in short:
// the checks list the details.
func (nc *Window) canCreate() (ok bool, reason string, pending bool) {
	c := nc.checks
	_, _, problems := nc.request()
	errs := 0
	for _, p := range problems {
		if !p.pending {
			errs++
		}
	}
	if c.err != nil {
		errs++
	}
	switch {
	case errs == 1:
		return false, "Fix the problem above to create the container", false
	case errs > 1:
		return false, fmt.Sprintf("Fix the %d problems above to create the container", errs), false
	case c.busy:
		return false, "Writing the container…", true
	case len(problems) > 0:
		var missing []string
		if nc.picture.path == "" {
			missing = append(missing, "a picture")
		}
		if nc.noise.mode.Selected == noiseFromFile && nc.noise.path == "" {
			missing = append(missing, "the noise")
		}
		if len(missing) == 0 {
			return false, problems[0].text, true
		}
		return false, "Add " + strings.Join(missing, " and ") + " to create a container", true
	case c.draft == nil:
		return false, "Checking…", true
	}
	return true, "", false
}

// showChecks lists the problems, warnings and notes, and enables Create
// or says why it is disabled.
func (nc *Window) showChecks() {
	c := nc.checks
	_, _, problems := nc.request()
	var rows []fyne.CanvasObject
	for _, p := range problems {
		if p.pending {
			rows = append(rows, checkRow(theme.InfoIcon(), nc.shortPaths(p.text), widget.LowImportance))
		} else {
			rows = append(rows, checkRow(theme.ErrorIcon(), nc.shortPaths(p.text), widget.DangerImportance))
		}
	}
	if c.err != nil {
		rows = append(rows, checkRow(theme.ErrorIcon(), nc.shortPaths(c.err.Error()), widget.DangerImportance))
	}
	if c.draft != nil {
		for _, w := range c.draft.Warnings {
			rows = append(rows, checkRow(theme.WarningIcon(), nc.shortPaths(w), widget.WarningImportance))
		}
		for _, n := range c.draft.Notes {
			rows = append(rows, checkRow(theme.InfoIcon(), nc.shortPaths(n), widget.MediumImportance))
		}
	}
	ok, reason, pending := nc.canCreate()
	switch {
	case ok && len(rows) == 0:
		rows = append(rows, checkRow(theme.ConfirmIcon(), "The picture and the noise check out.", widget.SuccessImportance))
	case !ok && len(rows) == 0 && !c.busy:
		rows = append(rows, checkRow(theme.InfoIcon(), reason, widget.LowImportance))
		reason = ""
	}
	c.list.Objects = rows
	c.list.Refresh()

	if ok {
		c.create.Enable()
		c.reason.SetText("")
	} else {
		c.create.Disable()
		c.reason.Importance = widget.DangerImportance
		if pending {
			c.reason.Importance = widget.LowImportance
		}
		c.reason.SetText(reason)
	}
	widgets.SetVisible(c.progBox, c.busy)
	if c.busy {
		c.progress.Start()
	} else {
		c.progress.Stop()
	}
}

// checkRow is one line of the checks, word-wrapped beside its icon.
func checkRow(icon fyne.Resource, text string, imp widget.Importance) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.Importance = imp
	return container.NewBorder(nil, nil, container.NewCenter(widget.NewIcon(icon)), nil, l)
}

// shortPaths writes the inputs by their names in compose's messages,
// which give the paths: the window shows which files they are.
func (nc *Window) shortPaths(s string) string {
	for _, p := range []string{nc.picture.path, nc.noise.path} {
		if p != "" {
			s = strings.ReplaceAll(s, p, filepath.Base(p))
		}
	}
	return s
}
