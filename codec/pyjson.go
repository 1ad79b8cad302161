package codec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// The manifest is kept as an ordered JSON tree rather than Go structs, for two
// reasons: keys the viewer does not know must survive an edit, and an
// untouched manifest must serialise to the very bytes the Python reference
// wrote. The tree's values are:
//
//	*Object      a JSON object, keys in their original order
//	[]any        a JSON array
//	json.Number  a number, with its original spelling ("7.5", "0.0", "1e-05")
//	string, bool, nil
//
// Numbers keep their spelling so that "64.0" stays a float and "64" an
// integer on the way back out, as Python distinguishes them.

// Object is a JSON object that remembers the order of its keys.
type Object struct {
	keys   []string
	values map[string]any
}

// NewObject returns an empty Object.
func NewObject() *Object {
	return &Object{values: map[string]any{}}
}

// Keys returns the object's keys in order. The slice must not be modified.
func (o *Object) Keys() []string { return o.keys }

// Len returns the number of keys.
func (o *Object) Len() int { return len(o.keys) }

// Get returns the value stored under key.
func (o *Object) Get(key string) (any, bool) {
	v, ok := o.values[key]
	return v, ok
}

// Set stores v under key. A new key goes to the end, as a Python dict does;
// an existing key keeps its place.
func (o *Object) Set(key string, v any) {
	if _, ok := o.values[key]; !ok {
		o.keys = append(o.keys, key)
	}
	o.values[key] = v
}

// Delete removes key, keeping the order of the others.
func (o *Object) Delete(key string) {
	if _, ok := o.values[key]; !ok {
		return
	}
	delete(o.values, key)
	for i, k := range o.keys {
		if k == key {
			o.keys = append(o.keys[:i:i], o.keys[i+1:]...)
			break
		}
	}
}

// Object returns the object stored under key, if it is one.
func (o *Object) Object(key string) (*Object, bool) {
	v, ok := o.values[key].(*Object)
	return v, ok
}

// String returns the string stored under key, if it is one.
func (o *Object) String(key string) (string, bool) {
	v, ok := o.values[key].(string)
	return v, ok
}

// Clone returns a deep copy of the object.
func (o *Object) Clone() *Object {
	return cloneValue(o).(*Object)
}

func cloneValue(v any) any {
	switch v := v.(type) {
	case *Object:
		c := &Object{keys: append([]string(nil), v.keys...), values: make(map[string]any, len(v.values))}
		for k, x := range v.values {
			c.values[k] = cloneValue(x)
		}
		return c
	case []any:
		c := make([]any, len(v))
		for i, x := range v {
			c[i] = cloneValue(x)
		}
		return c
	default:
		return v
	}
}

// MarshalJSON lets an Object be passed to encoding/json (for `info --json`);
// the keys keep their order.
func (o *Object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	if err := writeCompact(&b, o); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func writeCompact(b *bytes.Buffer, v any) error {
	switch v := v.(type) {
	case *Object:
		b.WriteByte('{')
		for i, k := range v.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			kb, _ := json.Marshal(k)
			b.Write(kb)
			b.WriteByte(':')
			if err := writeCompact(b, v.values[k]); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, x := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := writeCompact(b, x); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	default:
		x, err := json.Marshal(v)
		if err != nil {
			return err
		}
		b.Write(x)
	}
	return nil
}

// maxJSONDepth bounds nesting so that a hostile manifest cannot exhaust the
// stack of the recursive decoder.
const maxJSONDepth = 64

// ValueText renders a manifest value for a person: strings bare, numbers
// as the file spells them, true, false and null as in JSON, and objects and
// arrays as compact JSON.
func ValueText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return string(v)
	case bool:
		return strconv.FormatBool(v)
	case nil:
		return "null"
	}
	var b bytes.Buffer
	if err := writeCompact(&b, v); err != nil {
		return fmt.Sprint(v)
	}
	return b.String()
}

// MarshalPython serialises a tree exactly as Python's json.dumps(v, indent=2)
// does with its default ensure_ascii=True: two-space indent, "," at line ends,
// ": " after keys, every non-ASCII character as a lowercase \uXXXX escape,
// empty containers as [] and {}. Go values that are not part of the tree
// (int, float64, []string) are accepted too and written as Python would.
func MarshalPython(v any) ([]byte, error) {
	var b bytes.Buffer
	if err := writePython(&b, v, 0); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func writePython(b *bytes.Buffer, v any, depth int) error {
	if depth > maxJSONDepth {
		return errors.New("JSON nested too deeply")
	}
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		if v {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case string:
		writePyString(b, v)
	case json.Number:
		if !validNumber(string(v)) {
			return fmt.Errorf("invalid JSON number %q", string(v))
		}
		b.WriteString(string(v))
	case int:
		b.WriteString(strconv.Itoa(v))
	case int64:
		b.WriteString(strconv.FormatInt(v, 10))
	case uint64:
		b.WriteString(strconv.FormatUint(v, 10))
	case float64:
		s, err := PyFloat(v)
		if err != nil {
			return err
		}
		b.WriteString(s)
	case []string:
		arr := make([]any, len(v))
		for i, s := range v {
			arr[i] = s
		}
		return writePython(b, arr, depth)
	case []any:
		if len(v) == 0 {
			b.WriteString("[]")
			return nil
		}
		b.WriteString("[")
		for i, x := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			newline(b, depth+1)
			if err := writePython(b, x, depth+1); err != nil {
				return err
			}
		}
		newline(b, depth)
		b.WriteString("]")
	case *Object:
		if v.Len() == 0 {
			b.WriteString("{}")
			return nil
		}
		b.WriteString("{")
		for i, k := range v.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			newline(b, depth+1)
			writePyString(b, k)
			b.WriteString(": ")
			if err := writePython(b, v.values[k], depth+1); err != nil {
				return err
			}
		}
		newline(b, depth)
		b.WriteString("}")
	default:
		return fmt.Errorf("cannot serialise %T", v)
	}
	return nil
}

func newline(b *bytes.Buffer, depth int) {
	b.WriteByte('\n')
	for i := 0; i < depth; i++ {
		b.WriteString("  ")
	}
}

func validNumber(s string) bool {
	return json.Valid([]byte(s)) && s != "" && (s[0] == '-' || (s[0] >= '0' && s[0] <= '9'))
}

const hexDigits = "0123456789abcdef"

// writePyString follows Python's py_encode_basestring_ascii: only printable
// ASCII (space to ~) is written as itself; ", \, \n, \r, \t, \b, \f get their
// short escapes; everything else becomes \uXXXX, astral characters as a
// UTF-16 surrogate pair. A lone surrogate kept by ParseJSON is written as
// its \udXXX escape, as Python keeps it. Other invalid UTF-8 cannot occur in
// a Python str; it is written as U+FFFD, which decoding it would produce.
func writePyString(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			// A lone surrogate the parser kept (see ParseJSON) goes back
			// out as the escape it came in as.
			if sr, ok := surrogateAt(s[i:]); ok {
				writeU(b, sr)
				i += 3
				continue
			}
		}
		i += n
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r >= 0x20 && r <= 0x7e:
			b.WriteByte(byte(r))
		case r > 0xffff:
			r1, r2 := utf16.EncodeRune(r)
			writeU(b, r1)
			writeU(b, r2)
		default:
			if r == utf8.RuneError {
				r = 0xfffd
			}
			writeU(b, r)
		}
	}
	b.WriteByte('"')
}

func writeU(b *bytes.Buffer, r rune) {
	b.WriteString(`\u`)
	b.WriteByte(hexDigits[(r>>12)&0xf])
	b.WriteByte(hexDigits[(r>>8)&0xf])
	b.WriteByte(hexDigits[(r>>4)&0xf])
	b.WriteByte(hexDigits[r&0xf])
}

// PyFloat formats f as Python's float repr: the shortest digits that read
// back to f, in positional notation for exponents from -4 to 15 and in
// scientific notation (two-digit exponent at least: 1e-05) otherwise, with
// ".0" on integral values. NaN and infinities are refused: the reference
// writes them as bare NaN/Infinity, which is not JSON.
func PyFloat(f float64) (string, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "", fmt.Errorf("%v is not a JSON number", f)
	}
	if f == 0 {
		if math.Signbit(f) {
			return "-0.0", nil
		}
		return "0.0", nil
	}
	// Shortest round-trip digits and decimal exponent.
	e := strconv.FormatFloat(f, 'e', -1, 64) // d.ddddde±XX
	mant, expStr, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expStr)
	neg := strings.HasPrefix(mant, "-")
	mant = strings.TrimPrefix(mant, "-")
	digits := strings.Replace(mant, ".", "", 1)
	var out string
	if exp < -4 || exp >= 16 {
		out = digits[:1]
		if len(digits) > 1 {
			out += "." + digits[1:]
		}
		sign := "+"
		if exp < 0 {
			sign = "-"
			exp = -exp
		}
		out += fmt.Sprintf("e%s%02d", sign, exp)
	} else if exp < 0 {
		out = "0." + strings.Repeat("0", -exp-1) + digits
	} else if len(digits) <= exp+1 {
		out = digits + strings.Repeat("0", exp+1-len(digits)) + ".0"
	} else {
		out = digits[:exp+1] + "." + digits[exp+1:]
	}
	if neg {
		out = "-" + out
	}
	return out, nil
}
