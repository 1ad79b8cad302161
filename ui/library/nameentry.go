package library

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/gen5viewer/gen5view/ui/widgets"
)

// nameSuggestions is how many tags the new-name field offers at once.
const nameSuggestions = 5

// nameEntry is the field that types a tag's new name: while typing, the
// folder's tags that start with the text are offered below it, most used
// first, then those containing it (a tag to merge into). Down and Up
// choose one, Enter takes it, Escape hides the list; a click takes one.
type nameEntry struct {
	widget.Entry
	vocab   *widgets.TagVocabulary
	exclude func() []string // tags not to offer: the one renamed

	items    []widgets.Suggestion
	selected int
	list     *fyne.Container // the offered tags, one button each

	// onUpdate is called after the text or the list changed, so that the
	// holder lays the list out and follows the text.
	onUpdate func()
}

func newNameEntry(vocab *widgets.TagVocabulary, exclude func() []string) *nameEntry {
	e := &nameEntry{vocab: vocab, exclude: exclude, selected: -1, list: container.NewVBox()}
	e.ExtendBaseWidget(e)
	e.list.Hide()
	e.OnChanged = func(string) { e.suggest() }
	return e
}

// suggest lists the tags the text could be, leaving out the text itself.
func (e *nameEntry) suggest() {
	e.items = e.items[:0]
	text := strings.TrimSpace(e.Text)
	for _, s := range e.vocab.Suggest(text, e.exclude(), nameSuggestions+1) {
		if s.Tag != text && len(e.items) < nameSuggestions {
			e.items = append(e.items, s)
		}
	}
	e.selected = -1
	e.render()
}

func (e *nameEntry) render() {
	rows := make([]fyne.CanvasObject, len(e.items))
	for i, s := range e.items {
		b := widget.NewButton(fmt.Sprintf("%s  (%d)", s.Tag, s.Count), func() { e.take(i) })
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		if i == e.selected {
			b.Importance = widget.HighImportance
		}
		rows[i] = b
	}
	e.list.Objects = rows
	e.list.Hidden = len(rows) == 0
	e.list.Refresh()
	if e.onUpdate != nil {
		e.onUpdate()
	}
}

// take puts suggestion i in the field and hides the list.
func (e *nameEntry) take(i int) {
	if i < 0 || i >= len(e.items) {
		return
	}
	tag := e.items[i].Tag
	e.SetText(tag) // suggests again: tag itself is left out
	e.hide()
	if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil {
		c.Focus(e)
	}
}

func (e *nameEntry) hide() {
	e.items = e.items[:0]
	e.selected = -1
	e.render()
}

func (e *nameEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyDown, fyne.KeyUp:
		if len(e.items) > 0 {
			d := 1
			if k.Name == fyne.KeyUp {
				d = -1
			}
			e.selected = (e.selected + d + len(e.items) + 1) % (len(e.items) + 1)
			if e.selected == len(e.items) {
				e.selected = -1 // past either end: back to the text typed
			}
			e.render()
			return
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if e.selected >= 0 {
			e.take(e.selected)
			return
		}
	case fyne.KeyEscape:
		if len(e.items) > 0 {
			e.hide()
			return
		}
	}
	e.Entry.TypedKey(k)
}
