package codec

import (
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// ParseJSON decodes one JSON document into the ordered tree. Any valid JSON
// is accepted; trailing data after the document is an error, and so is
// nesting deeper than maxJSONDepth, the limit every JSON payload gets.
//
// Strings decode as Python's json.loads decodes them, so that an edit
// writes back what it read: a \ud800 escape that is not half of a pair is
// kept as that code unit (held in the string as its three-byte WTF-8 form,
// which valid UTF-8 never contains, and written back by MarshalPython as
// \ud800). Bytes that are not UTF-8 become U+FFFD, as in encoding/json.
//
// The parser is written out rather than built on encoding/json's token
// reader, which allocates for every token: a manifest of tens of MiB
// parses in a fraction of the time and memory.
func ParseJSON(data []byte) (any, error) {
	p := jsonParser{data: data}
	p.space()
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i < len(p.data) {
		return nil, errors.New("data after the JSON document")
	}
	return v, nil
}

type jsonParser struct {
	data []byte
	i    int
}

func (p *jsonParser) errorf(format string, args ...any) error {
	return fmt.Errorf("at byte %d: %s", p.i, fmt.Sprintf(format, args...))
}

func (p *jsonParser) space() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) value(depth int) (any, error) {
	if depth > maxJSONDepth {
		return nil, errors.New("JSON nested too deeply")
	}
	if p.i >= len(p.data) {
		return nil, p.errorf("unexpected end of JSON")
	}
	switch c := p.data[p.i]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		return p.str()
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	}
	for _, lit := range []struct {
		text string
		v    any
	}{{"true", true}, {"false", false}, {"null", nil}} {
		if len(p.data)-p.i >= len(lit.text) && string(p.data[p.i:p.i+len(lit.text)]) == lit.text {
			p.i += len(lit.text)
			return lit.v, nil
		}
	}
	return nil, p.errorf("invalid character %q looking for a value", p.data[p.i])
}

func (p *jsonParser) object(depth int) (any, error) {
	o := NewObject()
	p.i++ // {
	p.space()
	if p.i < len(p.data) && p.data[p.i] == '}' {
		p.i++
		return o, nil
	}
	for {
		p.space()
		if p.i >= len(p.data) || p.data[p.i] != '"' {
			return nil, p.errorf("object key is not a string")
		}
		k, err := p.str()
		if err != nil {
			return nil, err
		}
		p.space()
		if p.i >= len(p.data) || p.data[p.i] != ':' {
			return nil, p.errorf("expected ':' after an object key")
		}
		p.i++
		p.space()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		// A repeated key keeps its first place and its last value, as
		// Python's json.loads does.
		o.Set(k, v)
		p.space()
		if p.i >= len(p.data) {
			return nil, p.errorf("unexpected end of JSON in an object")
		}
		switch p.data[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			return o, nil
		default:
			return nil, p.errorf("expected ',' or '}' in an object")
		}
	}
}

func (p *jsonParser) array(depth int) (any, error) {
	arr := []any{}
	p.i++ // [
	p.space()
	if p.i < len(p.data) && p.data[p.i] == ']' {
		p.i++
		return arr, nil
	}
	for {
		p.space()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		arr = append(arr, v)
		p.space()
		if p.i >= len(p.data) {
			return nil, p.errorf("unexpected end of JSON in an array")
		}
		switch p.data[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			return arr, nil
		default:
			return nil, p.errorf("expected ',' or ']' in an array")
		}
	}
}

// number checks the JSON number grammar and keeps the spelling.
func (p *jsonParser) number() (any, error) {
	start := p.i
	digits := func() int {
		n := 0
		for p.i < len(p.data) && p.data[p.i] >= '0' && p.data[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.data[p.i] == '-' {
		p.i++
	}
	if p.i < len(p.data) && p.data[p.i] == '0' {
		p.i++
	} else if digits() == 0 {
		return nil, p.errorf("invalid number")
	}
	if p.i < len(p.data) && p.data[p.i] == '.' {
		p.i++
		if digits() == 0 {
			return nil, p.errorf("invalid number")
		}
	}
	if p.i < len(p.data) && (p.data[p.i] == 'e' || p.data[p.i] == 'E') {
		p.i++
		if p.i < len(p.data) && (p.data[p.i] == '+' || p.data[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return nil, p.errorf("invalid number")
		}
	}
	return json.Number(p.data[start:p.i]), nil
}

// str decodes a string; p.data[p.i] is its opening quote.
func (p *jsonParser) str() (string, error) {
	p.i++
	start := p.i
	// The common case, no escapes and valid UTF-8, is one slice.
	for p.i < len(p.data) {
		c := p.data[p.i]
		if c == '"' {
			s := p.data[start:p.i]
			if utf8.Valid(s) {
				p.i++
				return string(s), nil
			}
			break
		}
		if c == '\\' || c < 0x20 {
			break
		}
		p.i++
	}
	p.i = start
	buf := make([]byte, 0, 64)
	for {
		if p.i >= len(p.data) {
			return "", p.errorf("unexpected end of JSON in a string")
		}
		c := p.data[p.i]
		switch {
		case c == '"':
			p.i++
			return string(buf), nil
		case c < 0x20:
			return "", p.errorf("control character %#02x in a string", c)
		case c == '\\':
			r, err := p.escape()
			if err != nil {
				return "", err
			}
			if utf16.IsSurrogate(r) {
				buf = appendSurrogate(buf, r)
			} else {
				buf = utf8.AppendRune(buf, r)
			}
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			p.i++
		default:
			r, n := utf8.DecodeRune(p.data[p.i:])
			buf = utf8.AppendRune(buf, r) // U+FFFD for a byte that is not UTF-8
			p.i += n
		}
	}
}

// escape decodes one escape at p.i, joining a surrogate pair; a lone
// surrogate is returned as it is.
func (p *jsonParser) escape() (rune, error) {
	if p.i+1 >= len(p.data) {
		return 0, p.errorf("unexpected end of JSON in a string")
	}
	c := p.data[p.i+1]
	p.i += 2
	switch c {
	case '"', '\\', '/':
		return rune(c), nil
	case 'b':
		return '\b', nil
	case 'f':
		return '\f', nil
	case 'n':
		return '\n', nil
	case 'r':
		return '\r', nil
	case 't':
		return '\t', nil
	case 'u':
		r, ok := p.hex4()
		if !ok {
			return 0, p.errorf("invalid \\u escape")
		}
		if r >= 0xD800 && r < 0xDC00 && p.i+1 < len(p.data) && p.data[p.i] == '\\' && p.data[p.i+1] == 'u' {
			save := p.i
			p.i += 2
			if r2, ok := p.hex4(); ok && r2 >= 0xDC00 && r2 < 0xE000 {
				return utf16.DecodeRune(r, r2), nil
			}
			p.i = save
		}
		return r, nil
	}
	return 0, p.errorf("invalid escape \\%c", c)
}

func (p *jsonParser) hex4() (rune, bool) {
	if p.i+4 > len(p.data) {
		return 0, false
	}
	var r rune
	for _, c := range p.data[p.i : p.i+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	p.i += 4
	return r, true
}

// appendSurrogate holds a lone UTF-16 surrogate in a string as WTF-8 does:
// the three bytes UTF-8 would give the code point if it were allowed.
func appendSurrogate(b []byte, r rune) []byte {
	return append(b, 0xE0|byte(r>>12), 0x80|byte(r>>6)&0x3F, 0x80|byte(r)&0x3F)
}

// surrogateAt reports a lone surrogate held by appendSurrogate at the
// start of s.
func surrogateAt(s string) (rune, bool) {
	if len(s) < 3 || s[0] != 0xED || s[1] < 0xA0 || s[1] > 0xBF || s[2] < 0x80 || s[2] > 0xBF {
		return 0, false
	}
	return rune(s[0]&0x0F)<<12 | rune(s[1]&0x3F)<<6 | rune(s[2]&0x3F), true
}
