package ui

import (
	"errors"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/ui/widgets"
)

// redoAltShortcut is Ctrl+Shift+Z (Cmd+Shift+Z on macOS), the other usual
// redo shortcut beside Ctrl+Y (fyne.ShortcutRedo). The editor's own inputs
// handle it; the window registers it with Canvas.AddShortcut for when the
// focus is elsewhere, since a menu item carries only one shortcut.
var redoAltShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}

// notInFile is the hint an empty field shows when the file lacks it.
const notInFile = "not in file"

// formField binds one single-value input of the form to a manifest field.
type formField struct {
	codec.Field
	label string
	name  string // what Undo and Redo call it ("Model name"); label when empty
	multi bool   // a multi-line, word-wrapped entry

	entry    *editEntry
	note     *widget.Label
	parseErr error // why the text typed is not a value, or nil
}

// editor is the edit form for one open document: prompt, negative prompt,
// tags, model name and version, and the
// generation settings, each checked as the reference's schema checks it.
//
// It changes the manifest through a codec.Edit, as `gen5view edit` does,
// and only where the user changed something: keys it does not show, and
// numbers nobody touched, are written back exactly as they were read. Every
// change is recorded in a history.
// All methods must be called on the UI goroutine.
type editor struct {
	// OnChanged is called after every change to the edited manifest or to
	// the form's validity: an edit, Undo, Redo, Revert, SetManifest,
	// MarkSaved. The window updates its title (Dirty) and its Save, Undo
	// and Redo actions there.
	OnChanged func()

	edit    *codec.Edit
	history *history
	vocab   *widgets.TagVocabulary
	loading bool

	fields        []*formField
	prompt        *formField
	negative      *formField
	deterministic *widget.Check
	detNote       *widget.Label
	tags          *widgets.TagEditor
	tagsNote      *widget.Label
	tagsErr       error
	date          *widget.Label
	settingsNote  *widget.Label
	scroll        *container.Scroll
}

// newEditor returns an editor for m (which it does not change: it edits a
// clone), suggesting tags from vocab (nil for none).
func newEditor(m *codec.Manifest, vocab *widgets.TagVocabulary) *editor {
	e := &editor{
		edit:    codec.NewEdit(m),
		history: newHistory(m),
		vocab:   vocab,
	}
	e.build(vocab)
	e.reload()
	return e
}

func (e *editor) build(vocab *widgets.TagVocabulary) {
	info := func(key, label string) *formField { return &formField{Field: codec.ModelInfoField(key), label: label} }
	setting := func(key, label string) *formField { return &formField{Field: codec.SettingField(key), label: label} }
	e.prompt = info("prompt", "Prompt")
	e.negative = info("negative_prompt", "Negative prompt")
	e.prompt.multi, e.negative.multi = true, true
	model := []*formField{info("model_name", "Name"), info("version", "Version")}
	model[0].name, model[1].name = "Model name", "Model version"
	settings := []*formField{
		setting("seed", "Seed"),
		setting("steps", "Steps"),
		setting("sampler", "Sampler"),
		setting("cfg_scale", "CFG scale"),
		setting("scheduler", "Scheduler"),
		setting("eta", "Eta"),
		setting("guidance", "Guidance"),
		setting("precision", "Precision"),
	}
	e.fields = append([]*formField{e.prompt, e.negative}, append(model, settings...)...)
	for _, f := range e.fields {
		e.makeInput(f)
	}

	e.tags = widgets.NewTagEditor(vocab)
	e.tags.RunOnUI = runOnUI
	e.tags.OnChanged = e.tagsChanged
	e.tags.OnUndo, e.tags.OnRedo = e.Undo, e.Redo
	e.tagsNote = widgets.NewFieldNote()

	e.deterministic = widget.NewCheck("", e.deterministicChanged)
	e.detNote = widgets.NewFieldNote()

	e.date = widget.NewLabel("")
	e.date.Selectable = true
	e.settingsNote = widgets.NewFieldNote()

	// The negative prompt is shown even when the file has none, so that
	// one can be added; left empty, nothing is written.
	top := []fyne.CanvasObject{
		widgets.Heading("Prompt"), widgets.WithNote(e.prompt.entry, e.prompt.note),
		widgets.Heading("Negative prompt"), widgets.WithNote(e.negative.entry, e.negative.note),
	}
	// The two forms share one label width, so their inputs line up.
	labels := &widgets.LabelColumn{}
	modelRows := []fyne.CanvasObject{}
	for _, f := range model {
		modelRows = append(modelRows, labels.Add(f.label), widgets.WithNote(f.entry, f.note))
	}
	modelRows = append(modelRows, labels.Add("Date"), e.date)
	settingRows := []fyne.CanvasObject{}
	for _, f := range settings {
		settingRows = append(settingRows, labels.Add(f.label), widgets.WithNote(f.entry, f.note))
	}
	settingRows = append(settingRows, labels.Add("Deterministic"), widgets.WithNote(e.deterministic, e.detNote))

	content := container.NewVBox(append(top,
		widgets.Heading("Tags"), widgets.WithNote(e.tags, e.tagsNote),
		widget.NewSeparator(),
		widgets.Heading("Model"),
		container.New(layout.NewFormLayout(), modelRows...),
		widget.NewSeparator(),
		widgets.Heading("Generation settings"), e.settingsNote,
		container.New(layout.NewFormLayout(), settingRows...),
	)...)
	e.scroll = container.NewVScroll(container.NewPadded(content))
	e.tags.OnHeightChanged = func() { e.scroll.Refresh() }
}

func (e *editor) makeInput(f *formField) {
	en := newEditEntry(e)
	if f.multi {
		en.MultiLine = true
		en.Wrapping = fyne.TextWrapWord
		if f.Key == "prompt" {
			en.SetMinRowsVisible(5)
		} else {
			en.SetMinRowsVisible(3)
		}
	}
	// The error is shown even on a value the file came with, not only
	// after typing, so that the reason a save is refused is always in view.
	en.AlwaysShowValidationError = true
	en.OnChanged = func(s string) { e.fieldChanged(f, s) }
	f.entry = en
	f.note = widgets.NewFieldNote()
}

// CanvasObject returns the form, in a vertical scroll.
func (e *editor) CanvasObject() fyne.CanvasObject { return e.scroll }

// Manifest returns the edited manifest (a copy): what Save writes.
func (e *editor) Manifest() *codec.Manifest { return e.edit.Manifest().Clone() }

// Dirty reports whether there is something unsaved: the edited manifest
// differs from the original, or a field holds text that is not a value.
func (e *editor) Dirty() bool {
	return e.edit.Changed() || e.hasParseErrors()
}

func (e *editor) hasParseErrors() bool {
	if e.tagsErr != nil {
		return true
	}
	for _, f := range e.fields {
		if f.parseErr != nil {
			return true
		}
	}
	return false
}

// Problems lists what stops the edits from being saved, one line each,
// naming the field the way the file does ("steps: must be at least 1"):
// text that is not a valid value, and every violation of the reference's
// schema in the manifest that would be written (codec.ValidateAll), which
// the codec would refuse to write. Nil means Save may go ahead.
func (e *editor) Problems() []string {
	var out []string
	skip := map[string]bool{}
	for _, f := range e.fields {
		if f.parseErr != nil {
			out = append(out, f.Key+": "+f.parseErr.Error())
			skip[f.Path()] = true
		}
	}
	if e.tagsErr != nil {
		out = append(out, "tags: "+e.tagsErr.Error())
	}
	for _, fe := range codec.ValidateAll(e.edit.Manifest()) {
		if !skip[fe.Path] {
			out = append(out, problemPath(fe.Path)+": "+fe.Msg)
		}
	}
	return out
}

func problemPath(p string) string {
	if s, ok := strings.CutPrefix(p, "model_info.generation_settings."); ok {
		return s
	}
	if s, ok := strings.CutPrefix(p, "model_info."); ok {
		return s
	}
	return p
}

// CanUndo reports whether there is an edit to undo.
func (e *editor) CanUndo() bool { return e.history.CanUndo() }

// CanRedo reports whether there is an undone edit to redo.
func (e *editor) CanRedo() bool { return e.history.CanRedo() }

// Undo takes back the last edit (typing in one field counts as one edit
// until a pause of defaultCoalesceWindow).
func (e *editor) Undo() {
	if m, ok := e.history.Undo(); ok {
		e.show(m)
	}
}

// UndoLabel names the edit Undo takes back ("Seed"), or "".
func (e *editor) UndoLabel() string { return e.history.UndoLabel() }

// RedoLabel names the edit Redo puts back, or "".
func (e *editor) RedoLabel() string { return e.history.RedoLabel() }

// Redo puts back the last edit undone.
func (e *editor) Redo() {
	if m, ok := e.history.Redo(); ok {
		e.show(m)
	}
}

// Revert goes back to the manifest as opened or last saved. It is one
// more step in the history, so Undo brings the edits back.
func (e *editor) Revert() {
	e.edit.Reset(e.edit.Base())
	e.history.PushStep(e.edit.Manifest(), nil, "", "Revert")
	e.reload()
	e.changed()
}

// show puts a state of the history in the form: the manifest, then the
// text that was no value in the fields that held it.
func (e *editor) show(m *codec.Manifest) {
	e.edit.Reset(m)
	e.reload()
	invalid := e.history.Invalid()
	if len(invalid) > 0 {
		e.loading = true
		for _, f := range e.fields {
			if text, ok := invalid[f.Path()]; ok {
				f.entry.SetText(text)
				// The manifest keeps its value; SetText only says why
				// the text is none.
				if f.parseErr = e.edit.SetText(f.Field, text); f.parseErr == nil {
					f.parseErr = errors.New("is not a value")
				}
			}
		}
		e.loading = false
		e.refreshNotes()
	}
	e.changed()
}

// invalidTexts returns the text of every field that holds no value, by
// the field's path, for the history.
func (e *editor) invalidTexts() map[string]string {
	var out map[string]string
	for _, f := range e.fields {
		if f.parseErr != nil {
			if out == nil {
				out = map[string]string{}
			}
			out[f.Path()] = f.entry.Text
		}
	}
	return out
}

// push records the form's state after a change to the field key, named
// label in the Undo and Redo items.
func (e *editor) push(key, label string) {
	e.history.PushStep(e.edit.Manifest(), e.invalidTexts(), key, label)
}

// MarkSaved tells the editor that its file was saved and re-opened with
// manifest saved: that becomes the original (Dirty is false again unless
// something was typed while the save ran). The save rewrote file_info and
// the chunk records; the history takes the new ones too, so Undo still
// works across the save. Tags the save added are counted in the
// vocabulary (the window stores it with TagVocabulary.Save).
func (e *editor) MarkSaved(saved *codec.Manifest) {
	var added []string
	for _, t := range saved.Tags() {
		if !slices.Contains(e.edit.Base().Tags(), t) {
			added = append(added, t)
		}
	}
	e.vocab.Record(added)
	e.edit.Rebase(saved)
	e.history.Rebase(func(m *codec.Manifest) { m.CopyLayout(saved) })
	e.refreshNotes()
	e.changed()
}

// stopTimers stops the timers of the form's inputs, for a form taken out
// of its window.
func (e *editor) stopTimers() { e.tags.StopTimers() }

func (e *editor) changed() {
	if e.OnChanged != nil {
		e.OnChanged()
	}
}

// reload shows the edited manifest in every input, without treating that
// as an edit.
func (e *editor) reload() {
	e.loading = true
	defer func() { e.loading = false }()
	for _, f := range e.fields {
		f.parseErr = nil
		text := ""
		if v, ok := e.edit.Manifest().Value(f.Field); ok {
			text = codec.ValueText(v)
		}
		if f.entry.Text != text {
			f.entry.SetText(text)
		}
	}
	e.tagsErr = nil
	e.tags.SetTags(e.edit.Manifest().Tags())
	v, _ := e.edit.Manifest().Value(deterministic)
	b, _ := v.(bool)
	e.deterministic.SetChecked(b)
	date := ""
	if v, ok := e.edit.Manifest().Value(codec.ModelInfoField("date")); ok {
		date = codec.ValueText(v)
	}
	if date == "" {
		date = "(none)"
	}
	e.date.SetText(date)
	e.refreshNotes()
}

// refreshNotes marks every field with its problem, or its hint.
func (e *editor) refreshNotes() {
	schema := map[string]string{}
	for _, fe := range codec.ValidateAll(e.edit.Manifest()) {
		if _, dup := schema[fe.Path]; !dup {
			schema[fe.Path] = fe.Msg
		}
	}
	for _, f := range e.fields {
		err := f.parseErr
		if err == nil {
			if msg, ok := schema[f.Path()]; ok {
				err = errors.New(msg)
			}
		}
		_, inOriginal := e.edit.Base().Value(f.Field)
		placeholder := ""
		if !inOriginal {
			placeholder = notInFile
		}
		if f.entry.PlaceHolder != placeholder {
			f.entry.SetPlaceHolder(placeholder)
		}
		f.entry.SetValidationError(err)
		widgets.SetFieldNote(f.note, err, "")
	}

	var tagErr error = e.tagsErr
	if tagErr == nil {
		for p, msg := range schema {
			if p == "model_info.tags" || strings.HasPrefix(p, "model_info.tags[") {
				tagErr = errors.New(problemPath(p) + ": " + msg)
				break
			}
		}
	}
	widgets.SetFieldNote(e.tagsNote, tagErr, "")

	var detErr error
	if msg, ok := schema[deterministic.Path()]; ok {
		detErr = errors.New(msg)
	}
	hint := ""
	if _, ok := e.edit.Base().Value(deterministic); !ok && !e.deterministic.Checked {
		hint = notInFile
	}
	widgets.SetFieldNote(e.detNote, detErr, hint)

	if e.edit.Base().HasSettings() {
		e.settingsNote.Hide()
	} else {
		e.settingsNote.SetText("This file has no generation settings. Values typed here are added to it; seed, steps and sampler are then required.")
		e.settingsNote.Show()
	}
}

// fieldChanged turns a field's text into the manifest's value.
func (e *editor) fieldChanged(f *formField, s string) {
	if e.loading {
		return
	}
	f.parseErr = e.edit.SetText(f.Field, s)
	name := f.name
	if name == "" {
		name = f.label
	}
	e.push(f.Key, name)
	e.refreshNotes()
	e.changed()
}

func (e *editor) tagsChanged(tags []string) {
	if e.loading {
		return
	}
	e.tagsErr = e.edit.SetTags(tags)
	e.push("", "Tags")
	e.refreshNotes()
	e.changed()
}

// deterministic is the one setting the form shows as a check box.
var deterministic = codec.SettingField("deterministic")

func (e *editor) deterministicChanged(on bool) {
	if e.loading {
		return
	}
	_ = e.edit.Set(deterministic, on) // a bool is always a value
	e.push("", "Deterministic")
	e.refreshNotes()
	e.changed()
}

// editEntry is an entry of the form. Undo and redo typed in it act on the
// whole form's history, not on the entry's own, and Tab always moves on.
type editEntry struct {
	widget.Entry
	editor *editor
}

func newEditEntry(e *editor) *editEntry {
	en := &editEntry{editor: e}
	en.ExtendBaseWidget(en)
	return en
}

// AcceptsTab is false even for the prompt: in a form Tab moves to the next
// field, and a prompt has no use for tab characters.
func (en *editEntry) AcceptsTab() bool { return false }

func (en *editEntry) TypedShortcut(s fyne.Shortcut) {
	if widgets.ForwardUndo(s, en.editor.Undo, en.editor.Redo) {
		return
	}
	en.Entry.TypedShortcut(s)
}
