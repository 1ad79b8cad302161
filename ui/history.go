package ui

import (
	"time"

	"github.com/gen5viewer/gen5view/codec"
)

// defaultHistoryLimit is how many steps a history keeps unless told
// otherwise.
const defaultHistoryLimit = 200

// defaultCoalesceWindow is how close together two changes to the same
// field must come to count as one step: typing a word is undone at once,
// not letter by letter.
const defaultCoalesceWindow = time.Second

// history is the undo and redo list of one document's edits. It keeps whole
// manifest snapshots (a manifest is a few kilobytes), so an undo restores
// exactly what was there, unknown keys and number spellings included.
type history struct {
	// Limit is how many steps can be undone; the oldest are forgotten
	// first. Zero means defaultHistoryLimit.
	Limit int
	// Window is how soon after the previous change another change to the
	// same field merges with it. Zero means defaultCoalesceWindow.
	Window time.Duration
	// Now tells the time; tests replace it. Nil means time.Now.
	Now func() time.Time

	states   []*codec.Manifest
	cur      int
	lastKey  string
	lastTime time.Time
}

// newHistory returns a history whose starting point is initial, with
// nothing to undo.
func newHistory(initial *codec.Manifest) *history {
	return &history{states: []*codec.Manifest{initial.Clone()}}
}

func (h *history) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

func (h *history) limit() int {
	if h.Limit > 0 {
		return h.Limit
	}
	return defaultHistoryLimit
}

func (h *history) window() time.Duration {
	if h.Window > 0 {
		return h.Window
	}
	return defaultCoalesceWindow
}

// Push records m (a copy of it) as the newest state, after the one shown,
// and forgets whatever could have been redone. field names what changed
// ("prompt", "steps"): a change to the same field within Window of the
// previous one replaces that step instead of adding one, and a step that
// ends where it started disappears. An empty field never merges. Push
// reports whether the history changed; it does not when m equals the
// current state.
func (h *history) Push(m *codec.Manifest, field string) bool {
	if m.Equal(h.states[h.cur]) {
		return false
	}
	now := h.now()
	merge := field != "" && field == h.lastKey && h.cur > 0 &&
		h.cur == len(h.states)-1 && now.Sub(h.lastTime) < h.window()
	h.states = h.states[:h.cur+1]
	if merge {
		if m.Equal(h.states[h.cur-1]) {
			// Typed and then taken back: no step at all.
			h.states = h.states[:h.cur]
			h.cur--
			h.lastKey = ""
			return true
		}
		h.states[h.cur] = m.Clone()
	} else {
		h.states = append(h.states, m.Clone())
		h.cur++
		if over := len(h.states) - 1 - h.limit(); over > 0 {
			h.states = append(h.states[:0], h.states[over:]...)
			h.cur -= over
		}
	}
	h.lastKey, h.lastTime = field, now
	return true
}

// Undo steps back and returns the state before the current one (a copy),
// or false when there is nothing to undo.
func (h *history) Undo() (*codec.Manifest, bool) {
	if !h.CanUndo() {
		return nil, false
	}
	h.cur--
	h.lastKey = ""
	return h.states[h.cur].Clone(), true
}

// Redo steps forward again after an Undo and returns that state (a copy),
// or false when there is nothing to redo.
func (h *history) Redo() (*codec.Manifest, bool) {
	if !h.CanRedo() {
		return nil, false
	}
	h.cur++
	h.lastKey = ""
	return h.states[h.cur].Clone(), true
}

// CanUndo reports whether there is a step to undo.
func (h *history) CanUndo() bool { return h.cur > 0 }

// CanRedo reports whether there is an undone step to redo.
func (h *history) CanRedo() bool { return h.cur < len(h.states)-1 }

// Rebase applies fix to every state kept. After a save the file's
// file_info and chunk records are new; copying them into every step lets
// the user undo past the save without the old ones coming back.
func (h *history) Rebase(fix func(m *codec.Manifest)) {
	for _, s := range h.states {
		fix(s)
	}
	h.lastKey = ""
}
