package codec

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Manifest is the metadata chunk's JSON document: {"gen5_metadata":
// {"file_info", "model_info", "chunks"}}, or the same under
// "raiiaf_metadata" in a .raiiaf file. It is held as an ordered tree (see
// Object) so that keys this package does not know survive every edit and an
// untouched manifest serialises to the bytes it was read from. Typed views
// (ModelInfo, Records) are decoded from the tree on demand; edits go through
// the setters, which change the tree in place.
type Manifest struct {
	root *Object
	// format is the format whose root key the document uses.
	format Format
}

// ParseManifest decodes a manifest. It checks only that the document is an
// object holding a "gen5_metadata" or "raiiaf_metadata" object; the reader
// checks the chunk records it needs, and Validate applies the reference's
// schema rules.
func ParseManifest(data []byte) (*Manifest, error) {
	v, err := ParseJSON(data)
	if err != nil {
		return nil, fmt.Errorf("metadata is not valid JSON: %v", err)
	}
	root, ok := v.(*Object)
	if !ok {
		return nil, errors.New("metadata is not a JSON object")
	}
	for _, f := range []Format{Gen5, Raiiaf} {
		if _, ok := root.Object(f.RootKey()); ok {
			return &Manifest{root: root, format: f}, nil
		}
	}
	return nil, errors.New(`metadata has no "gen5_metadata" or "raiiaf_metadata" object`)
}

// NewManifest returns a .gen5 manifest with an empty model_info, ready to
// fill in. file_info and chunks are written by the writer; Write converts
// it to the format it writes.
func NewManifest() *Manifest {
	meta := NewObject()
	fi := NewObject()
	fi.Set("magic", Magic)
	fi.Set("version_major", json.Number("1"))
	fi.Set("version_minor", json.Number("0"))
	fi.Set("file_size", json.Number("0"))
	fi.Set("chunk_count", json.Number("0"))
	meta.Set("file_info", fi)
	mi := NewObject()
	mi.Set("model_name", "")
	mi.Set("version", "")
	mi.Set("date", "")
	mi.Set("prompt", "")
	mi.Set("tags", []any{})
	meta.Set("model_info", mi)
	meta.Set("chunks", []any{})
	root := NewObject()
	root.Set(Gen5.RootKey(), meta)
	return &Manifest{root: root, format: Gen5}
}

// Format returns the format whose root key the manifest uses.
func (m *Manifest) Format() Format { return m.format }

// ForFormat returns a copy of the manifest as the other format spells it:
// the document moved under that format's root key (in the same place among
// any other top-level keys) and file_info.magic set to its magic. The
// chunk records are left as they are; a writer replaces them.
func (m *Manifest) ForFormat(f Format) *Manifest {
	c := m.Clone()
	if f == m.format {
		return c
	}
	root := NewObject()
	for _, k := range c.root.keys {
		v := c.root.values[k]
		if k == m.format.RootKey() {
			k = f.RootKey()
		} else if k == f.RootKey() {
			continue // a stray key of the target's name gives way
		}
		root.Set(k, v)
	}
	c.root, c.format = root, f
	if fi, ok := c.Meta().Object("file_info"); ok {
		if _, ok := fi.Get("magic"); ok {
			fi.Set("magic", f.Magic())
		}
	}
	return c
}

// Root returns the whole document, for display and for `info --json`.
func (m *Manifest) Root() *Object { return m.root }

// Meta returns the "gen5_metadata" (or "raiiaf_metadata") object.
func (m *Manifest) Meta() *Object {
	meta, _ := m.root.Object(m.format.RootKey())
	return meta
}

// Clone returns a deep copy, so that an editor can change it while the
// reader keeps the original for Revert.
func (m *Manifest) Clone() *Manifest { return &Manifest{root: m.root.Clone(), format: m.format} }

// Marshal serialises the manifest exactly as the Python reference does
// (json.dumps with indent=2).
func (m *Manifest) Marshal() ([]byte, error) { return MarshalPython(m.root) }

// Equal reports whether two manifests serialise to the same bytes.
func (m *Manifest) Equal(o *Manifest) bool {
	a, err1 := m.Marshal()
	b, err2 := o.Marshal()
	return err1 == nil && err2 == nil && string(a) == string(b)
}

// ModelInfoObject returns model_info, creating it when the file has none:
// for code that builds or edits a manifest. Reading goes through ModelInfo,
// Value and the other getters, which never change the manifest.
func (m *Manifest) ModelInfoObject() *Object {
	return childObject(m.Meta(), "model_info")
}

// Settings returns model_info.generation_settings, if the file has it (the
// oldest files have none).
func (m *Manifest) Settings() (*Object, bool) {
	mi, ok := m.Meta().Object("model_info")
	if !ok {
		return nil, false
	}
	return mi.Object("generation_settings")
}

// HasSettings reports whether model_info.generation_settings exists.
func (m *Manifest) HasSettings() bool {
	_, ok := m.Settings()
	return ok
}

// Value returns the field's value as stored, if the manifest has it.
func (m *Manifest) Value(f Field) (any, bool) {
	var parent *Object
	if f.Setting {
		parent, _ = m.Settings()
	} else {
		parent, _ = m.Meta().Object("model_info")
	}
	if parent == nil {
		return nil, false
	}
	return parent.Get(f.Key)
}

func childObject(parent *Object, key string) *Object {
	if o, ok := parent.Object(key); ok {
		return o
	}
	o := NewObject()
	parent.Set(key, o)
	return o
}

// ModelInfo is a typed view of model_info. Fields the file lacks are zero;
// HasSettings and HasHardware tell whether those objects exist.
type ModelInfo struct {
	ModelName          string             `json:"model_name"`
	Version            string             `json:"version"`
	Date               string             `json:"date"`
	Prompt             string             `json:"prompt"`
	NegativePrompt     string             `json:"negative_prompt"`
	Tags               []string           `json:"tags"`
	GenerationSettings GenerationSettings `json:"generation_settings"`
	HardwareInfo       HardwareInfo       `json:"hardware_info"`
	HasSettings        bool               `json:"-"`
	HasHardware        bool               `json:"-"`
}

// GenerationSettings is a typed view of model_info.generation_settings.
type GenerationSettings struct {
	Seed          uint64  `json:"seed"`
	Steps         int     `json:"steps"`
	Sampler       string  `json:"sampler"`
	CFGScale      float64 `json:"cfg_scale"`
	Scheduler     string  `json:"scheduler"`
	Eta           float64 `json:"eta"`
	Guidance      string  `json:"guidance"`
	Precision     string  `json:"precision"`
	Deterministic bool    `json:"deterministic"`
	HasSeed       bool    `json:"-"`
}

// HardwareInfo is a typed view of model_info.hardware_info.
type HardwareInfo struct {
	MachineName string    `json:"machine_name"`
	OS          string    `json:"os"`
	CPU         string    `json:"cpu"`
	CPUCores    int       `json:"cpu_cores"`
	GPU         []GPUInfo `json:"gpu"`
	RAMGB       float64   `json:"ram_gb"`
	Framework   string    `json:"framework"`
	ComputeLib  string    `json:"compute_lib"`
}

// GPUInfo is one entry of hardware_info.gpu.
type GPUInfo struct {
	Name        string  `json:"name"`
	MemoryGB    float64 `json:"memory_gb"`
	Driver      string  `json:"driver"`
	CUDAVersion string  `json:"cuda_version"`
}

// ModelInfo decodes model_info. A value of the wrong type leaves its field
// zero; the error says which, and the rest is still filled in, so that a
// viewer can show what it can.
func (m *Manifest) ModelInfo() (ModelInfo, error) {
	var mi ModelInfo
	obj, ok := m.Meta().Object("model_info")
	if !ok {
		return mi, &FieldError{Path: "model_info", Msg: "missing"}
	}
	raw, err := obj.MarshalJSON()
	if err != nil {
		return mi, err
	}
	err = json.Unmarshal(raw, &mi)
	if gs, ok := obj.Object("generation_settings"); ok {
		mi.HasSettings = true
		_, mi.GenerationSettings.HasSeed = gs.Get("seed")
	}
	_, mi.HasHardware = obj.Object("hardware_info")
	if err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return mi, &FieldError{Path: "model_info." + te.Field, Msg: "has the wrong type (" + te.Value + ")"}
		}
		return mi, err
	}
	return mi, nil
}

// Prompt returns model_info.prompt, or "" when it is absent or not text.
func (m *Manifest) Prompt() string {
	v, _ := m.Value(ModelInfoField("prompt"))
	s, _ := v.(string)
	return s
}

// SetPrompt sets model_info.prompt.
func (m *Manifest) SetPrompt(p string) { m.ModelInfoObject().Set("prompt", p) }

// Tags returns model_info.tags; entries that are not strings are skipped.
func (m *Manifest) Tags() []string {
	tags := []string{}
	for _, x := range m.tagList() {
		if s, ok := x.(string); ok {
			tags = append(tags, s)
		}
	}
	return tags
}

// NormalizeTag trims white space from a tag and refuses a blank one.
func NormalizeTag(t string) (string, error) {
	t = strings.TrimSpace(t)
	if t == "" {
		return "", errors.New("a tag cannot be blank")
	}
	return t, nil
}

// SetTags replaces model_info.tags, for a manifest being built. Each tag is
// trimmed; blank tags and duplicates are refused, naming the offending
// tag. An edit of a file's tags goes through Edit, which keeps what the file
// holds besides.
func (m *Manifest) SetTags(tags []string) error {
	out := make([]any, 0, len(tags))
	seen := map[string]bool{}
	for _, t := range tags {
		n, err := NormalizeTag(t)
		if err != nil {
			return err
		}
		if seen[n] {
			return fmt.Errorf("tag %q is given twice", n)
		}
		seen[n] = true
		out = append(out, n)
	}
	m.ModelInfoObject().Set("tags", out)
	return nil
}

// SetModelInfo sets a top-level model_info string field such as
// "model_name" or "version".
func (m *Manifest) SetModelInfo(key, value string) { m.ModelInfoObject().Set(key, value) }

// Setting returns a generation_settings value as stored.
func (m *Manifest) Setting(key string) (any, bool) { return m.Value(SettingField(key)) }

// SetSetting stores a generation_settings value, creating the object when
// the manifest has none. Integers, floats, strings and booleans are
// accepted; floats are written as Python writes them, so 7 given as a float
// stays "7.0".
func (m *Manifest) SetSetting(key string, v any) error {
	n, err := toTreeValue(v)
	if err != nil {
		return fmt.Errorf("generation_settings.%s: %v", key, err)
	}
	childObject(m.ModelInfoObject(), "generation_settings").Set(key, n)
	return nil
}

// toTreeValue turns a Go value into its tree form.
func toTreeValue(v any) (any, error) {
	switch v := v.(type) {
	case int:
		return json.Number(strconv.Itoa(v)), nil
	case int64:
		return json.Number(strconv.FormatInt(v, 10)), nil
	case uint64:
		return json.Number(strconv.FormatUint(v, 10)), nil
	case float64:
		s, err := PyFloat(v)
		if err != nil {
			return nil, err
		}
		return json.Number(s), nil
	case string, bool, nil, json.Number, *Object, []any:
		return v, nil
	case []string:
		arr := make([]any, len(v))
		for i, s := range v {
			arr[i] = s
		}
		return arr, nil
	}
	return nil, fmt.Errorf("unsupported value %T", v)
}

// ChunkRecord is a typed view of one entry of the "chunks" array.
type ChunkRecord struct {
	Index            int
	Type             string
	Flags            string
	Offset           int64
	CompressedSize   int64
	UncompressedSize int64
	Hash             string
	Extra            *Object
	Compressed       bool
	// LenHeader and LenData are .raiiaf's split of a compressed LATN body:
	// a zstd frame of the chunk header (LenHeader bytes), then the zfp
	// stream (LenData bytes). They are 0 where the record has null or
	// lacks them, as .gen5 records and .raiiaf's DATA and ENVC do.
	LenHeader int64
	LenData   int64
}

// The two record keys .raiiaf adds after "compressed".
const (
	keyLenHeader = "len_header"
	keyLenData   = "len_data"
)

// recordKeys are the nine keys the reference's schema requires of a record,
// in the order it writes them.
var recordKeys = []string{"index", "type", "flags", "offset", "compressed_size", "uncompressed_size", "hash", "extra", "compressed"}

// chunkRecords returns the raw record objects.
func (m *Manifest) chunkRecords() ([]*Object, error) {
	v, ok := m.Meta().Get("chunks")
	if !ok {
		return nil, &FieldError{Path: "chunks", Msg: "missing"}
	}
	arr, ok := v.([]any)
	if !ok {
		return nil, &FieldError{Path: "chunks", Msg: "is not an array"}
	}
	out := make([]*Object, len(arr))
	for i, x := range arr {
		o, ok := x.(*Object)
		if !ok {
			return nil, &FieldError{Path: fmt.Sprintf("chunks[%d]", i), Msg: "is not an object"}
		}
		out[i] = o
	}
	return out, nil
}

// Records decodes the chunk records, checking that each has every required
// key with a value of the right type and range.
func (m *Manifest) Records() ([]ChunkRecord, error) {
	objs, err := m.chunkRecords()
	if err != nil {
		return nil, err
	}
	recs := make([]ChunkRecord, len(objs))
	for i, o := range objs {
		rec, err := parseRecord(o)
		if err != nil {
			return nil, &FieldError{Path: fmt.Sprintf("chunks[%d].%s", i, err.Path), Msg: err.Msg}
		}
		recs[i] = rec
	}
	return recs, nil
}

func parseRecord(o *Object) (ChunkRecord, *FieldError) {
	var r ChunkRecord
	for _, k := range recordKeys {
		if _, ok := o.Get(k); !ok {
			return r, &FieldError{Path: k, Msg: "missing"}
		}
	}
	var ferr *FieldError
	num := func(k string, max int64) int64 {
		if ferr != nil {
			return 0
		}
		v, ok := intValue(o.values[k])
		if !ok || v < 0 || v > max {
			ferr = &FieldError{Path: k, Msg: fmt.Sprintf("must be an integer from 0 to %d", max)}
		}
		return v
	}
	str := func(k string) string {
		if ferr != nil {
			return ""
		}
		s, ok := o.values[k].(string)
		if !ok {
			ferr = &FieldError{Path: k, Msg: "must be a string"}
		}
		return s
	}
	r.Index = int(num("index", math.MaxInt32))
	r.Offset = num("offset", math.MaxUint32)
	r.CompressedSize = num("compressed_size", math.MaxUint32)
	r.UncompressedSize = num("uncompressed_size", math.MaxUint32)
	r.Type = str("type")
	r.Flags = str("flags")
	r.Hash = str("hash")
	if ferr != nil {
		return r, ferr
	}
	if r.Extra, _ = o.values["extra"].(*Object); r.Extra == nil {
		return r, &FieldError{Path: "extra", Msg: "must be an object"}
	}
	var ok bool
	if r.Compressed, ok = o.values["compressed"].(bool); !ok {
		return r, &FieldError{Path: "compressed", Msg: "must be true or false"}
	}
	for _, k := range []string{keyLenHeader, keyLenData} {
		if v, ok := o.Get(k); ok && v != nil {
			n := num(k, math.MaxUint32)
			if ferr != nil {
				return r, ferr
			}
			if k == keyLenHeader {
				r.LenHeader = n
			} else {
				r.LenData = n
			}
		}
	}
	return r, nil
}

// intValue reads an integer from a tree number. Integral floats count, as
// they do for JSON Schema's "integer" type.
func intValue(v any) (int64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	if i, err := strconv.ParseInt(string(n), 10, 64); err == nil {
		return i, true
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, false
	}
	return int64(f), true
}

// floatValue reads any tree number as a float64.
func floatValue(v any) (float64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(n), 64)
	return f, err == nil
}
