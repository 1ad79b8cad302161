package library

import (
	"encoding/json"
	"reflect"
	"testing"
)

// The direct readers give what encoding/json gives, for the forms the
// index writes and for those they leave to it.
func TestRowJSONAsEncodingJSON(t *testing.T) {
	for _, s := range []string{`[]`, `["a"]`, `["a","b c","ü"]`, `["",""]`, `["a\"b","c"]`, `["\u00e9"]`, `[ "a" ]`, `["a",`, `null`} {
		var want []string
		werr := json.Unmarshal([]byte(s), &want)
		got, err := decodeTags(s)
		if (err != nil) != (werr != nil) || (werr == nil && !reflect.DeepEqual(got, want)) {
			t.Errorf("decodeTags(%s) = %q, %v; encoding/json %q, %v", s, got, err, want, werr)
		}
	}
	for _, s := range []string{`[]`, `[[1,4,64,64]]`, `[[1,4,64,64],[2]]`, `[[]]`, `[[1, 2]]`, `[[1.5]]`, `[[1]`, `[[-3,0]]`} {
		var want [][]int
		werr := json.Unmarshal([]byte(s), &want)
		got, err := decodeShapes(s)
		if (err != nil) != (werr != nil) || (werr == nil && !reflect.DeepEqual(got, want)) {
			t.Errorf("decodeShapes(%s) = %v, %v; encoding/json %v, %v", s, got, err, want, werr)
		}
	}
}
