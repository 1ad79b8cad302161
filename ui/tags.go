package ui

import (
	"encoding/json"
	"fmt"
	"image/color"
	"slices"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gen5viewer/gen5view/codec"
)

// TagVocabularyKey is the preferences key the tag vocabulary is stored
// under, as a JSON object mapping each tag to how often it was seen.
const TagVocabularyKey = "tagVocabulary"

// maxVocabulary bounds the tags remembered; the least used go first.
const maxVocabulary = 2000

// Suggestion is a tag offered while typing, with how often it was seen.
type Suggestion struct {
	Tag   string
	Count int
}

// TagVocabulary counts the tags of the files opened recently, so that the
// tag editor can suggest the ones in use. It is safe for use from several
// goroutines.
type TagVocabulary struct {
	mu     sync.Mutex
	counts map[string]int
}

// NewTagVocabulary returns an empty vocabulary.
func NewTagVocabulary() *TagVocabulary {
	return &TagVocabulary{counts: map[string]int{}}
}

// LoadTagVocabulary reads the vocabulary saved in p. A missing or damaged
// value gives an empty vocabulary: suggestions are a convenience, never a
// reason to fail.
func LoadTagVocabulary(p fyne.Preferences) *TagVocabulary {
	v := NewTagVocabulary()
	if p != nil {
		v.counts = decodeVocabulary(p.String(TagVocabularyKey))
	}
	return v
}

// Save stores the vocabulary in p.
func (v *TagVocabulary) Save(p fyne.Preferences) {
	if v == nil || p == nil {
		return
	}
	v.mu.Lock()
	s := encodeVocabulary(v.counts)
	v.mu.Unlock()
	p.SetString(TagVocabularyKey, s)
}

// Record counts each of tags once (a tag listed twice counts once), the
// way a file that carries them is counted when it is opened.
func (v *TagVocabulary) Record(tags []string) {
	if v == nil {
		return
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	recordTags(v.counts, tags)
	pruneVocabulary(v.counts, maxVocabulary)
}

// Count returns how often tag was seen.
func (v *TagVocabulary) Count(tag string) int {
	if v == nil {
		return 0
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.counts[tag]
}

// Suggest returns up to n tags that start with prefix, compared without
// regard to case, followed (when fewer than n start with it) by tags that
// contain it; each group ordered by count, most used first, then by name.
// Tags in exclude (those already on the file) are left out, as is
// everything when prefix is blank.
func (v *TagVocabulary) Suggest(prefix string, exclude []string, n int) []Suggestion {
	if v == nil {
		return nil
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	return suggestTags(v.counts, prefix, exclude, n)
}

func decodeVocabulary(s string) map[string]int {
	counts := map[string]int{}
	if s == "" {
		return counts
	}
	var raw map[string]int
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return counts
	}
	for t, c := range raw {
		if n, err := codec.NormalizeTag(t); err == nil && c > 0 {
			counts[n] += c
		}
	}
	return counts
}

func encodeVocabulary(counts map[string]int) string {
	b, err := json.Marshal(counts) // keys sorted: the stored text is stable
	if err != nil {
		return "{}"
	}
	return string(b)
}

func recordTags(counts map[string]int, tags []string) {
	seen := map[string]bool{}
	for _, t := range tags {
		n, err := codec.NormalizeTag(t)
		if err != nil || seen[n] {
			continue
		}
		seen[n] = true
		counts[n]++
	}
}

// pruneVocabulary drops the least used tags (ties: the last by name) until
// at most max remain.
func pruneVocabulary(counts map[string]int, max int) {
	if len(counts) <= max {
		return
	}
	all := make([]Suggestion, 0, len(counts))
	for t, c := range counts {
		all = append(all, Suggestion{t, c})
	}
	sortSuggestions(all)
	for _, s := range all[max:] {
		delete(counts, s.Tag)
	}
}

func sortSuggestions(s []Suggestion) {
	slices.SortFunc(s, func(a, b Suggestion) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		if c := strings.Compare(strings.ToLower(a.Tag), strings.ToLower(b.Tag)); c != 0 {
			return c
		}
		return strings.Compare(a.Tag, b.Tag)
	})
}

func suggestTags(counts map[string]int, prefix string, exclude []string, n int) []Suggestion {
	p := strings.ToLower(strings.TrimSpace(prefix))
	if p == "" || n <= 0 {
		return nil
	}
	skip := make(map[string]bool, len(exclude))
	for _, t := range exclude {
		skip[strings.ToLower(strings.TrimSpace(t))] = true
	}
	var starts, contains []Suggestion
	for t, c := range counts {
		lt := strings.ToLower(t)
		switch {
		case skip[lt]:
		case strings.HasPrefix(lt, p):
			starts = append(starts, Suggestion{t, c})
		case strings.Contains(lt, p):
			contains = append(contains, Suggestion{t, c})
		}
	}
	sortSuggestions(starts)
	sortSuggestions(contains)
	out := append(starts, contains...)
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// maxSuggestions is how many suggestions the tag editor lists at once.
const maxSuggestions = 6

// messageTime is how long a refusal stays under the tag entry.
const messageTime = 4 * time.Second

// TagEditor edits a list of tags: each is shown as a chip with a button
// that removes it, the chips wrap onto as many rows as they need, and an
// entry below adds more. Enter or a comma adds the tag typed; Backspace in
// the empty entry removes the last tag. While typing, tags from the
// vocabulary are offered below the entry: Down and Up choose one, Enter or
// a click takes it. A blank tag or one already there is refused, with the
// reason shown under the entry for a few seconds.
type TagEditor struct {
	widget.BaseWidget

	// OnChanged is called with the new list after every change the user
	// makes (not after SetTags).
	OnChanged func(tags []string)

	// onUndo and onRedo receive the undo and redo shortcuts typed in the
	// entry, so that they undo the whole form's edits instead of the
	// entry's own text.
	onUndo, onRedo func()
	// onHeightChanged is called when the chips need another number of
	// rows, so that whoever holds the editor can lay it out again.
	onHeightChanged func()

	vocab       *TagVocabulary
	tags        []string
	chips       *fyne.Container
	flow        *flowLayout
	entry       *tagEntry
	message     *widget.Label
	msgTimer    *time.Timer
	suggestBox  *fyne.Container // the list's frame
	suggestBg   *canvas.Rectangle
	suggestRows *fyne.Container // one suggestionRow each
	suggestions []Suggestion
	selected    int
	content     *fyne.Container
}

// NewTagEditor returns a tag editor with no tags, suggesting from vocab
// (which may be nil for none).
func NewTagEditor(vocab *TagVocabulary) *TagEditor {
	t := &TagEditor{vocab: vocab, selected: -1}
	t.ExtendBaseWidget(t)
	t.flow = &flowLayout{}
	t.flow.onHeightChanged = func() {
		if t.onHeightChanged != nil {
			t.onHeightChanged()
		}
	}
	t.chips = container.New(t.flow)
	t.entry = newTagEntry(t)
	t.message = widget.NewLabel("")
	t.message.Importance = widget.DangerImportance
	t.message.SizeName = theme.SizeNameCaptionText
	t.message.Wrapping = fyne.TextWrapWord
	t.message.Hide()
	t.suggestBg = canvas.NewRectangle(color.Transparent)
	t.suggestRows = container.New(layout.NewCustomPaddedVBoxLayout(0))
	t.suggestBox = container.NewStack(t.suggestBg, container.NewPadded(t.suggestRows))
	t.suggestBox.Hide()
	t.chips.Hide()
	t.content = container.NewVBox(t.chips, t.entry, t.message, t.suggestBox)
	return t
}

// CreateRenderer is part of fyne.Widget.
func (t *TagEditor) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(t.content)
}

// Tags returns the tags shown, in order.
func (t *TagEditor) Tags() []string { return slices.Clone(t.tags) }

// SetTags replaces the tags shown, without calling OnChanged.
func (t *TagEditor) SetTags(tags []string) {
	t.tags = slices.Clone(tags)
	t.rebuildChips()
	t.updateSuggestions()
}

// Suggestions returns the suggestions listed under the entry.
func (t *TagEditor) Suggestions() []Suggestion { return slices.Clone(t.suggestions) }

// Message returns the refusal shown under the entry, or "".
func (t *TagEditor) Message() string {
	if !t.message.Visible() {
		return ""
	}
	return t.message.Text
}

// add adds a tag after the same checks Manifest.AddTag makes, or shows
// why not. It reports whether the tag was added.
func (t *TagEditor) add(raw string) bool {
	tag, err := codec.NormalizeTag(raw)
	if err != nil {
		t.showMessage("A tag cannot be blank.")
		return false
	}
	if slices.Contains(t.tags, tag) {
		t.showMessage(fmt.Sprintf("“%s” is already a tag.", tag))
		return false
	}
	t.tags = append(t.tags, tag)
	t.rebuildChips()
	t.changed()
	return true
}

func (t *TagEditor) remove(tag string) {
	i := slices.Index(t.tags, tag)
	if i < 0 {
		return
	}
	t.tags = slices.Delete(t.tags, i, i+1)
	t.rebuildChips()
	t.updateSuggestions()
	t.changed()
}

func (t *TagEditor) removeLast() {
	if len(t.tags) > 0 {
		t.remove(t.tags[len(t.tags)-1])
	}
}

func (t *TagEditor) changed() {
	if t.OnChanged != nil {
		t.OnChanged(t.Tags())
	}
}

// commit adds the chosen suggestion, or else the text typed, and empties
// the entry when that worked.
func (t *TagEditor) commit() {
	text := t.entry.Text
	if t.selected >= 0 && t.selected < len(t.suggestions) {
		text = t.suggestions[t.selected].Tag
	}
	if t.add(text) {
		t.entry.SetText("")
	}
}

// accept adds suggestion i, as a click on it does.
func (t *TagEditor) accept(i int) {
	if i < 0 || i >= len(t.suggestions) {
		return
	}
	if t.add(t.suggestions[i].Tag) {
		t.entry.SetText("")
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(t.entry); c != nil {
		c.Focus(t.entry)
	}
}

// textChanged follows the entry: a comma typed or pasted ends a tag, and
// the suggestions follow what is left.
func (t *TagEditor) textChanged(s string) {
	t.hideMessage()
	if strings.Contains(s, ",") {
		parts := strings.Split(s, ",")
		rest := parts[len(parts)-1]
		for _, p := range parts[:len(parts)-1] {
			if strings.TrimSpace(p) != "" {
				t.add(p)
			}
		}
		t.entry.SetText(rest) // calls back here without a comma
		return
	}
	t.updateSuggestions()
}

func (t *TagEditor) updateSuggestions() {
	t.suggestions = t.vocab.Suggest(t.entry.Text, t.tags, maxSuggestions)
	t.selected = -1
	t.renderSuggestions()
}

func (t *TagEditor) moveSelection(d int) bool {
	if len(t.suggestions) == 0 {
		return false
	}
	t.selected += d
	if t.selected < -1 {
		t.selected = len(t.suggestions) - 1
	} else if t.selected >= len(t.suggestions) {
		t.selected = -1
	}
	t.renderSuggestions()
	return true
}

func (t *TagEditor) hideSuggestions() {
	t.suggestions = nil
	t.selected = -1
	t.renderSuggestions()
}

func (t *TagEditor) renderSuggestions() {
	rows := make([]fyne.CanvasObject, len(t.suggestions))
	for i, s := range t.suggestions {
		rows[i] = newSuggestionRow(s, i == t.selected, func() { t.accept(i) })
	}
	wasVisible := t.suggestBox.Visible()
	t.suggestRows.Objects = rows
	if len(rows) == 0 {
		t.suggestBox.Hide()
	} else {
		th := t.Theme()
		v := fyne.CurrentApp().Settings().ThemeVariant()
		t.suggestBg.FillColor = th.Color(theme.ColorNameMenuBackground, v)
		t.suggestBg.StrokeColor = th.Color(theme.ColorNameInputBorder, v)
		t.suggestBg.StrokeWidth = 1
		t.suggestBg.CornerRadius = th.Size(theme.SizeNameInputRadius)
		t.suggestBox.Show()
	}
	t.suggestBox.Refresh()
	t.relayout(wasVisible || len(rows) > 0)
}

func (t *TagEditor) showMessage(msg string) {
	if t.msgTimer != nil {
		t.msgTimer.Stop()
	}
	t.message.SetText(msg)
	t.message.Show()
	t.relayout(true)
	// Through runOnUI, so that the timer's update takes its turn with
	// the updates background work hands over.
	t.msgTimer = time.AfterFunc(messageTime, func() {
		runOnUI(func() {
			if t.message.Text == msg {
				t.hideMessage()
			}
		})
	})
}

// stopTimers keeps a refusal shown now from being cleared later, for an
// editor taken out of its window: a timer must not touch widgets that are
// no longer shown.
func (t *TagEditor) stopTimers() {
	if t.msgTimer != nil {
		t.msgTimer.Stop()
	}
}

func (t *TagEditor) hideMessage() {
	if !t.message.Visible() {
		return
	}
	t.message.Hide()
	t.relayout(true)
}

func (t *TagEditor) rebuildChips() {
	objs := make([]fyne.CanvasObject, len(t.tags))
	for i, tag := range t.tags {
		objs[i] = container.NewThemeOverride(newTagChip(tag, func() { t.remove(tag) }), compactTheme{})
	}
	t.chips.Objects = objs
	if len(objs) == 0 {
		t.chips.Hide()
	} else {
		t.chips.Show()
	}
	t.relayout(true)
}

// relayout lays the editor out again after its height may have changed.
func (t *TagEditor) relayout(heightChanged bool) {
	t.content.Refresh()
	if heightChanged && t.onHeightChanged != nil {
		t.onHeightChanged()
	}
}

// suggestionRow is one line of the suggestion list: the tag, and in a
// quieter colour how often it was seen. The row chosen with the arrow keys
// is highlighted; a click takes it.
type suggestionRow struct {
	widget.BaseWidget
	s        Suggestion
	selected bool
	hovered  bool
	onTap    func()
}

func newSuggestionRow(s Suggestion, selected bool, onTap func()) *suggestionRow {
	r := &suggestionRow{s: s, selected: selected, onTap: onTap}
	r.ExtendBaseWidget(r)
	return r
}

// Text is the row as read: "tag (count)".
func (r *suggestionRow) Text() string { return fmt.Sprintf("%s (%d)", r.s.Tag, r.s.Count) }

func (r *suggestionRow) Tapped(*fyne.PointEvent) {
	if r.onTap != nil {
		r.onTap()
	}
}

func (r *suggestionRow) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (r *suggestionRow) MouseIn(*desktop.MouseEvent) {
	r.hovered = true
	r.Refresh()
}

func (r *suggestionRow) MouseMoved(*desktop.MouseEvent) {}

func (r *suggestionRow) MouseOut() {
	r.hovered = false
	r.Refresh()
}

func (r *suggestionRow) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(color.Transparent)
	text := widget.NewRichText(
		&widget.TextSegment{Text: r.s.Tag, Style: widget.RichTextStyleInline},
		&widget.TextSegment{Text: fmt.Sprintf("  (%d)", r.s.Count), Style: widget.RichTextStyle{
			Inline: true, ColorName: theme.ColorNamePlaceHolder, SizeName: theme.SizeNameText,
		}},
	)
	rr := &suggestionRowRenderer{row: r, bg: bg, text: text}
	rr.Refresh()
	return rr
}

type suggestionRowRenderer struct {
	row  *suggestionRow
	bg   *canvas.Rectangle
	text *widget.RichText
}

func (rr *suggestionRowRenderer) Destroy() {}

func (rr *suggestionRowRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{rr.bg, rr.text}
}

func (rr *suggestionRowRenderer) MinSize() fyne.Size { return rr.text.MinSize() }

func (rr *suggestionRowRenderer) Layout(size fyne.Size) {
	rr.bg.Resize(size)
	rr.text.Resize(size)
}

func (rr *suggestionRowRenderer) Refresh() {
	th := rr.row.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	switch {
	case rr.row.selected:
		rr.bg.FillColor = th.Color(theme.ColorNameSelection, v)
	case rr.row.hovered:
		rr.bg.FillColor = th.Color(theme.ColorNameHover, v)
	default:
		rr.bg.FillColor = color.Transparent
	}
	rr.bg.CornerRadius = th.Size(theme.SizeNameSelectionRadius)
	rr.bg.Refresh()
	rr.text.Refresh()
}

// tagEntry is the entry that types a new tag: it turns Enter and a comma
// into "add", Backspace when empty into "remove the last", and Up/Down into
// moves through the suggestions.
type tagEntry struct {
	widget.Entry
	owner *TagEditor
}

func newTagEntry(owner *TagEditor) *tagEntry {
	e := &tagEntry{owner: owner}
	e.ExtendBaseWidget(e)
	e.PlaceHolder = "Add a tag: type it, then Enter or a comma"
	e.OnChanged = owner.textChanged
	return e
}

func (e *tagEntry) TypedRune(r rune) {
	if r == ',' {
		e.owner.commit()
		return
	}
	e.Entry.TypedRune(r)
}

func (e *tagEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		e.owner.commit()
		return
	case fyne.KeyBackspace:
		if e.Text == "" {
			e.owner.removeLast()
			return
		}
	case fyne.KeyDown:
		if e.owner.moveSelection(1) {
			return
		}
	case fyne.KeyUp:
		if e.owner.moveSelection(-1) {
			return
		}
	case fyne.KeyEscape:
		if len(e.owner.suggestions) > 0 {
			e.owner.hideSuggestions()
			return
		}
	}
	e.Entry.TypedKey(k)
}

func (e *tagEntry) TypedShortcut(s fyne.Shortcut) {
	if forwardUndo(s, e.owner.onUndo, e.owner.onRedo) {
		return
	}
	e.Entry.TypedShortcut(s)
}

// forwardUndo sends the undo and redo shortcuts (Ctrl+Z; Ctrl+Y and
// Ctrl+Shift+Z) to the form's history instead of one entry's, and reports
// whether it did.
func forwardUndo(s fyne.Shortcut, undo, redo func()) bool {
	if undo == nil || redo == nil {
		return false
	}
	switch sc := s.(type) {
	case *fyne.ShortcutUndo:
		undo()
		return true
	case *fyne.ShortcutRedo:
		redo()
		return true
	case *desktop.CustomShortcut:
		if sc.KeyName == fyne.KeyZ && sc.Modifier&fyne.KeyModifierShift != 0 &&
			sc.Modifier&(fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0 {
			redo()
			return true
		}
	}
	return false
}

// tagChip shows one tag: its name on a rounded background, with a small
// button that removes it.
type tagChip struct {
	widget.BaseWidget
	tag      string
	onRemove func()
}

func newTagChip(tag string, onRemove func()) *tagChip {
	c := &tagChip{tag: tag, onRemove: onRemove}
	c.ExtendBaseWidget(c)
	return c
}

func (c *tagChip) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(color.Transparent)
	label := widget.NewLabel(c.tag)
	remove := widget.NewButtonWithIcon("", theme.CancelIcon(), c.onRemove)
	remove.Importance = widget.LowImportance
	r := &tagChipRenderer{chip: c, bg: bg, label: label, remove: remove, measure: widget.NewLabel(c.tag)}
	r.Refresh()
	return r
}

type tagChipRenderer struct {
	chip   *tagChip
	bg     *canvas.Rectangle
	label  *widget.Label
	remove *widget.Button
	// measure is the name untruncated, never shown: its MinSize is the
	// width the chip wants.
	measure *widget.Label
}

func (r *tagChipRenderer) Destroy() {}

func (r *tagChipRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.label, r.remove}
}

// labelWidth is the width the tag's name needs untruncated.
func (r *tagChipRenderer) labelWidth() float32 {
	return r.measure.MinSize().Width
}

func (r *tagChipRenderer) MinSize() fyne.Size {
	b := r.remove.MinSize()
	h := fyne.Max(r.label.MinSize().Height, b.Height)
	return fyne.NewSize(r.indent()+r.labelWidth()+b.Width, h)
}

func (r *tagChipRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	r.bg.CornerRadius = size.Height / 2
	b := r.remove.MinSize()
	r.remove.Resize(b)
	r.remove.Move(fyne.NewPos(size.Width-b.Width, (size.Height-b.Height)/2))
	// Truncate only a chip narrowed below its name's width: the
	// truncating text measures a little differently, and would cut names
	// that fit.
	w := size.Width - b.Width - r.indent()
	trunc := fyne.TextTruncateOff
	if w < r.labelWidth() {
		trunc = fyne.TextTruncateEllipsis
	}
	if r.label.Truncation != trunc {
		r.label.Truncation = trunc
		r.label.Refresh()
	}
	r.label.Resize(fyne.NewSize(w, size.Height))
	r.label.Move(fyne.NewPos(r.indent(), 0))
}

// indent moves the name in from the chip's rounded end.
func (r *tagChipRenderer) indent() float32 {
	return r.chip.Theme().Size(theme.SizeNamePadding)
}

func (r *tagChipRenderer) Refresh() {
	th := r.chip.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	// A tint of the primary colour stands out on the light theme's white
	// as well as on the dark theme's grey, where the button colour does not.
	r.bg.FillColor = withAlpha(th.Color(theme.ColorNamePrimary, v), 0x38)
	r.bg.StrokeColor = withAlpha(th.Color(theme.ColorNamePrimary, v), 0x70)
	r.bg.StrokeWidth = 1
	r.bg.Refresh()
	r.label.Refresh()
	r.remove.Refresh()
}

// withAlpha returns c with its opacity set to a (0–255).
func withAlpha(c color.Color, a uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}

// compactTheme is the app's theme with less padding and a smaller icon,
// for the tag chips: many fit in a row and the remove buttons do not
// outweigh the names.
type compactTheme struct{}

func (compactTheme) base() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

func (t compactTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return t.base().Color(n, v)
}

func (t compactTheme) Font(s fyne.TextStyle) fyne.Resource { return t.base().Font(s) }

func (t compactTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base().Icon(n) }

func (t compactTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameInnerPadding:
		return t.base().Size(n) / 2
	case theme.SizeNameInlineIcon:
		return t.base().Size(n) * 0.8
	}
	return t.base().Size(n)
}

// flowLayout places objects left to right at their minimum widths and
// starts a new row when the next one does not fit, like words in a
// paragraph; an object wider than the row is narrowed to the row's width.
// Its minimum height is that of the rows at the width it was last laid out
// at, so whoever holds it must lay it out again when that changes:
// onHeightChanged says when.
type flowLayout struct {
	width           float32
	height          float32
	onHeightChanged func()
}

func (l *flowLayout) gaps() (h, v float32) {
	p := theme.Padding()
	return p, p
}

// arrange computes where each visible object goes in rows of the given
// width, and the total height.
func (l *flowLayout) arrange(objects []fyne.CanvasObject, width float32, place bool) float32 {
	hgap, vgap := l.gaps()
	var x, y, rowH float32
	first := true
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		s := o.MinSize()
		if width > 0 && s.Width > width {
			s.Width = width
		}
		if !first && width > 0 && x+s.Width > width {
			x = 0
			y += rowH + vgap
			rowH = 0
		}
		if place {
			o.Resize(s)
			o.Move(fyne.NewPos(x, y))
		}
		x += s.Width + hgap
		rowH = fyne.Max(rowH, s.Height)
		first = false
	}
	return y + rowH
}

func (l *flowLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var w float32
	for _, o := range objects {
		if o.Visible() {
			w = fyne.Max(w, o.MinSize().Width)
		}
	}
	// A chip may be narrowed, so do not let a long tag widen the window.
	w = fyne.Min(w, 8*theme.IconInlineSize())
	l.height = l.arrange(objects, l.width, false)
	return fyne.NewSize(w, l.height)
}

func (l *flowLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	h := l.arrange(objects, size.Width, true)
	if h != l.height {
		l.height = h
		if l.onHeightChanged != nil {
			fyne.Do(l.onHeightChanged)
		}
	}
}
