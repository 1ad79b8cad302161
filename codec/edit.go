package codec

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// FieldKind is the type the reference's schema gives a model_info value. It
// decides how text typed for the value becomes JSON.
type FieldKind int

const (
	TextValue  FieldKind = iota // a string, kept as typed
	UintValue                   // a whole number from 0 to 2⁶⁴−1 (a seed)
	IntValue                    // a whole number of at least Field.Min
	FloatValue                  // a finite number of at least Field.Min
	BoolValue                   // true or false
)

// A Field names one value of model_info, or of its generation_settings, with
// the rules the reference's schema sets for it. ModelInfoField and
// SettingField return the fields the schema knows.
type Field struct {
	Key      string
	Setting  bool // the value lives in model_info.generation_settings
	Kind     FieldKind
	Min      int64 // the least value of an IntValue or FloatValue
	Required bool  // the schema requires the key (a setting: once generation_settings exists)
}

// settingRules are the schema's rules for generation_settings; a key not
// listed is free text.
var settingRules = map[string]Field{
	"seed":          {Kind: UintValue, Required: true},
	"steps":         {Kind: IntValue, Min: 1, Required: true},
	"sampler":       {Kind: TextValue, Required: true},
	"cfg_scale":     {Kind: FloatValue},
	"eta":           {Kind: FloatValue},
	"deterministic": {Kind: BoolValue},
}

// ModelInfoField returns the field of model_info named key, with the
// schema's rules for it.
func ModelInfoField(key string) Field {
	switch key {
	case "model_name", "version", "date", "prompt":
		return Field{Key: key, Kind: TextValue, Required: true}
	}
	return Field{Key: key, Kind: TextValue}
}

// SettingField returns the field of model_info.generation_settings named
// key, with the schema's rules for it.
func SettingField(key string) Field {
	f := settingRules[key]
	f.Key, f.Setting = key, true
	return f
}

// Path names the field as FieldError.Path does, for example
// "model_info.generation_settings.steps".
func (f Field) Path() string {
	if f.Setting {
		return "model_info.generation_settings." + f.Key
	}
	return "model_info." + f.Key
}

// Parse reads text typed for the field as the schema types it. Surrounding
// white space is ignored for numbers and kept for text.
func (f Field) Parse(text string) (any, error) {
	t := strings.TrimSpace(text)
	switch f.Kind {
	case UintValue:
		n, err := strconv.ParseUint(t, 10, 64)
		if err != nil {
			if errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(t, "-") {
				return nil, fmt.Errorf("must be at most %d", uint64(math.MaxUint64))
			}
			return nil, errors.New("must be a whole number, 0 or more")
		}
		return n, nil
	case IntValue:
		n, err := strconv.ParseInt(t, 10, 64)
		if err != nil || n < f.Min {
			return nil, fmt.Errorf("must be a whole number, at least %d", f.Min)
		}
		return n, nil
	case FloatValue:
		x, err := strconv.ParseFloat(t, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("must be a number, %d or more", f.Min)
		}
		if x < float64(f.Min) {
			return nil, fmt.Errorf("must be %d or more", f.Min)
		}
		return x, nil
	case BoolValue:
		b, err := strconv.ParseBool(t)
		if err != nil {
			return nil, errors.New("must be true or false")
		}
		return b, nil
	}
	return text, nil
}

// An Edit changes a copy of a manifest by the format's rules, with the
// manifest it started from (its base) in view, so that an edit taken back
// leaves no trace: a key set and cleared again is removed, a key removed and
// set again returns to its place, a number typed as the file spells it keeps
// that spelling, and a generation_settings object the edit created and
// emptied goes again. Keys the edit does not touch are left exactly as read.
//
// The viewer's editor, `gen5view edit` and batch edits all change manifests
// through an Edit. Its methods are not safe for concurrent use.
type Edit struct {
	base *Manifest
	m    *Manifest
}

// NewEdit starts an edit of m, which it does not change: it edits a copy.
func NewEdit(m *Manifest) *Edit {
	return &Edit{base: m.Clone(), m: m.Clone()}
}

// Manifest returns the edited manifest. It belongs to the edit: change it
// only through the edit's methods, and Clone it to keep a state.
func (e *Edit) Manifest() *Manifest { return e.m }

// Base returns the manifest the edit started from. It must not be changed.
func (e *Edit) Base() *Manifest { return e.base }

// Changed reports whether the edited manifest differs from the base.
func (e *Edit) Changed() bool { return !e.m.Equal(e.base) }

// Reset makes a copy of m the edited manifest, keeping the base: for going
// back and forth in an undo history.
func (e *Edit) Reset(m *Manifest) { e.m = m.Clone() }

// Rebase makes saved, the manifest a save wrote, the new base, and takes
// its file_info and chunk records into the edited manifest (see
// CopyLayout), so that what was typed while the save ran stays an edit.
func (e *Edit) Rebase(saved *Manifest) {
	e.base = saved.Clone()
	e.m.CopyLayout(saved)
}

// CopyLayout replaces m's file_info and chunk records with copies of
// from's: what a save rewrites, as opposed to what a person edits.
func (m *Manifest) CopyLayout(from *Manifest) {
	for _, k := range []string{"file_info", "chunks"} {
		if v, ok := from.Meta().Get(k); ok {
			m.Meta().Set(k, cloneValue(v))
		}
	}
}

// Set stores v (an integer, float, string, bool or a tree value) in the
// field. Floats are spelled as Python spells them, so 7 given as a float
// is written "7.0". Setting a field the base lacks to an empty value (""
// false or an empty list) removes it instead.
func (e *Edit) Set(f Field, v any) error {
	if _, inBase := e.base.Value(f); !inBase && isEmpty(v) {
		e.Remove(f)
		return nil
	}
	n, err := toTreeValue(v)
	if err != nil {
		return fmt.Errorf("%s: %v", f.Key, err)
	}
	parent, baseParent := e.parents(f, true)
	parent.Set(f.Key, n)
	if baseParent != nil {
		keepOrder(parent, baseParent.Keys(), f.Key)
	}
	return nil
}

func isEmpty(v any) bool {
	switch v := v.(type) {
	case string:
		return v == ""
	case bool:
		return !v
	case []any:
		return len(v) == 0
	case []string:
		return len(v) == 0
	}
	return false
}

// SetText stores text typed for the field, read as the schema types it
// (see Field.Parse), or returns why it is not a value and leaves the
// manifest as it was. Text the base spells the same way stores the base's
// value, keeping its spelling ("7.0" stays "7.0", "1e-05" stays so).
// Emptying a number the schema requires, where the base has it, is an
// error; emptying any other number removes it. Emptying text stores ""
// where the base has the key and removes it otherwise.
func (e *Edit) SetText(f Field, text string) error {
	orig, inBase := e.base.Value(f)
	if f.Kind == TextValue {
		return e.Set(f, text)
	}
	t := strings.TrimSpace(text)
	if t == "" {
		if inBase && f.Required {
			return errors.New("is required")
		}
		e.Remove(f)
		return nil
	}
	if inBase && t == ValueText(orig) {
		return e.Set(f, orig)
	}
	v, err := f.Parse(t)
	if err != nil {
		return err
	}
	return e.Set(f, v)
}

// Remove deletes the field's key. A generation_settings object left empty
// goes too when the base had none, so that nothing is left behind.
func (e *Edit) Remove(f Field) {
	parent, _ := e.parents(f, false)
	if parent == nil {
		return
	}
	parent.Delete(f.Key)
	if f.Setting && parent.Len() == 0 && !e.base.HasSettings() {
		if mi, ok := e.m.Meta().Object("model_info"); ok {
			mi.Delete("generation_settings")
		}
	}
}

// parents returns the object that holds the field in the edited manifest
// and in the base (nil where absent). With create, the edited one is made
// when missing.
func (e *Edit) parents(f Field, create bool) (edited, base *Object) {
	if f.Setting {
		base, _ = e.base.Settings()
		edited, _ = e.m.Settings()
		if edited == nil && create {
			edited = childObject(e.m.ModelInfoObject(), "generation_settings")
		}
	} else {
		base, _ = e.base.Meta().Object("model_info")
		edited, _ = e.m.Meta().Object("model_info")
		if edited == nil && create {
			edited = e.m.ModelInfoObject()
		}
	}
	return edited, base
}

// keepOrder moves key, just set in o, back to where the base order has it
// (Object.Set puts a new key last), so that clearing a value and setting it
// again does not reorder the file's keys.
func keepOrder(o *Object, order []string, key string) {
	at := slices.Index(order, key)
	if at < 0 {
		return
	}
	i := slices.Index(o.keys, key)
	rest := slices.Delete(slices.Clone(o.keys), i, i+1)
	// The key goes after the nearest key that precedes it in the base.
	want := 0
	for j := at - 1; j >= 0; j-- {
		if p := slices.Index(rest, order[j]); p >= 0 {
			want = p + 1
			break
		}
	}
	if want != i {
		o.keys = slices.Insert(rest, want, key)
	}
}

// tagsField is model_info.tags, for the base-aware rules of Set and Remove.
var tagsField = ModelInfoField("tags")

// SetTags replaces the string tags with tags, each trimmed; a blank tag or
// one given twice is refused, naming it. Entries of the list that are not
// strings are kept where they were. An empty list, where the base has no
// tags key, removes the key (see Set).
func (e *Edit) SetTags(tags []string) error {
	clean := make([]string, 0, len(tags))
	seen := make(map[string]bool, len(tags)) // a file may hold a million tags
	for _, t := range tags {
		n, err := NormalizeTag(t)
		if err != nil {
			return err
		}
		if seen[n] {
			return fmt.Errorf("tag %q is given twice", n)
		}
		seen[n] = true
		clean = append(clean, n)
	}
	old := e.m.tagList()
	out := make([]any, 0, len(clean)+len(old))
	for _, t := range clean {
		out = append(out, t)
	}
	for i, x := range old {
		if _, ok := x.(string); !ok {
			out = slices.Insert(out, min(i, len(out)), x)
		}
	}
	return e.Set(tagsField, out)
}

// normalizeTags trims every tag of a batch, refusing the whole batch if one
// is blank.
func normalizeTags(tags []string) ([]string, error) {
	out := make([]string, len(tags))
	for i, t := range tags {
		n, err := NormalizeTag(t)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

// AddTags appends each tag, trimmed, that the list does not hold yet. Tags
// already there are left alone and returned, so that a caller can say so:
// the same edit is meant to run over many files. A blank tag refuses the
// whole batch. Entries already in the file, even duplicates or ones that are
// not strings, are kept as they are.
func (e *Edit) AddTags(tags ...string) (present []string, err error) {
	clean, err := normalizeTags(tags)
	if err != nil {
		return nil, err
	}
	list := e.m.tagList()
	have := map[string]bool{}
	for _, t := range e.m.Tags() {
		have[t] = true
	}
	for _, t := range clean {
		if have[t] {
			present = append(present, t)
			continue
		}
		have[t] = true
		list = append(list, t)
	}
	if len(present) == len(clean) {
		return present, nil
	}
	return present, e.Set(tagsField, list)
}

// RemoveTags removes each tag (compared after trimming) wherever it stands
// in the list. Tags the list does not hold are returned, so that a caller
// can say so; they are not an error.
func (e *Edit) RemoveTags(tags ...string) (absent []string) {
	list := e.m.tagList()
	for _, t := range tags {
		t = strings.TrimSpace(t)
		n := len(list)
		list = slices.DeleteFunc(list, func(x any) bool { return x == t })
		if len(list) == n {
			absent = append(absent, t)
		}
	}
	if len(absent) < len(tags) {
		_ = e.Set(tagsField, list)
	}
	return absent
}

// RenameTag replaces the tag old with new wherever it stands; where new is
// there already, the two merge into one at new's place. It reports whether
// old was there: renaming an absent tag changes nothing and is not an
// error. A blank new name is refused.
func (e *Edit) RenameTag(old, new string) (bool, error) {
	n, err := NormalizeTag(new)
	if err != nil {
		return false, err
	}
	old = strings.TrimSpace(old)
	list := e.m.tagList()
	if !slices.Contains(list, any(old)) {
		return false, nil
	}
	if old == n {
		return true, nil
	}
	merge := slices.Contains(list, any(n))
	out := make([]any, 0, len(list))
	for _, x := range list {
		switch {
		case x == old && merge:
			continue
		case x == old:
			out = append(out, n)
		default:
			out = append(out, x)
		}
	}
	return true, e.Set(tagsField, out)
}

// tagList returns a copy of model_info.tags as stored, or nil.
func (m *Manifest) tagList() []any {
	v, _ := m.Value(tagsField)
	arr, _ := v.([]any)
	return slices.Clone(arr)
}
