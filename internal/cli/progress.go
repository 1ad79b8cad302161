package cli

import (
	"fmt"
	"io"
	"os"
	"time"
)

// progressFrom is the number of files from which a command over many
// files shows a progress line.
const progressFrom = 20

// progressEvery is how often the progress line is redrawn at most.
const progressEvery = 100 * time.Millisecond

// progress is the "edited 120/1000" line a command over many files keeps
// at the bottom of a terminal. It is drawn only when stderr is a terminal:
// a script reading the output sees the per-file lines alone. Other lines
// go through line, which takes the progress line away first.
type progress struct {
	w      io.Writer // nil: no progress line
	verb   string
	total  int
	shown  bool
	last   time.Time
	latest int
}

func newProgress(e *env, verb string, total int) *progress {
	p := &progress{verb: verb, total: total}
	if total >= progressFrom && isTerminal(e.stderr) {
		p.w = e.stderr
	}
	return p
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// line prints a line to w, keeping the progress line below it.
func (p *progress) line(w io.Writer, format string, args ...any) {
	p.clear()
	fmt.Fprintf(w, format, args...)
	p.draw()
}

// update records that done files are done, redrawing at most every
// progressEvery.
func (p *progress) update(done int) {
	p.latest = done
	if p.w == nil || time.Since(p.last) < progressEvery {
		return
	}
	p.clear()
	p.draw()
}

func (p *progress) draw() {
	if p.w == nil || p.latest == 0 {
		return
	}
	fmt.Fprintf(p.w, "%s %d/%d", p.verb, p.latest, p.total)
	p.shown, p.last = true, time.Now()
}

func (p *progress) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}

// done takes the progress line away.
func (p *progress) done() { p.clear() }
