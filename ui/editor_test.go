package ui

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/canvas"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/internal/fixtures"
	"github.com/gen5viewer/gen5view/ui/widgets"
)

// manifestJSON builds a minimal valid manifest around a model_info body.
func manifestJSON(t *testing.T, modelInfo string) *codec.Manifest {
	t.Helper()
	m, err := codec.ParseManifest([]byte(`{"gen5_metadata": {
		"file_info": {"magic": "GEN5", "version_major": 1, "version_minor": 0, "file_size": 0, "chunk_count": 0},
		"model_info": ` + modelInfo + `,
		"chunks": []}}`))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

const fullModelInfo = `{"model_name": "SDXL", "version": "1.0", "date": "2026-01-02T03:04:05Z",
	"prompt": "a dog", "tags": ["dog", "park"],
	"generation_settings": {"seed": 42, "steps": 20, "sampler": "ddim", "cfg_scale": 7.50,
		"scheduler": "pndm", "eta": 0.0, "guidance": "classifier-free", "precision": "fp16",
		"deterministic": true, "x_extra": {"kept": [1, 2.50]}},
	"x_unknown": "kept too"}`

const legacyModelInfo = `{"model_name": "SD3", "version": "3", "date": "2025-12-27T17:09:33Z",
	"prompt": "a puppy", "tags": ["puppy"]}`

func newTestEditor(t *testing.T, m *codec.Manifest) *editor {
	t.Helper()
	test.NewTempApp(t)
	e := newEditor(m, nil)
	t.Cleanup(e.stopTimers) // a refusal's timer must not outlive the test
	stopHistoryClock(e)
	w := test.NewTempWindow(t, e.CanvasObject())
	w.Resize(fyne.NewSize(600, 900))
	return e
}

// stopHistoryClock has every change of the same field fall within the
// history's coalescing window, however slowly a loaded machine runs the
// test's typing: the tests' "typing is one step" must not depend on speed.
func stopHistoryClock(e *editor) {
	e.history.Now = func() time.Time { return time.Unix(0, 0) }
}

// setField replaces a field's text in one change, as typing over a
// selection or pasting does.
func setField(e *editor, key, text string) {
	e.fieldByKey(key).entry.SetText(text)
}

func settingText(t *testing.T, m *codec.Manifest, key string) string {
	t.Helper()
	v, ok := m.Setting(key)
	if !ok {
		return "<absent>"
	}
	return codec.ValueText(v)
}

func hasProblem(problems []string, field string) bool {
	for _, p := range problems {
		if strings.HasPrefix(p, field+":") {
			return true
		}
	}
	return false
}

func TestEditorShowsManifest(t *testing.T) {
	e := newTestEditor(t, manifestJSON(t, fullModelInfo))
	for key, want := range map[string]string{
		"prompt": "a dog", "model_name": "SDXL", "version": "1.0",
		"seed": "42", "steps": "20", "sampler": "ddim", "cfg_scale": "7.50",
		"scheduler": "pndm", "eta": "0.0", "guidance": "classifier-free", "precision": "fp16",
	} {
		if got := e.fieldByKey(key).entry.Text; got != want {
			t.Errorf("%s shows %q, want %q", key, got, want)
		}
	}
	if !reflect.DeepEqual(e.tags.Tags(), []string{"dog", "park"}) {
		t.Errorf("tags show %q", e.tags.Tags())
	}
	if !e.deterministic.Checked {
		t.Error("deterministic not checked")
	}
	if e.date.Text != "2026-01-02T03:04:05Z" {
		t.Errorf("date shows %q", e.date.Text)
	}
	if e.Dirty() || len(e.Problems()) != 0 || e.CanUndo() {
		t.Errorf("fresh editor: dirty %v, problems %q, can undo %v", e.Dirty(), e.Problems(), e.CanUndo())
	}
	p := e.prompt.entry
	if !p.MultiLine || p.Wrapping != fyne.TextWrapWord {
		t.Error("the prompt is not a word-wrapped multi-line entry")
	}
	if p.AcceptsTab() {
		t.Error("Tab in the prompt types a tab instead of moving to the next field")
	}
}

func TestEditorUndoRedo(t *testing.T) {
	orig := manifestJSON(t, fullModelInfo)
	e := newTestEditor(t, orig)
	changes := 0
	e.OnChanged = func() { changes++ }

	e.prompt.entry.SetText("")
	test.Type(e.prompt.entry, "a dog, running")
	test.Type(e.tags.Entry(), "running,")
	m := e.Manifest()
	if m.Prompt() != "a dog, running" || !reflect.DeepEqual(m.Tags(), []string{"dog", "park", "running"}) {
		t.Fatalf("edits not in the manifest: %q %q", m.Prompt(), m.Tags())
	}
	if !e.Dirty() || changes == 0 {
		t.Fatalf("Dirty %v after edits, %d OnChanged calls", e.Dirty(), changes)
	}

	e.Undo() // the tag
	e.Undo() // all the typing in the prompt, one step
	if !e.Manifest().Equal(orig) {
		t.Fatalf("two undos did not give the original back:\n%s", manifestText(t, e.Manifest()))
	}
	if e.Dirty() || e.CanUndo() {
		t.Errorf("after undoing everything: dirty %v, can undo %v", e.Dirty(), e.CanUndo())
	}
	if e.prompt.entry.Text != "a dog" || len(e.tags.Tags()) != 2 {
		t.Errorf("fields not refreshed: prompt %q, tags %q", e.prompt.entry.Text, e.tags.Tags())
	}

	e.Redo()
	e.Redo()
	if !e.Manifest().Equal(m) {
		t.Fatal("redo did not bring the edits back")
	}
	if e.prompt.entry.Text != "a dog, running" || len(e.tags.Tags()) != 3 {
		t.Errorf("fields not refreshed after redo: %q %q", e.prompt.entry.Text, e.tags.Tags())
	}
	if e.CanRedo() {
		t.Error("can still redo at the newest step")
	}

	// The shortcuts typed in a field undo the form, not the field.
	e.prompt.entry.TypedShortcut(&fyne.ShortcutUndo{})
	if len(e.Manifest().Tags()) != 2 {
		t.Error("Ctrl+Z in the prompt did not undo the tag")
	}
	e.tags.Entry().TypedShortcut(&fyne.ShortcutRedo{})
	if len(e.Manifest().Tags()) != 3 {
		t.Error("Ctrl+Y in the tag entry did not redo the tag")
	}
	e.Undo()
	e.fieldByKey("steps").entry.TypedShortcut(redoAltShortcut)
	if len(e.Manifest().Tags()) != 3 {
		t.Error("Ctrl+Shift+Z in a setting did not redo")
	}
}

func TestEditorRevert(t *testing.T) {
	orig := manifestJSON(t, fullModelInfo)
	e := newTestEditor(t, orig)
	setField(e, "steps", "30")
	test.Type(e.tags.Entry(), "x,")
	e.Revert()
	if !e.Manifest().Equal(orig) || e.Dirty() {
		t.Fatal("Revert did not restore the original")
	}
	if e.fieldByKey("steps").entry.Text != "20" {
		t.Errorf("steps shows %q after Revert", e.fieldByKey("steps").entry.Text)
	}
	e.Undo()
	if settingText(t, e.Manifest(), "steps") != "30" {
		t.Error("Undo after Revert did not bring the edits back")
	}
}

func TestEditorValidation(t *testing.T) {
	tests := []struct {
		key, text, problem string
	}{
		{"steps", "0", "steps: must be a whole number, at least 1"},
		{"steps", "2.5", "steps: must be a whole number, at least 1"},
		{"steps", "", "steps: is required"},
		{"seed", "-1", "seed: must be a whole number, 0 or more"},
		{"seed", "1e3", "seed: must be a whole number, 0 or more"},
		{"seed", "18446744073709551616", "seed: must be at most 18446744073709551615"},
		{"cfg_scale", "abc", "cfg_scale: must be a number, 0 or more"},
		{"cfg_scale", "-0.5", "cfg_scale: must be 0 or more"},
		{"cfg_scale", "NaN", "cfg_scale: must be a number, 0 or more"},
		{"eta", "Inf", "eta: must be a number, 0 or more"},
	}
	for _, tc := range tests {
		t.Run(tc.key+"="+tc.text, func(t *testing.T) {
			orig := manifestJSON(t, fullModelInfo)
			e := newTestEditor(t, orig)
			setField(e, tc.key, tc.text)
			p := e.Problems()
			if !reflect.DeepEqual(p, []string{tc.problem}) {
				t.Fatalf("Problems() = %q, want [%q]", p, tc.problem)
			}
			if want := settingText(t, orig, tc.key); settingText(t, e.Manifest(), tc.key) != want {
				t.Errorf("the refused value reached the manifest: %s", settingText(t, e.Manifest(), tc.key))
			}
			if !e.Dirty() {
				t.Error("a field with refused text is not dirty: closing would lose it silently")
			}
			f := e.fieldByKey(tc.key)
			if !f.note.Visible() || !strings.Contains(tc.problem, f.note.Text) {
				t.Errorf("field note %q (visible %v), want the reason", f.note.Text, f.note.Visible())
			}
			// Fixing it clears the mark.
			setField(e, tc.key, codec.ValueText(mustSetting(t, orig, tc.key)))
			if p := e.Problems(); len(p) != 0 || f.note.Visible() {
				t.Errorf("after fixing: problems %q, note %q", p, f.note.Text)
			}
		})
	}
}

func mustSetting(t *testing.T, m *codec.Manifest, key string) any {
	v, ok := m.Setting(key)
	if !ok {
		t.Fatalf("no setting %s", key)
	}
	return v
}

func TestEditorTypedValues(t *testing.T) {
	e := newTestEditor(t, manifestJSON(t, fullModelInfo))
	setField(e, "seed", "18446744073709551615")
	setField(e, "steps", " 30 ")
	setField(e, "cfg_scale", "7")
	setField(e, "eta", "1e-5")
	setField(e, "sampler", "euler a")
	e.deterministic.SetChecked(false)
	if p := e.Problems(); len(p) != 0 {
		t.Errorf("valid values have problems %q", p)
	}
	m := e.Manifest()
	for key, want := range map[string]string{
		"seed": "18446744073709551615", "steps": "30", "cfg_scale": "7.0", "eta": "1e-05",
		"sampler": "euler a", "deterministic": "false",
	} {
		if got := settingText(t, m, key); got != want {
			t.Errorf("%s stored as %s, want %s", key, got, want)
		}
	}
}

func TestEditorKeepsUntouchedSpelling(t *testing.T) {
	orig := manifestJSON(t, fullModelInfo)
	e := newTestEditor(t, orig)
	setField(e, "prompt", "a cat")
	js := manifestText(t, e.Manifest())
	for _, s := range []string{`"cfg_scale": 7.50`, `"eta": 0.0`, `"x_unknown": "kept too"`, `2.50`} {
		if !strings.Contains(js, s) {
			t.Errorf("%s lost after editing the prompt", s)
		}
	}
	// Typing a number and then its original text again restores the
	// original spelling and place, so the document is clean again; even
	// when the field was emptied on the way (which removes the value).
	setField(e, "cfg_scale", "8")
	setField(e, "cfg_scale", "")
	if got := settingText(t, e.Manifest(), "cfg_scale"); got != "<absent>" {
		t.Errorf("emptied cfg_scale is %s", got)
	}
	cfg := e.fieldByKey("cfg_scale").entry
	test.Type(cfg, "7.50")
	setField(e, "prompt", "a dog")
	if e.Dirty() {
		t.Errorf("dirty after typing every value back:\n%s", manifestText(t, e.Manifest()))
	}
}

func TestEditorAbsentFields(t *testing.T) {
	orig := manifestJSON(t, legacyModelInfo)
	e := newTestEditor(t, orig)
	cfg := e.fieldByKey("cfg_scale")
	if cfg.entry.Text != "" || cfg.entry.PlaceHolder != notInFile {
		t.Errorf("absent cfg_scale shows %q, hint %q", cfg.entry.Text, cfg.entry.PlaceHolder)
	}
	if !e.settingsNote.Visible() {
		t.Error("no note that the file has no generation settings")
	}
	if e.prompt.entry.PlaceHolder != "" {
		t.Errorf("the prompt, which the file has, hints %q", e.prompt.entry.PlaceHolder)
	}

	test.Type(cfg.entry, "5")
	if got := settingText(t, e.Manifest(), "cfg_scale"); got != "5.0" {
		t.Fatalf("cfg_scale stored as %s", got)
	}
	// The settings object now exists, so the schema wants its required keys.
	p := e.Problems()
	for _, k := range []string{"seed", "steps", "sampler"} {
		if !hasProblem(p, k) {
			t.Errorf("problems %q do not name %s", p, k)
		}
	}
	if n := e.fieldByKey("seed").note; !n.Visible() || n.Text != "is required" {
		t.Errorf("seed note %q", n.Text)
	}

	// Clearing the only value typed removes it, and the object it needed.
	cfg.entry.SetText("")
	if !e.Manifest().Equal(orig) {
		t.Fatalf("clearing an added value left:\n%s", manifestText(t, e.Manifest()))
	}
	if e.Dirty() || len(e.Problems()) != 0 {
		t.Errorf("dirty %v, problems %q", e.Dirty(), e.Problems())
	}

	// Filled in completely, the settings are valid.
	setField(e, "seed", "7")
	setField(e, "steps", "25")
	setField(e, "sampler", "euler")
	e.deterministic.SetChecked(true)
	if p := e.Problems(); len(p) != 0 {
		t.Errorf("complete settings still have problems %q", p)
	}
	e.deterministic.SetChecked(false)
	if _, ok := e.Manifest().Setting("deterministic"); ok {
		t.Error("unchecking a box the file did not have left the key behind")
	}
}

func TestEditorClearingPresentFields(t *testing.T) {
	e := newTestEditor(t, manifestJSON(t, fullModelInfo))
	setField(e, "scheduler", "")
	setField(e, "eta", "")
	setField(e, "model_name", "")
	m := e.Manifest()
	if got := settingText(t, m, "scheduler"); got != "" {
		t.Errorf("cleared scheduler stored as %q, want empty text", got)
	}
	if got := settingText(t, m, "eta"); got != "<absent>" {
		t.Errorf("cleared optional eta stored as %s, want it removed", got)
	}
	if name, _ := m.ModelInfoObject().String("model_name"); name != "" {
		t.Errorf("model_name %q", name)
	}
	if p := e.Problems(); len(p) != 0 {
		t.Errorf("problems %q", p)
	}
}

func TestEditorMarkSavedCountsNewTags(t *testing.T) {
	test.NewTempApp(t)
	vocab := widgets.NewTagVocabulary()
	orig := manifestJSON(t, fullModelInfo)
	e := newEditor(orig, vocab)
	test.Type(e.tags.Entry(), "fresh,")
	e.MarkSaved(e.Manifest())
	if vocab.Count("fresh") != 1 || vocab.Count("dog") != 0 {
		t.Errorf("counts after save: fresh %d, dog %d; want 1 and 0 (dog was there before)",
			vocab.Count("fresh"), vocab.Count("dog"))
	}
	if e.Dirty() {
		t.Error("dirty after MarkSaved")
	}
}

func TestEditorNegativePrompt(t *testing.T) {
	e := newTestEditor(t, manifestJSON(t, `{"model_name": "m", "version": "1", "date": "d",
		"prompt": "p", "negative_prompt": "blurry", "tags": []}`))
	if e.negative.entry.Text != "blurry" {
		t.Fatalf("negative prompt shows %q", e.negative.entry.Text)
	}
	setField(e, "negative_prompt", "blurry, lowres")
	if s, _ := e.Manifest().ModelInfoObject().String("negative_prompt"); s != "blurry, lowres" {
		t.Errorf("negative prompt stored as %q", s)
	}
}

func TestEditorDuplicateTagsInFile(t *testing.T) {
	e := newTestEditor(t, manifestJSON(t, `{"model_name": "m", "version": "1", "date": "d",
		"prompt": "p", "tags": ["a", "a"]}`))
	test.Type(e.tags.Entry(), "b,")
	if !hasProblem(e.Problems(), "tags") || !e.tagsNote.Visible() {
		t.Fatalf("a duplicate from the file is not reported: %q", e.Problems())
	}
	e.tags.Remove("a")
	if p := e.Problems(); len(p) != 0 {
		t.Errorf("problems %q after removing the duplicate", p)
	}
	if got := e.Manifest().Tags(); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("tags %q", got)
	}
}

func manifestText(t *testing.T, m *codec.Manifest) string {
	t.Helper()
	b, err := m.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func storedChunks(t *testing.T, f *codec.File) [][]byte {
	t.Helper()
	var out [][]byte
	for _, c := range f.Chunks {
		b, err := c.Stored()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, append([]byte(nil), b...))
	}
	return out
}

// TestEditorSaveFixtures edits a file of each writer through the form,
// saves it, and checks that only what was edited changed.
func TestEditorSaveFixtures(t *testing.T) {
	for _, name := range []string{"a0_sd15_f32.gen5", "v010_sd15_f32.gen5", "upstream_2025-12-29.gen5", "upstream_2025-12-27_legacy.gen5"} {
		t.Run(name, func(t *testing.T) {
			path := fixtures.Copy(t, name, t.TempDir())
			f, err := codec.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			before := storedChunks(t, f)
			origInfo, err := f.Manifest.ModelInfo()
			if err != nil {
				t.Fatal(err)
			}

			// A key no version of the format knows, at two levels.
			m := f.Manifest.Clone()
			extra := codec.NewObject()
			extra.Set("note", "from another tool")
			m.ModelInfoObject().Set("x_custom", extra)
			m.Meta().Set("x_top", "kept")

			e := newTestEditor(t, m)
			e.prompt.entry.SetText("")
			test.Type(e.prompt.entry, "edited prompt — ünïcode")
			test.Type(e.tags.Entry(), "edited,")
			legacy := !origInfo.HasSettings
			if legacy {
				setField(e, "seed", "1234")
				setField(e, "steps", "28")
				setField(e, "sampler", "euler")
			} else {
				setField(e, "steps", "31")
			}
			if p := e.Problems(); len(p) != 0 {
				t.Fatalf("problems %q", p)
			}

			if err := saveDocument(f, e.Manifest(), path); err != nil {
				t.Fatal(err)
			}
			nf, err := codec.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer nf.Close()
			if errs := nf.Verify(); len(errs) > 0 {
				t.Fatalf("saved file fails verification: %v", errs)
			}
			after := storedChunks(t, nf)
			if len(after) != len(before) {
				t.Fatalf("%d chunks after save, %d before", len(after), len(before))
			}
			for i := range before {
				if string(before[i]) != string(after[i]) {
					t.Errorf("chunk %d's stored bytes changed", i)
				}
			}
			got, err := nf.Manifest.ModelInfo()
			if err != nil {
				t.Fatal(err)
			}
			if got.Prompt != "edited prompt — ünïcode" {
				t.Errorf("prompt %q", got.Prompt)
			}
			if want := append(origInfo.Tags, "edited"); !reflect.DeepEqual(got.Tags, want) {
				t.Errorf("tags %q, want %q", got.Tags, want)
			}
			if got.Date != origInfo.Date {
				t.Errorf("date %q, was %q", got.Date, origInfo.Date)
			}
			gs := got.GenerationSettings
			if legacy {
				if gs.Seed != 1234 || gs.Steps != 28 || gs.Sampler != "euler" {
					t.Errorf("added settings %+v", gs)
				}
			} else {
				if gs.Steps != 31 || gs.Seed != origInfo.GenerationSettings.Seed {
					t.Errorf("settings %+v", gs)
				}
			}
			js := string(nf.MetadataJSON())
			for _, s := range []string{`"x_custom": {`, `"note": "from another tool"`, `"x_top": "kept"`} {
				if !strings.Contains(js, s) {
					t.Errorf("saved metadata lost %s", s)
				}
			}
			if !legacy {
				for _, s := range []string{`"cfg_scale": 7.5,`, `"eta": 0.0,`, `"ram_gb": 64.0`} {
					if !strings.Contains(js, s) {
						t.Errorf("saved metadata respelled %s", s)
					}
				}
			}

			// The window then takes the saved manifest as the original.
			e.MarkSaved(nf.Manifest)
			if e.Dirty() {
				t.Errorf("dirty after MarkSaved:\n%s", diffHint(manifestText(t, e.Manifest()), manifestText(t, nf.Manifest)))
			}
			e.Undo()
			if !e.Dirty() || e.Manifest().ModelInfoObject() == nil {
				t.Error("undo after saving did not make the document dirty")
			}
			e.Redo()
			if e.Dirty() {
				t.Error("redo back to the saved state is dirty")
			}
		})
	}
}

// diffHint shows the first line where two texts differ.
func diffHint(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d: %q vs %q", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("lengths %d vs %d lines", len(al), len(bl))
}

// TestEditorPromptTextExact: a prompt holding tabs, markup characters,
// an emoji and CJK shows in the Edit tab character for character (every
// text the entry draws is a piece of it, no replacement character), and
// text pasted into it is stored exactly.
func TestEditorPromptTextExact(t *testing.T) {
	const prompt = "a\tcat <html> & <b>dog</b> 😀 猫の絵\tend\nline two &amp; \\t"
	body := `{"model_name": "SDXL", "version": "1.0", "prompt": ` + jsonString(prompt) + `, "tags": []}`
	e := newTestEditor(t, manifestJSON(t, body))
	en := e.prompt.entry
	if en.Text != prompt {
		t.Fatalf("the prompt entry holds %q, want %q", en.Text, prompt)
	}
	var drawn strings.Builder
	for _, o := range test.LaidOutObjects(en) {
		if tx, ok := o.(*canvas.Text); ok {
			if strings.ContainsRune(tx.Text, '\uFFFD') || !strings.Contains(prompt, strings.TrimSpace(tx.Text)) {
				t.Errorf("the entry draws %q, not a piece of the prompt", tx.Text)
			}
			drawn.WriteString(tx.Text)
		}
	}
	for _, piece := range []string{"<html>", "&", "<b>dog</b>", "😀", "猫の絵", "&amp;", `\t`} {
		if !strings.Contains(drawn.String(), piece) {
			t.Errorf("the entry does not draw %q; it draws %q", piece, drawn.String())
		}
	}

	en.SetText("")
	test.Type(en, "x")
	clip := fyne.CurrentApp().Clipboard()
	clip.SetContent(prompt)
	en.TypedShortcut(&fyne.ShortcutPaste{Clipboard: clip})
	if got := e.Manifest().Prompt(); got != "x"+prompt {
		t.Errorf("after pasting, the stored prompt is %q, want %q", got, "x"+prompt)
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestEditorAddsNegativePrompt: a file without a negative prompt still
// has the field; typing adds the key, emptying it again leaves none.
func TestEditorAddsNegativePrompt(t *testing.T) {
	e := newTestEditor(t, manifestJSON(t, legacyModelInfo))
	if !e.negative.entry.Visible() || e.negative.entry.PlaceHolder != notInFile {
		t.Fatalf("no Negative prompt field to fill (visible %v, hint %q)", e.negative.entry.Visible(), e.negative.entry.PlaceHolder)
	}
	found := false
	for _, o := range test.LaidOutObjects(e.CanvasObject()) {
		if o == e.negative.entry {
			found = true
		}
	}
	if !found {
		t.Fatal("the Negative prompt field is not in the form")
	}
	test.Type(e.negative.entry, "blurry")
	if s, ok := e.Manifest().ModelInfoObject().String("negative_prompt"); !ok || s != "blurry" {
		t.Errorf("typed negative prompt stored as %q (%v)", s, ok)
	}
	setField(e, "negative_prompt", "")
	if _, ok := e.Manifest().ModelInfoObject().Get("negative_prompt"); ok || e.Dirty() {
		t.Errorf("an emptied negative prompt the file lacked is still written (dirty %v)", e.Dirty())
	}
}
