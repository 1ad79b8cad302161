package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"unicode/utf8"
)

// printJSON writes v as indented JSON, made safe for a terminal by jsonSafe.
// Every --json output goes through here.
func printJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(jsonSafe(b.Bytes()))
	return err
}

// jsonSafe rewrites valid JSON so that it is valid UTF-8 and holds no
// character a terminal acts on (encoding/json escapes C0 itself; DEL,
// C1 and the bidirectional controls are left to here), without changing what it means: outside
// strings JSON has only ASCII punctuation and white space, so every such character is
// inside a string, where \uXXXX stands for the same character. Bytes that
// are not UTF-8 (raw text copied from a file, such as the environment
// chunk) become \ufffd, as a JSON reader decoding them would make them.
func jsonSafe(b []byte) []byte {
	clean := true
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if (r == utf8.RuneError && n <= 1) || r == 0x7f || unsafeRune(r) {
			clean = false
			break
		}
		i += n
	}
	if clean {
		return b
	}
	out := make([]byte, 0, len(b)+64)
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			out = append(out, `\ufffd`...)
		case r == 0x7f || unsafeRune(r):
			out = fmt.Appendf(out, `\u%04x`, r)
		default:
			out = append(out, b[i:i+n]...)
		}
		i += n
	}
	return out
}

// jsonFloat is a statistic that may be NaN or infinite (a latent that holds
// such values): JSON has no spelling for them, so they are written as null,
// finite values as encoding/json writes a float64.
type jsonFloat float64

func (f jsonFloat) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(v)
}
