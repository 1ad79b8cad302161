package newcontainer

import (
	"errors"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/compose"
	"github.com/gen5viewer/gen5view/ui/widgets"
)

// askCreate asks where to write the container, the picture's name with
// .gen5 next to it by default, and writes it there.
func (nc *Window) askCreate() {
	p := nc.picture.path
	nc.chooseCreatePath(strings.TrimSuffix(p, filepath.Ext(p))+".gen5", func(dst string, overwrite bool) {
		if dst != "" {
			nc.create(dst, overwrite)
		}
	})
}

// create writes the container to out through compose.Create, off the UI
// goroutine (it compresses the chunks and reads the file back), replacing
// an existing file only when overwrite is set. When it worked the view
// closes, the viewer opens the new file, and compose's notes and warnings
// are shown; when it failed the view stays as it was and says why.
func (nc *Window) create(out string, overwrite bool) {
	c := nc.checks
	if c.busy {
		return
	}
	req, ready, problems := nc.request()
	for _, p := range problems {
		if !p.pending {
			widgets.ShowError(nc.win, errors.New(nc.shortPaths(p.text)))
			return
		}
	}
	if !ready {
		widgets.ShowError(nc.win, errors.New(problems[0].text))
		return
	}
	req.Overwrite = overwrite
	req.Format, _ = codec.FormatOfPath(out) // .gen5 unless named .raiiaf
	c.busy = true
	nc.showChecks()
	nc.wg.Add(1)
	go func() {
		d, err := compose.Create(req, out)
		nc.v.RunOnUI(func() {
			defer nc.wg.Done()
			c.busy = false
			if err != nil {
				nc.showChecks()
				widgets.ShowError(nc.win, err)
				return
			}
			nc.created(out, d)
		})
	}()
}

// created hands the new file to the viewer. Its tags join the vocabulary
// as any file's do when the viewer opens it, so they are not counted here.
func (nc *Window) created(out string, d *compose.Draft) {
	nc.win.Close()
	w := nc.v.Open(out)
	if len(d.Notes)+len(d.Warnings) > 0 {
		showCreated(w, out, d, nc.shortPaths)
	}
}

// showCreated lists what compose converted or found odd while writing.
func showCreated(w fyne.Window, out string, d *compose.Draft, short func(string) string) {
	var rows []fyne.CanvasObject
	for _, s := range d.Warnings {
		rows = append(rows, checkRow(theme.WarningIcon(), short(s), widget.WarningImportance))
	}
	for _, s := range d.Notes {
		rows = append(rows, checkRow(theme.InfoIcon(), short(s), widget.MediumImportance))
	}
	widgets.ShowDialog(w, "Created "+filepath.Base(out), container.NewVBox(rows...),
		[]widgets.DialogButton{{Label: "OK", Importance: widget.HighImportance}}, 0, 0, 600, nil)
}

// chooseCreatePath asks where to write a new container, starting from
// suggested, and passes the path (with .gen5 added when missing) to then,
// or "" when cancelled. overwrite says that the path exists and the user
// agreed to replace it.
//
// It is the viewer's Save As dialog worded for a new file: that one treats its
// path as the file already open, which it never asks to replace, where
// here the suggested name may well be an older container of the picture.
// Like it, it avoids Fyne's save dialog, which empties the chosen file
// before returning.
func (nc *Window) chooseCreatePath(suggested string, then func(dst string, overwrite bool)) {
	nc.v.AskPath(nc.win, widgets.PathDialog{
		Title: "Create Container", Prompt: "Write the new container to:", Confirm: "Create",
		Initial: suggested,
		Fix:     codec.Gen5.EnsureExt,
		Done:    then,
	})
}
