package library

import "slices"

// selection is the grid's selection, as in a file manager: a set of shown
// files (by index in the current result), the anchor a Shift-extension
// starts from, and the cursor, the file the keyboard moves from and the
// side panel describes. It knows nothing of widgets.
type selection struct {
	on     []bool
	count  int
	anchor int // -1 when nothing was clicked yet
	cursor int // -1 when nothing was clicked yet
}

func newSelection(n int) *selection {
	return &selection{on: make([]bool, n), anchor: -1, cursor: -1}
}

// len is the number of files selectable.
func (s *selection) len() int { return len(s.on) }

func (s *selection) has(i int) bool { return i >= 0 && i < len(s.on) && s.on[i] }

func (s *selection) set(i int, on bool) {
	if s.on[i] != on {
		s.on[i] = on
		if on {
			s.count++
		} else {
			s.count--
		}
	}
}

func (s *selection) clear() {
	for i := range s.on {
		s.on[i] = false
	}
	s.count = 0
}

// setRange selects from a to b, both included, in either order.
func (s *selection) setRange(a, b int) {
	if a > b {
		a, b = b, a
	}
	for i := max(a, 0); i <= b && i < len(s.on); i++ {
		s.set(i, true)
	}
}

// click is a click on file i: alone it selects only i; with toggle
// (Ctrl, Cmd on macOS) it adds or removes i; with extend (Shift) it
// selects from the anchor to i, replacing the selection, or adding to it
// with toggle too.
func (s *selection) click(i int, toggle, extend bool) {
	if i < 0 || i >= len(s.on) {
		return
	}
	switch {
	case extend && s.anchor >= 0:
		if !toggle {
			s.clear()
		}
		s.setRange(s.anchor, i)
	case toggle:
		s.set(i, !s.on[i])
		s.anchor = i
	default:
		s.clear()
		s.set(i, true)
		s.anchor = i
	}
	s.cursor = i
}

// move moves the cursor by delta files, clamped to the list, selecting
// only the file it lands on, or with extend the files from the anchor to
// it. With nothing selected yet it starts at the first file.
func (s *selection) move(delta int, extend bool) {
	if len(s.on) == 0 {
		return
	}
	to := s.cursor + delta
	if s.cursor < 0 {
		to = 0
	}
	to = min(max(to, 0), len(s.on)-1)
	if extend && s.anchor >= 0 {
		s.clear()
		s.setRange(s.anchor, to)
		s.cursor = to
		return
	}
	s.clear()
	s.set(to, true)
	s.anchor, s.cursor = to, to
}

// all selects every file.
func (s *selection) all() {
	for i := range s.on {
		s.set(i, true)
	}
	if s.cursor < 0 && len(s.on) > 0 {
		s.anchor, s.cursor = 0, 0
	}
}

// indices returns the selected indices in order.
func (s *selection) indices() []int {
	out := make([]int, 0, s.count)
	for i, on := range s.on {
		if on {
			out = append(out, i)
		}
	}
	return out
}

// remap carries the selection over to a new result: the files still
// shown stay selected, and the anchor and cursor follow their files (or
// move to the first file still selected when theirs is gone).
// key gives the identity (the path) of an index in the old and the new
// result.
func (s *selection) remap(n int, oldKey func(int) string, index map[string]int) *selection {
	ns := newSelection(n)
	for i, on := range s.on {
		if on {
			if j, ok := index[oldKey(i)]; ok {
				ns.set(j, true)
			}
		}
	}
	follow := func(i int) int {
		if i < 0 || i >= len(s.on) {
			return -1
		}
		if j, ok := index[oldKey(i)]; ok {
			return j
		}
		return -1
	}
	ns.anchor, ns.cursor = follow(s.anchor), follow(s.cursor)
	if ns.cursor < 0 && ns.count > 0 { // its file is filtered out: a selected one takes over
		ns.cursor = slices.Index(ns.on, true)
		ns.anchor = ns.cursor
	}
	return ns
}
