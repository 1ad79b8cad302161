package ui

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gen5viewer/gen5view/codec"
)

// RedoAltShortcut is Ctrl+Shift+Z (Cmd+Shift+Z on macOS), the other usual
// redo shortcut beside Ctrl+Y (fyne.ShortcutRedo). The editor's own inputs
// handle it; the window registers it with Canvas.AddShortcut for when the
// focus is elsewhere, since a menu item carries only one shortcut.
var RedoAltShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}

// notInFile is the hint an empty field shows when the file lacks it.
const notInFile = "not in file"

// fieldKind says how a field's text becomes a JSON value.
type fieldKind int

const (
	textKind  fieldKind = iota // a string, kept as typed
	uintKind                   // a whole number from 0 to 2⁶⁴−1
	intKind                    // a whole number of at least min
	floatKind                  // a finite number of at least min
)

// formField is one single-value input of the form: where its value lives in
// model_info, how its text is read, and the widgets that show it.
type formField struct {
	key      string // the JSON key
	label    string
	kind     fieldKind
	min      int64 // for intKind and floatKind
	required bool  // the schema requires the key (settings: once they exist)
	setting  bool  // in generation_settings rather than model_info
	multi    bool  // a multi-line, word-wrapped entry

	entry    *editEntry
	note     *widget.Label
	parseErr error // why the text typed is not a value, or nil
}

// path is the field's name as codec.FieldError.Path gives it.
func (f *formField) path() string {
	if f.setting {
		return "model_info.generation_settings." + f.key
	}
	return "model_info." + f.key
}

// Editor is the edit form for one open document: prompt, negative prompt
// (when the file has one), tags, model name and version, and the
// generation settings, each checked as the reference's schema checks it.
//
// It edits a clone of the manifest through the codec.Manifest setters, the
// same ones `gen5view edit` uses, and only where the user changed
// something: keys it does not show, and numbers nobody touched, are written
// back exactly as they were read. Every change is recorded in a History.
// All methods must be called on the UI goroutine.
type Editor struct {
	// OnChanged is called after every change to the edited manifest or to
	// the form's validity: an edit, Undo, Redo, Revert, SetManifest,
	// MarkSaved. The window updates its title (Dirty) and its Save, Undo
	// and Redo actions there.
	OnChanged func()

	original *codec.Manifest
	edited   *codec.Manifest
	history  *History
	vocab    *TagVocabulary
	loading  bool

	fields        []*formField
	prompt        *formField
	negative      *formField
	deterministic *widget.Check
	detNote       *widget.Label
	tags          *TagEditor
	tagsNote      *widget.Label
	tagsErr       error
	date          *widget.Label
	settingsNote  *widget.Label
	scroll        *container.Scroll
}

// NewEditor returns an editor for m (which it does not change: it edits a
// clone), suggesting tags from vocab (nil for none).
func NewEditor(m *codec.Manifest, vocab *TagVocabulary) *Editor {
	e := &Editor{
		original: m.Clone(),
		edited:   m.Clone(),
		history:  NewHistory(m),
		vocab:    vocab,
	}
	e.build(vocab)
	e.reload()
	return e
}

func (e *Editor) build(vocab *TagVocabulary) {
	e.prompt = &formField{key: "prompt", label: "Prompt", kind: textKind, required: true, multi: true}
	e.negative = &formField{key: "negative_prompt", label: "Negative prompt", kind: textKind, multi: true}
	model := []*formField{
		{key: "model_name", label: "Name", kind: textKind, required: true},
		{key: "version", label: "Version", kind: textKind, required: true},
	}
	settings := []*formField{
		{key: "seed", label: "Seed", kind: uintKind, required: true, setting: true},
		{key: "steps", label: "Steps", kind: intKind, min: 1, required: true, setting: true},
		{key: "sampler", label: "Sampler", kind: textKind, required: true, setting: true},
		{key: "cfg_scale", label: "CFG scale", kind: floatKind, setting: true},
		{key: "scheduler", label: "Scheduler", kind: textKind, setting: true},
		{key: "eta", label: "Eta", kind: floatKind, setting: true},
		{key: "guidance", label: "Guidance", kind: textKind, setting: true},
		{key: "precision", label: "Precision", kind: textKind, setting: true},
	}
	e.fields = append([]*formField{e.prompt, e.negative}, append(model, settings...)...)
	for _, f := range e.fields {
		e.makeInput(f)
	}

	e.tags = NewTagEditor(vocab)
	e.tags.OnChanged = e.tagsChanged
	e.tags.onUndo, e.tags.onRedo = e.Undo, e.Redo
	e.tagsNote = newFieldNote()

	e.deterministic = widget.NewCheck("", e.deterministicChanged)
	e.detNote = newFieldNote()

	e.date = widget.NewLabel("")
	e.date.Selectable = true
	e.settingsNote = newFieldNote()

	top := []fyne.CanvasObject{formHeading("Prompt"), withNote(e.prompt.entry, e.prompt.note)}
	if _, ok := lookupField(e.original, e.negative); ok {
		top = append(top, formHeading("Negative prompt"), withNote(e.negative.entry, e.negative.note))
	}
	// The two forms share one label width, so their inputs line up.
	labels := &labelColumn{}
	modelRows := []fyne.CanvasObject{}
	for _, f := range model {
		modelRows = append(modelRows, labels.add(f.label), withNote(f.entry, f.note))
	}
	modelRows = append(modelRows, labels.add("Date"), e.date)
	settingRows := []fyne.CanvasObject{}
	for _, f := range settings {
		settingRows = append(settingRows, labels.add(f.label), withNote(f.entry, f.note))
	}
	settingRows = append(settingRows, labels.add("Deterministic"), withNote(e.deterministic, e.detNote))

	content := container.NewVBox(append(top,
		formHeading("Tags"), withNote(e.tags, e.tagsNote),
		widget.NewSeparator(),
		formHeading("Model"),
		container.New(layout.NewFormLayout(), modelRows...),
		widget.NewSeparator(),
		formHeading("Generation settings"), e.settingsNote,
		container.New(layout.NewFormLayout(), settingRows...),
	)...)
	e.scroll = container.NewVScroll(container.NewPadded(content))
	e.tags.onHeightChanged = func() { e.scroll.Refresh() }
}

func formHeading(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.TextStyle = fyne.TextStyle{Bold: true}
	return l
}

// labelColumn makes the labels of several forms as wide as the widest of
// them all.
type labelColumn struct{ labels []*widget.Label }

func (c *labelColumn) add(text string) fyne.CanvasObject {
	l := widget.NewLabel(text)
	c.labels = append(c.labels, l)
	return container.New(c, l)
}

func (c *labelColumn) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var w float32
	for _, l := range c.labels {
		w = fyne.Max(w, l.MinSize().Width)
	}
	return fyne.NewSize(w, objects[0].MinSize().Height)
}

func (c *labelColumn) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	objects[0].Move(fyne.NewPos(0, 0))
	objects[0].Resize(fyne.NewSize(size.Width, objects[0].MinSize().Height))
}

// withNote stacks an input and its note with no gap, so that the note
// reads as belonging to the input above it rather than the one below.
func withNote(input, note fyne.CanvasObject) fyne.CanvasObject {
	return container.New(layout.NewCustomPaddedVBoxLayout(0), input, note)
}

func newFieldNote() *widget.Label {
	l := widget.NewLabel("")
	l.SizeName = theme.SizeNameCaptionText
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

func (e *Editor) makeInput(f *formField) {
	en := newEditEntry(e)
	if f.multi {
		en.MultiLine = true
		en.Wrapping = fyne.TextWrapWord
		if f.key == "prompt" {
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
	f.note = newFieldNote()
}

// fieldByKey returns the input for a JSON key, or nil.
func (e *Editor) fieldByKey(key string) *formField {
	for _, f := range e.fields {
		if f.key == key {
			return f
		}
	}
	return nil
}

// CanvasObject returns the form, in a vertical scroll.
func (e *Editor) CanvasObject() fyne.CanvasObject { return e.scroll }

// Manifest returns the edited manifest (a copy): what Save writes.
func (e *Editor) Manifest() *codec.Manifest { return e.edited.Clone() }

// Original returns the manifest as opened or last saved (a copy).
func (e *Editor) Original() *codec.Manifest { return e.original.Clone() }

// Dirty reports whether there is something unsaved: the edited manifest
// differs from the original, or a field holds text that is not a value.
func (e *Editor) Dirty() bool {
	return !e.edited.Equal(e.original) || e.hasParseErrors()
}

func (e *Editor) hasParseErrors() bool {
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
func (e *Editor) Problems() []string {
	var out []string
	skip := map[string]bool{}
	for _, f := range e.fields {
		if f.parseErr != nil {
			out = append(out, f.key+": "+f.parseErr.Error())
			skip[f.path()] = true
		}
	}
	if e.tagsErr != nil {
		out = append(out, "tags: "+e.tagsErr.Error())
	}
	for _, fe := range codec.ValidateAll(e.edited) {
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
func (e *Editor) CanUndo() bool { return e.history.CanUndo() }

// CanRedo reports whether there is an undone edit to redo.
func (e *Editor) CanRedo() bool { return e.history.CanRedo() }

// Undo takes back the last edit (typing in one field counts as one edit
// until a pause of DefaultCoalesceWindow).
func (e *Editor) Undo() {
	if m, ok := e.history.Undo(); ok {
		e.show(m)
	}
}

// Redo puts back the last edit undone.
func (e *Editor) Redo() {
	if m, ok := e.history.Redo(); ok {
		e.show(m)
	}
}

// Revert goes back to the manifest as opened or last saved. It is one
// more step in the history, so Undo brings the edits back.
func (e *Editor) Revert() {
	e.edited = e.original.Clone()
	e.history.Push(e.edited, "")
	e.reload()
	e.changed()
}

// SetManifest shows m as the edited state, without recording a step: for
// a caller that keeps its own history. The original stays as it was.
func (e *Editor) SetManifest(m *codec.Manifest) { e.show(m) }

func (e *Editor) show(m *codec.Manifest) {
	e.edited = m.Clone()
	e.reload()
	e.changed()
}

// MarkSaved tells the editor that its file was saved and re-opened with
// manifest saved: that becomes the original (Dirty is false again unless
// something was typed while the save ran). The save rewrote file_info and
// the chunk records; the history takes the new ones too, so Undo still
// works across the save. Tags the save added are counted in the
// vocabulary (the window stores it with TagVocabulary.Save).
func (e *Editor) MarkSaved(saved *codec.Manifest) {
	fix := func(m *codec.Manifest) {
		c := saved.Clone()
		for _, k := range []string{"file_info", "chunks"} {
			if v, ok := c.Meta().Get(k); ok {
				m.Meta().Set(k, v)
			}
		}
	}
	var added []string
	for _, t := range saved.Tags() {
		if !slices.Contains(e.original.Tags(), t) {
			added = append(added, t)
		}
	}
	e.vocab.Record(added)
	e.original = saved.Clone()
	fix(e.edited)
	e.history.Rebase(fix)
	e.refreshNotes()
	e.changed()
}

// stopTimers stops the timers of the form's inputs, for a form taken out
// of its window.
func (e *Editor) stopTimers() { e.tags.stopTimers() }

func (e *Editor) changed() {
	if e.OnChanged != nil {
		e.OnChanged()
	}
}

// lookupField returns the value a field has in m, without creating anything.
func lookupField(m *codec.Manifest, f *formField) (any, bool) {
	mi, ok := m.Meta().Object("model_info")
	if !ok {
		return nil, false
	}
	if f.setting {
		gs, ok := mi.Object("generation_settings")
		if !ok {
			return nil, false
		}
		return gs.Get(f.key)
	}
	return mi.Get(f.key)
}

func hasSettingsObject(m *codec.Manifest) bool {
	mi, ok := m.Meta().Object("model_info")
	if !ok {
		return false
	}
	_, ok = mi.Object("generation_settings")
	return ok
}

// reload shows the edited manifest in every input, without treating that
// as an edit.
func (e *Editor) reload() {
	e.loading = true
	defer func() { e.loading = false }()
	for _, f := range e.fields {
		f.parseErr = nil
		text := ""
		if v, ok := lookupField(e.edited, f); ok {
			text = codec.ValueText(v)
		}
		if f.entry.Text != text {
			f.entry.SetText(text)
		}
	}
	e.tagsErr = nil
	e.tags.SetTags(e.edited.Tags())
	det := &formField{key: "deterministic", setting: true}
	v, _ := lookupField(e.edited, det)
	b, _ := v.(bool)
	e.deterministic.SetChecked(b)
	mi, _ := e.edited.Meta().Object("model_info")
	date := ""
	if mi != nil {
		if v, ok := mi.Get("date"); ok {
			date = codec.ValueText(v)
		}
	}
	if date == "" {
		date = "(none)"
	}
	e.date.SetText(date)
	e.refreshNotes()
}

// refreshNotes marks every field with its problem, or its hint.
func (e *Editor) refreshNotes() {
	schema := map[string]string{}
	for _, fe := range codec.ValidateAll(e.edited) {
		if _, dup := schema[fe.Path]; !dup {
			schema[fe.Path] = fe.Msg
		}
	}
	for _, f := range e.fields {
		err := f.parseErr
		if err == nil {
			if msg, ok := schema[f.path()]; ok {
				err = errors.New(msg)
			}
		}
		_, inOriginal := lookupField(e.original, f)
		placeholder := ""
		if !inOriginal {
			placeholder = notInFile
		}
		if f.entry.PlaceHolder != placeholder {
			f.entry.SetPlaceHolder(placeholder)
		}
		f.entry.SetValidationError(err)
		setFieldNote(f.note, err, "")
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
	setFieldNote(e.tagsNote, tagErr, "")

	det := &formField{key: "deterministic", setting: true}
	var detErr error
	if msg, ok := schema[det.path()]; ok {
		detErr = errors.New(msg)
	}
	hint := ""
	if _, ok := lookupField(e.original, det); !ok && !e.deterministic.Checked {
		hint = notInFile
	}
	setFieldNote(e.detNote, detErr, hint)

	if hasSettingsObject(e.original) {
		e.settingsNote.Hide()
	} else {
		e.settingsNote.SetText("This file has no generation settings. Values typed here are added to it; seed, steps and sampler are then required.")
		e.settingsNote.Show()
	}
}

// setFieldNote shows err in the error colour, or else hint, or hides the note.
func setFieldNote(l *widget.Label, err error, hint string) {
	text, imp := hint, widget.LowImportance
	if err != nil {
		text, imp = err.Error(), widget.DangerImportance
	}
	if text == "" {
		l.Hide()
		return
	}
	l.Importance = imp
	l.SetText(text)
	l.Show()
}

// fieldChanged turns a field's text into the manifest's value.
func (e *Editor) fieldChanged(f *formField, s string) {
	if e.loading {
		return
	}
	f.parseErr = e.apply(f, s)
	e.history.Push(e.edited, f.key)
	e.refreshNotes()
	e.changed()
}

// apply stores the value typed in a field, or returns why it is not one
// (and leaves the manifest as it was). An empty field removes a key the
// original did not have, so typing and clearing leaves no trace; emptying
// a required number is an error; emptying an optional number removes it;
// emptying text stores "" where the file had the key.
func (e *Editor) apply(f *formField, s string) error {
	orig, inOriginal := lookupField(e.original, f)
	if f.kind == textKind {
		if s == "" && !inOriginal {
			e.remove(f)
			return nil
		}
		e.set(f, s)
		return nil
	}
	t := strings.TrimSpace(s)
	if t == "" {
		if inOriginal && f.required {
			return errors.New("is required")
		}
		e.remove(f)
		return nil
	}
	if inOriginal && t == codec.ValueText(orig) {
		// Back to what the file says: keep its spelling.
		e.set(f, orig)
		return nil
	}
	v, err := parseNumber(f, t)
	if err != nil {
		return err
	}
	e.set(f, v)
	return nil
}

// parseNumber reads a number field's text as the schema types it.
func parseNumber(f *formField, t string) (any, error) {
	switch f.kind {
	case uintKind:
		n, err := strconv.ParseUint(t, 10, 64)
		if err != nil {
			if errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(t, "-") {
				return nil, fmt.Errorf("must be at most %d", uint64(math.MaxUint64))
			}
			return nil, errors.New("must be a whole number, 0 or more")
		}
		return n, nil
	case intKind:
		n, err := strconv.ParseInt(t, 10, 64)
		if err != nil || n < f.min {
			return nil, fmt.Errorf("must be a whole number, at least %d", f.min)
		}
		return n, nil
	case floatKind:
		x, err := strconv.ParseFloat(t, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("must be a number, %d or more", f.min)
		}
		if x < float64(f.min) {
			return nil, fmt.Errorf("must be %d or more", f.min)
		}
		return x, nil
	}
	return t, nil
}

// set stores v through the Manifest setters.
func (e *Editor) set(f *formField, v any) {
	switch {
	case f.setting:
		if err := e.edited.SetSetting(f.key, v); err != nil {
			f.parseErr = err
			return
		}
		if gs, ok := e.edited.Meta().Object("model_info"); ok {
			gs, _ = gs.Object("generation_settings")
			if ogs, ok := settingsObjectOf(e.original); ok {
				keepOrder(gs, ogs.Keys(), f.key)
			}
		}
	case f.key == "prompt":
		e.edited.SetPrompt(v.(string))
	default:
		if s, ok := v.(string); ok {
			e.edited.SetModelInfo(f.key, s)
		} else {
			e.edited.ModelInfoObject().Set(f.key, v)
		}
	}
}

func settingsObjectOf(m *codec.Manifest) (*codec.Object, bool) {
	mi, ok := m.Meta().Object("model_info")
	if !ok {
		return nil, false
	}
	return mi.Object("generation_settings")
}

// keepOrder moves key, just set in o, back to where the original order
// has it (Set puts a new key last), so that clearing a value and typing
// it again does not reorder the file's keys.
func keepOrder(o *codec.Object, order []string, key string) {
	at := slices.Index(order, key)
	if o == nil || at < 0 {
		return
	}
	keys := slices.Clone(o.Keys())
	i := slices.Index(keys, key)
	rest := slices.Delete(slices.Clone(keys), i, i+1)
	// The key goes after the nearest key that precedes it in the original.
	want := 0
	for j := at - 1; j >= 0; j-- {
		if p := slices.Index(rest, order[j]); p >= 0 {
			want = p + 1
			break
		}
	}
	if want == i {
		return
	}
	keys = slices.Insert(rest, want, key)
	vals := make([]any, len(keys))
	for n, k := range keys {
		vals[n], _ = o.Get(k)
	}
	for _, k := range keys {
		o.Delete(k)
	}
	for n, k := range keys {
		o.Set(k, vals[n])
	}
}

// remove deletes a field's key. generation_settings goes too when it ends
// up empty and the original had none, so that nothing is left behind.
func (e *Editor) remove(f *formField) {
	if !f.setting {
		if mi, ok := e.edited.Meta().Object("model_info"); ok {
			mi.Delete(f.key)
		}
		return
	}
	e.edited.DeleteSetting(f.key)
	if !hasSettingsObject(e.original) {
		if mi, ok := e.edited.Meta().Object("model_info"); ok {
			if gs, ok := mi.Object("generation_settings"); ok && gs.Len() == 0 {
				mi.Delete("generation_settings")
			}
		}
	}
}

func (e *Editor) tagsChanged(tags []string) {
	if e.loading {
		return
	}
	e.tagsErr = nil
	tagsField := &formField{key: "tags"}
	if _, hadTags := lookupField(e.original, tagsField); len(tags) == 0 && !hadTags {
		e.remove(tagsField)
	} else if err := e.edited.SetTags(tags); err != nil {
		e.tagsErr = err
	}
	e.history.Push(e.edited, "")
	e.refreshNotes()
	e.changed()
}

func (e *Editor) deterministicChanged(on bool) {
	if e.loading {
		return
	}
	det := &formField{key: "deterministic", setting: true}
	if _, inOriginal := lookupField(e.original, det); !on && !inOriginal {
		e.remove(det)
	} else {
		e.set(det, on)
	}
	e.history.Push(e.edited, "")
	e.refreshNotes()
	e.changed()
}

// editEntry is an entry of the form. Undo and redo typed in it act on the
// whole form's history, not on the entry's own, and Tab always moves on.
type editEntry struct {
	widget.Entry
	editor *Editor
}

func newEditEntry(e *Editor) *editEntry {
	en := &editEntry{editor: e}
	en.ExtendBaseWidget(en)
	return en
}

// AcceptsTab is false even for the prompt: in a form Tab moves to the next
// field, and a prompt has no use for tab characters.
func (en *editEntry) AcceptsTab() bool { return false }

func (en *editEntry) TypedShortcut(s fyne.Shortcut) {
	if forwardUndo(s, en.editor.Undo, en.editor.Redo) {
		return
	}
	en.Entry.TypedShortcut(s)
}
