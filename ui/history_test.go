package ui

import (
	"testing"
	"time"

	"github.com/gen5viewer/gen5view/codec"
)

// manualClock is a clock the test moves by hand.
type manualClock struct{ t time.Time }

func (c *manualClock) now() time.Time          { return c.t }
func (c *manualClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func withPrompt(p string) *codec.Manifest {
	m := codec.NewManifest()
	m.SetPrompt(p)
	return m
}

func newTestHistory(initial string) (*history, *manualClock) {
	clock := &manualClock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	h := newHistory(withPrompt(initial))
	h.Now = clock.now
	return h, clock
}

func mustUndo(t *testing.T, h *history, want string) {
	t.Helper()
	m, ok := h.Undo()
	if !ok {
		t.Fatalf("Undo: nothing to undo, want prompt %q", want)
	}
	if got := m.Prompt(); got != want {
		t.Fatalf("Undo gave prompt %q, want %q", got, want)
	}
}

func mustRedo(t *testing.T, h *history, want string) {
	t.Helper()
	m, ok := h.Redo()
	if !ok {
		t.Fatalf("Redo: nothing to redo, want prompt %q", want)
	}
	if got := m.Prompt(); got != want {
		t.Fatalf("Redo gave prompt %q, want %q", got, want)
	}
}

func TestHistoryUndoRedo(t *testing.T) {
	h, clock := newTestHistory("a")
	if h.CanUndo() || h.CanRedo() {
		t.Fatal("a new history can undo or redo")
	}
	h.Push(withPrompt("b"), "prompt")
	clock.advance(5 * time.Second)
	h.Push(withPrompt("c"), "prompt")
	mustUndo(t, h, "b")
	mustUndo(t, h, "a")
	if _, ok := h.Undo(); ok {
		t.Fatal("undid past the start")
	}
	mustRedo(t, h, "b")
	mustRedo(t, h, "c")
	if _, ok := h.Redo(); ok {
		t.Fatal("redid past the end")
	}

	// A new change after an undo forgets what could have been redone.
	mustUndo(t, h, "b")
	h.Push(withPrompt("d"), "prompt")
	if h.CanRedo() {
		t.Fatal("can still redo after a new change")
	}
	mustUndo(t, h, "b")
}

func TestHistoryCoalescesTyping(t *testing.T) {
	h, clock := newTestHistory("")
	for _, p := range []string{"d", "do", "dog"} {
		h.Push(withPrompt(p), "prompt")
		clock.advance(300 * time.Millisecond)
	}
	clock.advance(2 * time.Second) // a pause: the next word is a new step
	h.Push(withPrompt("dog "), "prompt")
	clock.advance(100 * time.Millisecond)
	h.Push(withPrompt("dog r"), "prompt")
	mustUndo(t, h, "dog")
	mustUndo(t, h, "")
	if h.CanUndo() {
		t.Fatal("typing a word took more than one step")
	}
}

func TestHistoryDoesNotCoalesceAcrossFields(t *testing.T) {
	h, _ := newTestHistory("")
	h.Push(withPrompt("x"), "prompt")
	m := withPrompt("x")
	_ = m.SetSetting("steps", 20)
	h.Push(m, "steps")
	h.Push(withPrompt("xy"), "prompt")
	mustUndo(t, h, "x")
	mustUndo(t, h, "x")
	mustUndo(t, h, "")
}

func TestHistoryUndoEndsCoalescing(t *testing.T) {
	h, _ := newTestHistory("")
	h.Push(withPrompt("a"), "prompt")
	h.Push(withPrompt("ab"), "prompt")
	mustUndo(t, h, "")
	h.Push(withPrompt("c"), "prompt")
	mustUndo(t, h, "")
}

func TestHistoryTypedAndTakenBack(t *testing.T) {
	h, _ := newTestHistory("a")
	h.Push(withPrompt("ab"), "prompt")
	h.Push(withPrompt("a"), "prompt") // Backspace within the window
	if h.CanUndo() {
		t.Fatal("a change that ended where it started left a step")
	}
	h.Push(withPrompt("ax"), "prompt")
	mustUndo(t, h, "a")
}

func TestHistoryIgnoresNoChange(t *testing.T) {
	h, _ := newTestHistory("a")
	if h.Push(withPrompt("a"), "prompt") {
		t.Error("Push of the current state reported a change")
	}
	if h.CanUndo() {
		t.Error("Push of the current state added a step")
	}
}

func TestHistoryLimit(t *testing.T) {
	h, _ := newTestHistory("0")
	h.Limit = 3
	for _, p := range []string{"1", "2", "3", "4", "5"} {
		h.Push(withPrompt(p), "")
	}
	mustUndo(t, h, "4")
	mustUndo(t, h, "3")
	mustUndo(t, h, "2")
	if h.CanUndo() {
		t.Fatal("more steps kept than Limit")
	}
	mustRedo(t, h, "3")
}

func TestHistoryDefaultLimit(t *testing.T) {
	h, _ := newTestHistory("start")
	for i := 0; i < defaultHistoryLimit+50; i++ {
		h.Push(withPrompt(string(rune('a'+i%26))+string(rune('a'+i/26))), "")
	}
	n := 0
	for h.CanUndo() {
		h.Undo()
		n++
	}
	if n != defaultHistoryLimit {
		t.Errorf("%d steps kept, want %d", n, defaultHistoryLimit)
	}
}

func TestHistorySnapshotsAreCopies(t *testing.T) {
	h, _ := newTestHistory("a")
	m := withPrompt("b")
	h.Push(m, "")
	m.SetPrompt("changed after the push")
	got, _ := h.Undo()
	got.SetPrompt("changed after the undo")
	mustRedo(t, h, "b")
	mustUndo(t, h, "a")
}
