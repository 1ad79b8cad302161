package widgets

import (
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func TestTagSuggest(t *testing.T) {
	counts := map[string]int{
		"puppy": 3, "Pug": 3, "pupil": 1, "spud": 9, "cat": 5, "Puppet": 2,
	}
	tests := []struct {
		name    string
		prefix  string
		exclude []string
		n       int
		want    []Suggestion
	}{
		{"prefix by count then name, case-insensitive", "pu", nil, 10,
			[]Suggestion{{"Pug", 3}, {"puppy", 3}, {"Puppet", 2}, {"pupil", 1}, {"spud", 9}}},
		{"upper-case prefix", "PUP", nil, 10,
			[]Suggestion{{"puppy", 3}, {"Puppet", 2}, {"pupil", 1}}},
		{"limit", "pu", nil, 2, []Suggestion{{"Pug", 3}, {"puppy", 3}}},
		{"exclude ignores case", "pu", []string{"pug", " puppy "}, 10,
			[]Suggestion{{"Puppet", 2}, {"pupil", 1}, {"spud", 9}}},
		{"substring fallback only", "ud", nil, 10, []Suggestion{{"spud", 9}}},
		{"blank prefix", "  ", nil, 10, nil},
		{"nothing matches", "zebra", nil, 10, nil},
		{"zero wanted", "pu", nil, 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := suggestTags(counts, tc.prefix, tc.exclude, tc.n)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("suggestTags(%q) = %v, want %v", tc.prefix, got, tc.want)
			}
		})
	}
}

func TestTagVocabularyRecordAndPersist(t *testing.T) {
	a := test.NewTempApp(t)
	p := a.Preferences()

	v := LoadTagVocabulary(p)
	if got := v.Suggest("d", nil, 5); got != nil {
		t.Fatalf("empty preferences gave suggestions %v", got)
	}
	v.Record([]string{"dog", " dog ", "", "  ", "cat"}) // one file: dog once
	v.Record([]string{"dog", "dune"})
	v.Save(p)

	w := LoadTagVocabulary(p)
	want := []Suggestion{{"dog", 2}, {"dune", 1}}
	if got := w.Suggest("d", nil, 5); !reflect.DeepEqual(got, want) {
		t.Errorf("after reload Suggest(d) = %v, want %v", got, want)
	}
	if c := w.Count("cat"); c != 1 {
		t.Errorf("Count(cat) = %d, want 1", c)
	}

	p.SetString(TagVocabularyKey, "{not json")
	if got := LoadTagVocabulary(p).Suggest("d", nil, 5); got != nil {
		t.Errorf("damaged preference gave %v, want nothing", got)
	}
	p.SetString(TagVocabularyKey, `{"ok": 2, "  ": 4, "neg": -1}`)
	if got := LoadTagVocabulary(p).Suggest("o", nil, 5); !reflect.DeepEqual(got, []Suggestion{{"ok", 2}}) {
		t.Errorf("partly bad preference gave %v", got)
	}

	var nilVocab *TagVocabulary
	nilVocab.Record([]string{"x"})
	if nilVocab.Suggest("x", nil, 3) != nil {
		t.Error("a nil vocabulary suggested something")
	}
}

func TestTagVocabularyPrune(t *testing.T) {
	counts := map[string]int{"a": 5, "b": 1, "c": 3, "d": 1}
	pruneVocabulary(counts, 2)
	if !reflect.DeepEqual(counts, map[string]int{"a": 5, "c": 3}) {
		t.Errorf("pruned to %v", counts)
	}
}

// newTestTagEditor shows a tag editor in a test window and records what
// OnChanged reports.
func newTestTagEditor(t *testing.T, vocab *TagVocabulary, tags ...string) (*TagEditor, *[][]string) {
	t.Helper()
	test.NewTempApp(t)
	te := NewTagEditor(vocab)
	t.Cleanup(te.StopTimers) // a refusal's timer must not outlive the test
	te.SetTags(tags)
	var changes [][]string
	te.OnChanged = func(tags []string) { changes = append(changes, tags) }
	w := test.NewTempWindow(t, te)
	w.Resize(fyne.NewSize(400, 300))
	return te, &changes
}

func pressEnter(e fyne.Focusable) {
	e.(interface{ TypedKey(*fyne.KeyEvent) }).TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

func typeKey(e fyne.Focusable, name fyne.KeyName) {
	e.(interface{ TypedKey(*fyne.KeyEvent) }).TypedKey(&fyne.KeyEvent{Name: name})
}

func TestTagEditorCommaAndEnterAdd(t *testing.T) {
	te, changes := newTestTagEditor(t, nil, "cat")
	test.Type(te.entry, "dog,")
	test.Type(te.entry, "  big bird ")
	pressEnter(te.entry)
	want := []string{"cat", "dog", "big bird"}
	if got := te.Tags(); !reflect.DeepEqual(got, want) {
		t.Fatalf("tags = %q, want %q", got, want)
	}
	if te.entry.Text != "" {
		t.Errorf("entry kept %q after adding", te.entry.Text)
	}
	if len(*changes) != 2 || !reflect.DeepEqual((*changes)[1], want) {
		t.Errorf("OnChanged calls = %q", *changes)
	}
	if n := len(te.chips.Objects); n != 3 {
		t.Errorf("%d chips shown, want 3", n)
	}
}

func TestTagEditorPasteWithCommas(t *testing.T) {
	te, _ := newTestTagEditor(t, nil)
	te.entry.SetText("a, b,,c") // as a paste arrives: all at once
	if got := te.Tags(); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("tags = %q, want [a b]", got)
	}
	if te.entry.Text != "c" {
		t.Errorf("entry = %q, want the unfinished %q", te.entry.Text, "c")
	}
}

func TestTagEditorDuplicateRefused(t *testing.T) {
	te, changes := newTestTagEditor(t, nil, "dog")
	test.Type(te.entry, " dog")
	pressEnter(te.entry)
	if got := te.Tags(); !reflect.DeepEqual(got, []string{"dog"}) {
		t.Errorf("tags = %q after a duplicate", got)
	}
	if msg := te.Message(); msg != "“dog” is already a tag." {
		t.Errorf("message = %q", msg)
	}
	if te.entry.Text != " dog" {
		t.Errorf("entry = %q: the refused text should stay to be fixed", te.entry.Text)
	}
	if len(*changes) != 0 {
		t.Errorf("OnChanged called for a refused tag: %q", *changes)
	}
	test.Type(te.entry, "s")
	if msg := te.Message(); msg != "" {
		t.Errorf("message %q still shown after typing on", msg)
	}
}

func TestTagEditorBlankRefused(t *testing.T) {
	te, changes := newTestTagEditor(t, nil, "dog")
	test.Type(te.entry, "   ,")
	if msg := te.Message(); !strings.Contains(msg, "blank") {
		t.Errorf("message = %q, want the blank refusal", msg)
	}
	te.entry.SetText("")
	pressEnter(te.entry)
	if msg := te.Message(); !strings.Contains(msg, "blank") {
		t.Errorf("Enter on empty: message = %q", msg)
	}
	if len(*changes) != 0 || len(te.Tags()) != 1 {
		t.Errorf("blank tag changed the tags: %q", te.Tags())
	}
}

func TestTagEditorBackspaceRemovesLast(t *testing.T) {
	te, changes := newTestTagEditor(t, nil, "a", "b", "c")
	test.Type(te.entry, "x")
	typeKey(te.entry, fyne.KeyBackspace) // deletes the x
	if got := te.Tags(); len(got) != 3 {
		t.Fatalf("Backspace in a non-empty entry removed a tag: %q", got)
	}
	typeKey(te.entry, fyne.KeyBackspace)
	if got := te.Tags(); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("tags = %q, want [a b]", got)
	}
	typeKey(te.entry, fyne.KeyBackspace)
	typeKey(te.entry, fyne.KeyBackspace)
	typeKey(te.entry, fyne.KeyBackspace) // nothing left: no-op
	if got := te.Tags(); len(got) != 0 {
		t.Errorf("tags = %q, want none", got)
	}
	if len(*changes) != 3 {
		t.Errorf("%d OnChanged calls, want 3", len(*changes))
	}
}

func TestTagEditorChipRemoveButton(t *testing.T) {
	te, _ := newTestTagEditor(t, nil, "a", "b")
	chip := te.chips.Objects[0].(*container.ThemeOverride).Content.(*tagChip)
	r := test.WidgetRenderer(chip).(*tagChipRenderer)
	test.Tap(r.remove)
	if got := te.Tags(); !reflect.DeepEqual(got, []string{"b"}) {
		t.Errorf("tags = %q after removing a", got)
	}
}

func TestTagEditorSuggestionAccepted(t *testing.T) {
	vocab := NewTagVocabulary()
	vocab.Record([]string{"puppy"})
	vocab.Record([]string{"puppy"})
	vocab.Record([]string{"puppy", "pumpkin"})

	te, _ := newTestTagEditor(t, vocab)
	test.Type(te.entry, "pu")
	want := []Suggestion{{"puppy", 3}, {"pumpkin", 1}}
	if got := te.Suggestions(); !reflect.DeepEqual(got, want) {
		t.Fatalf("suggestions = %v, want %v", got, want)
	}
	if !te.suggestBox.Visible() || len(te.suggestRows.Objects) != 2 {
		t.Fatal("suggestions are not listed under the entry")
	}
	if r := te.suggestRows.Objects[0].(*suggestionRow); r.Text() != "puppy (3)" {
		t.Errorf("first suggestion reads %q", r.Text())
	}

	// Down then Enter takes the highlighted one, not the text typed.
	typeKey(te.entry, fyne.KeyDown)
	if r := te.suggestRows.Objects[0].(*suggestionRow); !r.selected {
		t.Error("Down did not highlight the first suggestion")
	}
	pressEnter(te.entry)
	if got := te.Tags(); !reflect.DeepEqual(got, []string{"puppy"}) {
		t.Fatalf("tags = %q, want [puppy]", got)
	}
	if te.entry.Text != "" || te.suggestBox.Visible() {
		t.Error("entry or suggestions not cleared after accepting")
	}

	// A click takes one too; tags already there are not offered again.
	test.Type(te.entry, "PU")
	if got := te.Suggestions(); !reflect.DeepEqual(got, []Suggestion{{"pumpkin", 1}}) {
		t.Fatalf("suggestions = %v, want only pumpkin", got)
	}
	test.Tap(te.suggestRows.Objects[0].(*suggestionRow))
	if got := te.Tags(); !reflect.DeepEqual(got, []string{"puppy", "pumpkin"}) {
		t.Errorf("tags = %q after clicking a suggestion", got)
	}

	test.Type(te.entry, "p")
	if len(te.Suggestions()) != 0 {
		t.Errorf("suggested %v although both tags are there", te.Suggestions())
	}
}

func TestTagEditorSuggestionKeys(t *testing.T) {
	vocab := NewTagVocabulary()
	vocab.Record([]string{"dog", "dune", "dusk"})
	te, _ := newTestTagEditor(t, vocab)
	test.Type(te.entry, "d")
	typeKey(te.entry, fyne.KeyUp) // wraps to the last
	if te.selected != 2 {
		t.Errorf("Up selected %d, want 2", te.selected)
	}
	typeKey(te.entry, fyne.KeyEscape)
	if len(te.Suggestions()) != 0 || te.suggestBox.Visible() {
		t.Error("Escape did not close the suggestions")
	}
	pressEnter(te.entry) // the text typed, "d"
	if got := te.Tags(); !reflect.DeepEqual(got, []string{"d"}) {
		t.Errorf("tags = %q, want [d]", got)
	}
}

func TestFlowLayoutWraps(t *testing.T) {
	test.NewTempApp(t)
	objs := []fyne.CanvasObject{}
	for _, w := range []float32{60, 60, 60, 300} {
		r := widget.NewLabel("")
		objs = append(objs, &fixedMin{CanvasObject: r, min: fyne.NewSize(w, 20)})
	}
	l := &flowLayout{}
	l.Layout(objs, fyne.NewSize(150, 0))
	pad := theme.Padding()
	if objs[0].Position() != fyne.NewPos(0, 0) || objs[1].Position() != fyne.NewPos(60+pad, 0) {
		t.Errorf("first row at %v %v", objs[0].Position(), objs[1].Position())
	}
	if objs[2].Position() != fyne.NewPos(0, 20+pad) {
		t.Errorf("third object at %v, want the second row", objs[2].Position())
	}
	if objs[3].Size().Width != 150 || objs[3].Position().Y != 2*(20+pad) {
		t.Errorf("too-wide object at %v size %v, want narrowed on its own row", objs[3].Position(), objs[3].Size())
	}
	if h := l.MinSize(objs).Height; h != 3*20+2*pad {
		t.Errorf("MinSize height %v at width 150", h)
	}
	l.Layout(objs, fyne.NewSize(1000, 0))
	if h := l.MinSize(objs).Height; h != 20 {
		t.Errorf("MinSize height %v at width 1000, want one row", h)
	}
}

// fixedMin is an object with a given minimum size.
type fixedMin struct {
	fyne.CanvasObject
	min fyne.Size
}

func (f *fixedMin) MinSize() fyne.Size { return f.min }
