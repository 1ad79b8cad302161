package codec

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// plain turns a tree into what encoding/json decodes with UseNumber.
func plain(v any) any {
	switch v := v.(type) {
	case *Object:
		m := map[string]any{}
		for _, k := range v.Keys() {
			x, _ := v.Get(k)
			m[k] = plain(x)
		}
		return m
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = plain(x)
		}
		return out
	}
	return v
}

// TestParseJSONAgreesWithEncodingJSON: the hand-written parser accepts
// exactly the documents encoding/json accepts, and decodes them to the
// same values (lone surrogates aside, which it keeps).
func TestParseJSONAgreesWithEncodingJSON(t *testing.T) {
	docs := []string{
		`{}`, `[]`, ` {"a" : [1, -2.5e+3, 0.0, 1E5, true, false, null, "x"]} `, `"\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"`,
		`0`, `-0`, `01`, `1.`, `.5`, `-`, `1e`, `1e+`, `+1`, `NaN`, `Infinity`, `[1,]`, `{"a":1,}`, `{"a" 1}`, `{a:1}`,
		`[1 2]`, `"a`, "\"a\tb\"", `"\x"`, `"\u12"`, `"\u12g4"`, `tru`, `nul`, `[`, `{"a":`, `{"a":1}x`, `{"a":1} {}`,
		"\"caf\xc3\xa9\"", "\"\xff\xfe\"", `{"a":1,"a":2}`, `[[[]]]`, `"\u0000"`, ``, ` `, `[-0.0e-0]`, `1.5E-7`,
	}
	for _, d := range docs {
		got, err := ParseJSON([]byte(d))
		if (err == nil) != json.Valid([]byte(d)) {
			t.Errorf("%q: ParseJSON error %v, json.Valid %v", d, err, json.Valid([]byte(d)))
			continue
		}
		if err != nil {
			continue
		}
		dec := json.NewDecoder(strings.NewReader(d))
		dec.UseNumber()
		var want any
		dec.Decode(&want)
		if !reflect.DeepEqual(plain(got), want) {
			t.Errorf("%q: got %#v, want %#v", d, plain(got), want)
		}
	}
}

// TestLoneSurrogateSurvivesAnEdit: Python's json keeps a \ud800 that is
// not half of a pair, and writes it back so; an edit of other fields must
// too, byte for byte.
func TestLoneSurrogateSurvivesAnEdit(t *testing.T) {
	m := testManifest()
	m.SetPrompt("x")
	js, err := m.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	in := strings.Replace(string(js), `"prompt": "x"`, `"prompt": "a\ud800b\udfffc\ud83d\ude00"`, 1)
	parsed, err := ParseManifest([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	ed := NewEdit(parsed)
	if _, err := ed.AddTags("new"); err != nil {
		t.Fatal(err)
	}
	out, err := ed.Manifest().Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `"prompt": "a\ud800b\udfffc\ud83d\ude00"`) {
		t.Errorf("the prompt came back as %q", out)
	}
}
