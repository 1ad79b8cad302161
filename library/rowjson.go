package library

import (
	"encoding/json"
	"strconv"
	"strings"
)

// The index keeps a file's tags and latent shapes as JSON arrays, which a
// search returning thousands of rows decodes for each. These read the
// forms the index itself writes (strings without escapes, small whole
// numbers) directly, and leave anything else to encoding/json.

// decodeTags decodes a JSON array of strings.
func decodeTags(s string) ([]string, error) {
	if out, ok := plainStrings(s); ok {
		return out, nil
	}
	var out []string
	err := json.Unmarshal([]byte(s), &out)
	return out, err
}

// plainStrings reads ["a","b"] whose strings hold no escapes.
func plainStrings(s string) ([]string, bool) {
	if len(s) < 2 || s[0] != '[' || s[len(s)-1] != ']' || strings.IndexByte(s, '\\') >= 0 {
		return nil, false
	}
	body := s[1 : len(s)-1]
	if body == "" {
		return []string{}, true
	}
	var out []string
	for {
		if len(body) < 2 || body[0] != '"' {
			return nil, false
		}
		end := strings.IndexByte(body[1:], '"')
		if end < 0 {
			return nil, false
		}
		out = append(out, body[1:1+end])
		body = body[end+2:]
		if body == "" {
			return out, true
		}
		if body[0] != ',' {
			return nil, false
		}
		body = body[1:]
	}
}

// decodeShapes decodes a JSON array of arrays of whole numbers.
func decodeShapes(s string) ([][]int, error) {
	if out, ok := plainShapes(s); ok {
		return out, nil
	}
	var out [][]int
	err := json.Unmarshal([]byte(s), &out)
	return out, err
}

// plainShapes reads [[1,4,64,64],[2]] without spaces.
func plainShapes(s string) ([][]int, bool) {
	if len(s) < 2 || s[0] != '[' || s[len(s)-1] != ']' {
		return nil, false
	}
	body := s[1 : len(s)-1]
	if body == "" {
		return [][]int{}, true
	}
	var out [][]int
	for {
		if body == "" || body[0] != '[' {
			return nil, false
		}
		end := strings.IndexByte(body, ']')
		if end < 0 {
			return nil, false
		}
		shape := []int{}
		if inner := body[1:end]; inner != "" {
			for _, f := range strings.Split(inner, ",") {
				n, err := strconv.Atoi(f)
				if err != nil {
					return nil, false
				}
				shape = append(shape, n)
			}
		}
		out = append(out, shape)
		body = body[end+1:]
		if body == "" {
			return out, true
		}
		if body[0] != ',' {
			return nil, false
		}
		body = body[1:]
	}
}
