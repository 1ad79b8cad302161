package compare

import (
	"sort"
	"strings"

	"github.com/gen5viewer/gen5view/codec"
)

// FieldDiff is one metadata key whose value differs between the files.
type FieldDiff struct {
	// Key is the dotted path under gen5_metadata, such as
	// "model_info.generation_settings.seed".
	Key string `json:"key"`
	// A and B are the values as people read them (codec.ValueText); InA
	// and InB say whether each file has the key at all.
	A   string `json:"a"`
	B   string `json:"b"`
	InA bool   `json:"in_a"`
	InB bool   `json:"in_b"`
	// Words is the word-level difference of two prompts, nil for other
	// keys.
	Words []WordOp `json:"words,omitempty"`
}

// skipped are the parts of gen5_metadata that describe the container
// rather than the picture: every file differs there (sizes, offsets,
// hashes), and the latents are compared by value instead.
var skipped = map[string]bool{"file_info": true, "chunks": true}

// Metadata lists the keys whose values differ between a and b, sorted by
// key. Objects are walked key by key; arrays (tags, GPUs) are compared
// whole. Keys whose last part ends in "prompt" get a word-level difference.
func Metadata(a, b *codec.Manifest) []FieldDiff {
	fa, fb := map[string]any{}, map[string]any{}
	flatten(a.Meta(), "", fa)
	flatten(b.Meta(), "", fb)
	keys := map[string]bool{}
	for k := range fa {
		keys[k] = true
	}
	for k := range fb {
		keys[k] = true
	}
	var out []FieldDiff
	for k := range keys {
		va, inA := fa[k]
		vb, inB := fb[k]
		d := FieldDiff{Key: k, InA: inA, InB: inB}
		if inA {
			d.A = codec.ValueText(va)
		}
		if inB {
			d.B = codec.ValueText(vb)
		}
		if inA == inB && d.A == d.B {
			continue
		}
		if _, isStr := va.(string); isStr && inB && strings.HasSuffix(k, "prompt") {
			if _, isStr := vb.(string); isStr {
				d.Words = Words(d.A, d.B)
			}
		}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

func flatten(o *codec.Object, prefix string, into map[string]any) {
	if o == nil {
		return
	}
	for _, k := range o.Keys() {
		if prefix == "" && skipped[k] {
			continue
		}
		v, _ := o.Get(k)
		if sub, ok := v.(*codec.Object); ok {
			flatten(sub, prefix+k+".", into)
			continue
		}
		into[prefix+k] = v
	}
}
