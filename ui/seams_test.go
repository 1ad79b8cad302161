package ui

import "fyne.io/fyne/v2/widget"

// Lookups the tests use to reach a widget by what it shows.

// fieldByKey returns the input for a JSON key, or nil.
func (e *editor) fieldByKey(key string) *formField {
	for _, f := range e.fields {
		if f.Key == key {
			return f
		}
	}
	return nil
}

// find returns the ID of the row at path (keys from the top), or "".
func (t *metaTree) find(path ...string) widget.TreeNodeID {
	id := widget.TreeNodeID("")
	for _, k := range path {
		next := widget.TreeNodeID("")
		for _, c := range t.nodes[id].children {
			if t.nodes[c].key == k {
				next = c
				break
			}
		}
		if next == "" {
			return ""
		}
		id = next
	}
	return id
}
