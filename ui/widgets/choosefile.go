package widgets

import (
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// ChooseFile shows Fyne's file-open dialog over w for files with the given
// extensions, starting in the folder of near (when there is one), and
// passes the chosen path to then; an error is shown in w.
func ChooseFile(w fyne.Window, exts []string, near string, then func(path string)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			ShowError(w, err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		then(path)
	}, w)
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	if near != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(filepath.Dir(near))); err == nil {
			d.SetLocation(l)
		}
	}
	sz := w.Canvas().Size()
	d.Resize(fyne.NewSize(min(900, sz.Width*0.9), min(620, sz.Height*0.9)))
	d.Show()
}
