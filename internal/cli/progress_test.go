package cli

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// The progress line is drawn below the other lines and taken away before
// each of them and at the end, so that none is cut or overwritten.
func TestProgressLine(t *testing.T) {
	var term bytes.Buffer
	p := &progress{w: &term, verb: "edited", total: 30}
	for i := 1; i <= 30; i++ {
		p.line(&term, "saved f%d\n", i)
		p.update(i)
	}
	p.done()
	out := term.String()
	if !strings.Contains(out, "edited 1/30") || !strings.HasSuffix(out, "\r\x1b[K") {
		t.Fatalf("output %q: want a progress line, cleared at the end", out)
	}
	// What is left once the terminal has applied the carriage returns and
	// erasures: the saved lines alone, in order.
	var shown []string
	for _, l := range strings.Split(out, "\n") {
		if i := strings.LastIndex(l, "\r\x1b[K"); i >= 0 {
			l = l[i+len("\r\x1b[K"):]
		}
		if l != "" {
			shown = append(shown, l)
		}
	}
	if len(shown) != 30 || shown[0] != "saved f1" || shown[29] != "saved f30" {
		t.Fatalf("lines left on the terminal: %q", shown)
	}
}

// Without a terminal (a pipe, a file, a test's buffer) there is no
// progress line at all.
func TestProgressNotOnAPipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if isTerminal(w) || isTerminal(&bytes.Buffer{}) {
		t.Fatal("a pipe or a buffer taken for a terminal")
	}
	if p := newProgress(&env{stderr: w}, "edited", 1000); p.w != nil {
		t.Fatal("progress line drawn into a pipe")
	}
}
