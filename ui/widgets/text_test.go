package widgets

import "testing"

// TestSentence: a line in lower case starts a sentence; a file name, a
// key or a path keeps its case.
func TestSentence(t *testing.T) {
	for in, want := range map[string]string{
		"no noise chunk":             "No noise chunk",
		"edit-me.gen5 was not saved": "edit-me.gen5 was not saved",
		"seed: must be a number":     "seed: must be a number",
		"/tmp/x is a folder":         "/tmp/x is a folder",
		"":                           "",
	} {
		if got := Sentence(in); got != want {
			t.Errorf("Sentence(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFormatBytes(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 bytes", 999: "999 bytes", 1000: "1.0 KB", 106486: "106 KB",
		1669238: "1.7 MB", 2639343: "2.6 MB", 15_000_000_000: "15 GB",
	} {
		if got := FormatBytes(n); got != want {
			t.Errorf("FormatBytes(%d) = %q, want %q", n, got, want)
		}
	}
}
