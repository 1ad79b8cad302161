package library

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// tagPanel lists the tags of the shown files with how many carry each.
// Clicking a tag adds it to the filter (the shown files must carry every
// tag chosen), clicking it again removes it. Rename… (or a right-click on
// a tag) renames or merges one.
type tagPanel struct {
	counts []TagCount
	chosen []string // the tags filtered on, in the order chosen

	list    *widget.List
	title   *widget.Label
	clear   *widget.Button
	rename  *widget.Button
	content fyne.CanvasObject

	// onChange is called when the chosen tags changed; onRename when a
	// tag is to be renamed: the one right-clicked, or the one chosen, or
	// "" for any.
	onChange func()
	onRename func(tag string)
}

func newTagPanel() *tagPanel {
	p := &tagPanel{}
	p.list = widget.NewList(
		func() int { return len(p.counts) },
		func() fyne.CanvasObject {
			icon := widget.NewIcon(theme.CheckButtonIcon())
			name := widget.NewLabel("")
			name.Truncation = fyne.TextTruncateEllipsis
			n := widget.NewLabel("")
			n.Importance = widget.LowImportance
			return newTagRow(p, container.NewBorder(nil, nil, icon, n, name))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			r := o.(*tagRow)
			row := r.content
			tc := p.counts[id]
			r.tag = tc.Tag
			row.Objects[0].(*widget.Label).SetText(tc.Tag)
			icon := row.Objects[1].(*widget.Icon)
			if p.isChosen(tc.Tag) {
				icon.SetResource(theme.CheckButtonCheckedIcon())
			} else {
				icon.SetResource(theme.CheckButtonIcon())
			}
			row.Objects[2].(*widget.Label).SetText(fmt.Sprint(tc.Files))
		},
	)
	p.list.OnSelected = func(id widget.ListItemID) {
		p.list.UnselectAll()
		if id < len(p.counts) {
			p.toggle(p.counts[id].Tag)
		}
	}
	p.title = widget.NewLabelWithStyle("Tags", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.clear = widget.NewButtonWithIcon("", theme.ContentClearIcon(), func() {
		p.chosen = nil
		p.changed()
	})
	p.clear.Importance = widget.LowImportance
	p.clear.Disable()
	p.rename = widget.NewButton("Rename…", func() {
		tag := ""
		if len(p.chosen) == 1 {
			tag = p.chosen[0]
		}
		p.askRename(tag)
	})
	p.rename.Importance = widget.LowImportance
	p.rename.Disable()
	p.content = container.NewBorder(container.NewBorder(nil, nil, nil, container.NewHBox(p.rename, p.clear), p.title), nil, nil, nil, p.list)
	return p
}

func (p *tagPanel) askRename(tag string) {
	if p.onRename != nil {
		p.onRename(tag)
	}
}

func (p *tagPanel) isChosen(tag string) bool { return slices.Contains(p.chosen, tag) }

// toggle adds tag to the filter or removes it.
func (p *tagPanel) toggle(tag string) {
	if i := slices.Index(p.chosen, tag); i >= 0 {
		p.chosen = slices.Delete(p.chosen, i, i+1)
	} else {
		p.chosen = append(p.chosen, tag)
	}
	p.changed()
}

func (p *tagPanel) changed() {
	if len(p.chosen) > 0 {
		p.clear.Enable()
	} else {
		p.clear.Disable()
	}
	p.list.Refresh()
	if p.onChange != nil {
		p.onChange()
	}
}

// setCounts shows the tags of a new result. A chosen tag is always listed,
// so that it can be clicked off.
func (p *tagPanel) setCounts(counts []TagCount) {
	for _, t := range p.chosen {
		if !slices.ContainsFunc(counts, func(tc TagCount) bool { return tc.Tag == t }) {
			counts = append(counts, TagCount{Tag: t})
		}
	}
	p.counts = counts
	if len(counts) == 0 {
		p.title.SetText("Tags")
		p.rename.Disable()
	} else {
		p.title.SetText(fmt.Sprintf("Tags (%d)", len(counts)))
		p.rename.Enable()
	}
	p.list.Refresh()
}

// tagRow is a line of the tag panel. A click chooses its tag or drops it;
// a right-click offers to rename it. The row takes both: the driver gives
// a click to the innermost object that takes either.
type tagRow struct {
	widget.BaseWidget
	panel   *tagPanel
	tag     string
	content *fyne.Container
}

func newTagRow(p *tagPanel, content *fyne.Container) *tagRow {
	r := &tagRow{panel: p, content: content}
	r.ExtendBaseWidget(r)
	return r
}

func (r *tagRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.content) }

// Tapped chooses the row's tag, or drops it.
func (r *tagRow) Tapped(*fyne.PointEvent) {
	if r.tag != "" {
		r.panel.toggle(r.tag)
	}
}

// TappedSecondary shows the tag's menu.
func (r *tagRow) TappedSecondary(ev *fyne.PointEvent) {
	if r.tag == "" {
		return
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(r); c != nil {
		widget.ShowPopUpMenuAtPosition(r.panel.menu(r.tag), c, ev.AbsolutePosition)
	}
}

// menu is what a right-click on tag offers.
func (p *tagPanel) menu(tag string) *fyne.Menu {
	filter := "Show Files with This Tag"
	if p.isChosen(tag) {
		filter = "Stop Filtering on This Tag"
	}
	return fyne.NewMenu("",
		fyne.NewMenuItem(filter, func() { p.toggle(tag) }),
		fyne.NewMenuItem("Rename or Merge…", func() { p.askRename(tag) }))
}
