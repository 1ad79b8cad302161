package library

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/gen5viewer/gen5view/codec"
)

// The scopes a rename runs over.
const (
	scopeFolder   = "The whole folder"
	scopeSelected = "The selected files"
)

// renamePlan is a rename or merge of one tag, with the files it changes:
// those of its scope that carry the old tag. merging counts those that
// carry the new one too, where the two become one.
type renamePlan struct {
	rename  tagRename
	paths   []string
	merging int
}

// planRename picks from entries the files r changes.
func planRename(entries []Entry, r tagRename) renamePlan {
	p := renamePlan{rename: r}
	for i := range entries {
		e := &entries[i]
		if !slices.Contains(e.Tags, r.old) {
			continue
		}
		p.paths = append(p.paths, e.Path)
		if slices.Contains(e.Tags, r.new) {
			p.merging++
		}
	}
	return p
}

// question is what the confirmation asks: its title, its text, and the
// label of the button that goes ahead. where names the scope the files
// were found in ("the folder"), as the tag panel counts only those shown.
func (p renamePlan) question(where string) (title, text, button string) {
	n := len(p.paths)
	files := countFiles(n)
	if where != "" {
		files += " of " + where
	}
	switch {
	case p.merging == n:
		title = "Merge Tag"
		text = fmt.Sprintf("“%s” merges into “%s” in %s: %s both already, and %s one.",
			p.rename.old, p.rename.new, files, carry(n), keep(n))
		button = "Merge in " + countFiles(n)
	case p.merging > 0:
		title = "Merge Tag"
		text = fmt.Sprintf("“%s” merges into “%s” in %s: it is renamed in %s, and merged in the %s that %s both.",
			p.rename.old, p.rename.new, files, countFiles(n-p.merging), countFiles(p.merging), carryVerb(p.merging))
		button = "Merge in " + countFiles(n)
	default:
		title = "Rename Tag"
		text = fmt.Sprintf("“%s” becomes “%s” in %s.", p.rename.old, p.rename.new, files)
		button = "Rename in " + countFiles(n)
	}
	return title, text + "\nEach file is saved in place.", button
}

// carry is "it carries" or "each carries"; carryVerb "carries" or
// "carry"; keep "keeps" or "each keeps": the verbs for n files.
func carry(n int) string {
	if n == 1 {
		return "it carries"
	}
	return "each carries"
}

func carryVerb(n int) string {
	if n == 1 {
		return "carries"
	}
	return "carry"
}

func keep(n int) string {
	if n == 1 {
		return "keeps"
	}
	return "each keeps"
}

// countFiles is "1 file" or "1,234 files".
func countFiles(n int) string {
	if n == 1 {
		return "1 file"
	}
	return thousands(n) + " files"
}

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	if n < 0 {
		return "-" + thousands(-n)
	}
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// showRenameDialog asks for a tag's new name, and whether to rename it in
// the whole folder or in the selected files, starting on tag (one of the
// tag panel's, or "").
func (w *Window) showRenameDialog(tag string) {
	names := make([]string, len(w.tags.counts))
	for i, tc := range w.tags.counts {
		names[i] = tc.Tag
	}
	if len(names) == 0 {
		return
	}
	if !slices.Contains(names, tag) {
		tag = names[0]
	}
	old := widget.NewSelect(names, nil)
	old.SetSelected(tag)
	vocab := w.tagVocabulary()
	name := newNameEntry(vocab, func() []string { return []string{old.Selected} })
	name.SetPlaceHolder("a new name, or a tag to merge into")
	note := widget.NewLabel("")
	note.Importance = widget.LowImportance
	note.Wrapping = fyne.TextWrapWord
	note.Hide()
	form := container.NewVBox()
	update := func() {
		n, err := codec.NormalizeTag(name.Text)
		switch {
		case err != nil:
			note.SetText("")
		case n == old.Selected:
			note.SetText("That is its name already.")
		case slices.Contains(names, n) || vocab.Count(n) > 0:
			note.SetText(fmt.Sprintf("“%s” is a tag already: where a file carries both, they merge into one.", n))
		default:
			note.SetText("")
		}
		note.Hidden = note.Text == "" // no gap under the entry
		form.Refresh()
	}
	name.onUpdate = update
	old.OnChanged = func(string) { update() }
	// The scope: a choice only when files are selected.
	scope := widget.NewRadioGroup([]string{scopeFolder}, nil)
	scope.Required = true
	scope.SetSelected(scopeFolder)
	var scopeBox fyne.CanvasObject = widget.NewLabel(scopeFolder + " (no file is selected)")
	if n := w.grid.sel.count; n > 0 {
		scope.Options = append(scope.Options, fmt.Sprintf("%s (%s)", scopeSelected, thousands(n)))
		scopeBox = scope
	}

	form.Objects = []fyne.CanvasObject{
		widget.NewLabel("Tag"), old,
		widget.NewLabel("New name"), name, name.list, note,
		widget.NewLabel("In"), scopeBox}
	d := dialog.NewCustomConfirm("Rename or Merge a Tag", "Continue…", "Cancel", form, func(ok bool) {
		if !ok {
			return
		}
		n, err := codec.NormalizeTag(name.Text)
		if err != nil {
			dialog.ShowError(fmt.Errorf("cannot rename %q: %v", old.Selected, err), w.win)
			return
		}
		if n == old.Selected {
			return
		}
		w.confirmRename(tagRename{old: old.Selected, new: n}, scope.Selected == scopeFolder)
	}, w.win)
	d.Resize(fyne.NewSize(420, 0))
	d.Show()
	w.win.Canvas().Focus(name)
}

// confirmRename finds the files r changes, in the whole folder or in the
// selection, says how many, and renames the tag in them once confirmed.
func (w *Window) confirmRename(r tagRename, folder bool) {
	if !folder {
		var sel []Entry
		for _, i := range w.grid.sel.indices() {
			sel = append(sel, *w.grid.entry(i))
		}
		w.showRenameConfirm(planRename(sel, r), "the selection")
		return
	}
	// The whole folder, searched or not: the files carrying the tag, from
	// the source, off the UI goroutine.
	w.busy.Add(1)
	go func() {
		defer w.busy.Done()
		paths, _, err := w.opts.Source.Find(w.ctx, Search{Dir: w.dir, Tags: []string{r.old}, Sort: "name"})
		var entries []Entry
		if err == nil {
			entries, err = w.opts.Source.Rows(w.ctx, paths)
		}
		w.opts.RunOnUI(func() {
			if w.ctx.Err() != nil {
				return
			}
			if err != nil {
				dialog.ShowError(err, w.win)
				return
			}
			w.showRenameConfirm(planRename(entries, r), "the folder")
		})
	}()
}

// showRenameConfirm asks whether to go ahead with p, saying how many
// files change, and runs it.
func (w *Window) showRenameConfirm(p renamePlan, where string) {
	if len(p.paths) == 0 {
		dialog.ShowInformation("Rename Tag", fmt.Sprintf("No file in %s carries “%s”.", where, p.rename.old), w.win)
		return
	}
	title, text, button := p.question(where)
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(title, button, "Cancel", msg, func(ok bool) {
		if ok {
			w.runBatch(title, tagBatch{renames: []tagRename{p.rename}}, p.paths)
		}
	}, w.win)
	d.Resize(fyne.NewSize(440, 0))
	d.Show()
}
