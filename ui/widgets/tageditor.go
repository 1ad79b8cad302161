package widgets

import (
	"fmt"
	"image/color"
	"slices"
	"strings"
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

	// OnUndo and OnRedo receive the undo and redo shortcuts typed in the
	// entry, so that they undo the whole form's edits instead of the
	// entry's own text.
	OnUndo, OnRedo func()
	// OnHeightChanged is called when the chips need another number of
	// rows, so that whoever holds the editor can lay it out again.
	OnHeightChanged func()
	// RunOnUI runs the editor's timed updates (hiding a refusal) on the UI
	// goroutine; nil means fyne.Do.
	RunOnUI func(func())

	vocab       *TagVocabulary
	tags        []string
	chips       *fyne.Container
	flow        *flowLayout
	entry       *TagEntry
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
		if t.OnHeightChanged != nil {
			t.OnHeightChanged()
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

// Entry returns the entry that types a new tag.
func (t *TagEditor) Entry() *TagEntry { return t.entry }

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

// Remove removes a tag, as its chip's button does.
func (t *TagEditor) Remove(tag string) {
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
		t.Remove(t.tags[len(t.tags)-1])
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
	// Through RunOnUI, so that the timer's update takes its turn with
	// the updates background work hands over.
	t.msgTimer = time.AfterFunc(messageTime, func() {
		runOnUI(t.RunOnUI, func() {
			if t.message.Text == msg {
				t.hideMessage()
			}
		})
	})
}

// StopTimers keeps a refusal shown now from being cleared later, for an
// editor taken out of its window: a timer must not touch widgets that are
// no longer shown.
func (t *TagEditor) StopTimers() {
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
		objs[i] = container.NewThemeOverride(newTagChip(tag, func() { t.Remove(tag) }), Compact{InnerPadding: 0.5, InlineIcon: 0.8})
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
	if heightChanged && t.OnHeightChanged != nil {
		t.OnHeightChanged()
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
