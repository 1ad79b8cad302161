package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// emptyView is what a window shows before a file is opened: an invitation
// to open or drop one, and the most recent files.
type emptyView struct {
	v       *viewer
	content *fyne.Container
	recent  *fyne.Container
}

// emptyRecentMax is how many recent files the empty window lists.
const emptyRecentMax = 5

// emptyRecentFoldersMax is how many recent folders it lists.
const emptyRecentFoldersMax = 3

func newEmptyView(v *viewer) *emptyView {
	e := &emptyView{v: v, recent: container.NewVBox()}
	icon := canvas.NewImageFromResource(iconResource)
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSquareSize(112))
	msg := canvas.NewText("Open a .gen5 file (Ctrl+O) or drop one here", theme.Color(theme.ColorNameForeground))
	msg.TextSize = theme.TextSubHeadingSize()
	msg.Alignment = fyne.TextAlignCenter
	open := widget.NewButtonWithIcon("Open…", theme.FolderOpenIcon(), v.showOpenDialog)
	open.Importance = widget.HighImportance
	pad := func(top, bottom float32, o fyne.CanvasObject) fyne.CanvasObject {
		return container.New(layout.NewCustomPaddedLayout(top, bottom, 0, 0), o)
	}
	e.content = container.NewCenter(container.NewVBox(
		container.NewCenter(icon),
		pad(theme.Padding()*2, theme.Padding()*2, msg),
		container.NewCenter(open),
		pad(theme.Padding()*4, 0, e.recent),
	))
	return e
}

// refresh lists the recent files that still exist, and the recent
// folders found.
func (e *emptyView) refresh() {
	files := recentFiles(e.v.app.Preferences())
	objs := []fyne.CanvasObject{}
	if len(files) > 0 {
		objs = append(objs, widget.NewSeparator(), widget.NewLabelWithStyle("Recent files", fyne.TextAlignCenter, fyne.TextStyle{Bold: true}))
	}
	for i, p := range files {
		if i == emptyRecentMax {
			break
		}
		b := widget.NewButton(recentLabel(p), func() { e.v.Open(p) })
		b.Importance = widget.LowImportance
		objs = append(objs, b)
	}
	var folders []string
	for _, f := range recentFolders(e.v.app.Preferences()) {
		if !f.missing && len(folders) < emptyRecentFoldersMax {
			folders = append(folders, f.path)
		}
	}
	if len(folders) > 0 {
		objs = append(objs, widget.NewSeparator(), widget.NewLabelWithStyle("Recent folders", fyne.TextAlignCenter, fyne.TextStyle{Bold: true}))
	}
	for _, d := range folders {
		b := widget.NewButtonWithIcon(recentLabel(d), theme.FolderIcon(), func() { e.v.session.openRecentFolder(d, e.v.win) })
		b.Importance = widget.LowImportance
		objs = append(objs, b)
	}
	e.recent.Objects = objs
	e.recent.Refresh()
}
