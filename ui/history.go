package ui

import (
	"maps"
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

	states   []step
	cur      int
	lastKey  string
	lastTime time.Time
}

// newHistory returns a history whose starting point is initial, with
// nothing to undo.
func newHistory(initial *codec.Manifest) *history {
	return &history{states: []step{{m: initial.Clone()}}}
}

// step is one state of the form: the manifest, and the text typed in
// fields where it is not a value (an invalid Seed "abc" changes no value
// but is an edit all the same, and Undo takes it back).
type step struct {
	m *codec.Manifest
	// invalid maps a field's path to the text it holds that is not a
	// value; nil when every field holds a value.
	invalid map[string]string
	// label names what the step changed ("Seed"), for "Undo Seed".
	label string
}

func (s step) equal(o step) bool {
	return s.m.Equal(o.m) && maps.Equal(s.invalid, o.invalid)
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
	return h.PushStep(m, nil, field, "")
}

// PushStep is Push with the text of fields that holds no value (invalid,
// by field path) and a label naming the change for the Undo and Redo items.
func (h *history) PushStep(m *codec.Manifest, invalid map[string]string, field, label string) bool {
	if len(invalid) == 0 {
		invalid = nil
	}
	st := step{m: m, invalid: invalid, label: label}
	if st.equal(h.states[h.cur]) {
		return false
	}
	now := h.now()
	merge := field != "" && field == h.lastKey && h.cur > 0 &&
		h.cur == len(h.states)-1 && now.Sub(h.lastTime) < h.window()
	h.states = h.states[:h.cur+1]
	if merge {
		if st.equal(h.states[h.cur-1]) {
			// Typed and then taken back: no step at all.
			h.states = h.states[:h.cur]
			h.cur--
			h.lastKey = ""
			return true
		}
		h.states[h.cur] = st.clone()
	} else {
		h.states = append(h.states, st.clone())
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
	return h.states[h.cur].m.Clone(), true
}

// Redo steps forward again after an Undo and returns that state (a copy),
// or false when there is nothing to redo.
func (h *history) Redo() (*codec.Manifest, bool) {
	if !h.CanRedo() {
		return nil, false
	}
	h.cur++
	h.lastKey = ""
	return h.states[h.cur].m.Clone(), true
}

// Invalid returns the text of the fields that held no value in the
// current state, by field path (nil when none).
func (h *history) Invalid() map[string]string { return maps.Clone(h.states[h.cur].invalid) }

// UndoLabel names the step Undo would take back ("" when unnamed or none).
func (h *history) UndoLabel() string {
	if !h.CanUndo() {
		return ""
	}
	return h.states[h.cur].label
}

// RedoLabel names the step Redo would put back ("" when unnamed or none).
func (h *history) RedoLabel() string {
	if !h.CanRedo() {
		return ""
	}
	return h.states[h.cur+1].label
}

func (s step) clone() step {
	return step{m: s.m.Clone(), invalid: maps.Clone(s.invalid), label: s.label}
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
		fix(s.m)
	}
	h.lastKey = ""
}
