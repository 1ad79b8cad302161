package codec

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// Validate checks a manifest against the rules of the reference's JSON
// Schema (draft-07), which the reference applies before it writes: a file
// that breaks them would be refused there. It returns the first violation as
// a *FieldError; ValidateAll returns them all.
func Validate(m *Manifest) error {
	if errs := ValidateAll(m); len(errs) > 0 {
		return errs[0]
	}
	return nil
}

// ValidateAll returns every violation of the reference's schema rules, each
// naming its field, so that an editor can mark them all at once.
func ValidateAll(m *Manifest) []*FieldError {
	var v validator
	meta := m.Meta()
	if meta == nil {
		v.add(m.Format().RootKey(), "missing")
		return v.errs
	}
	if fi, ok := v.object(meta, "file_info", "file_info", true); ok {
		if s, ok := v.str(fi, "magic", "file_info.magic", true); ok && s != m.Format().Magic() {
			v.add("file_info.magic", fmt.Sprintf("must be %q", m.Format().Magic()))
		}
		v.integer(fi, "version_major", "file_info.version_major", 1, true)
	}
	if mi, ok := v.object(meta, "model_info", "model_info", true); ok {
		for _, k := range []string{"model_name", "version", "date", "prompt"} {
			v.str(mi, k, "model_info."+k, true)
		}
		if tags, ok := v.array(mi, "tags", "model_info.tags", true); ok {
			for i, t := range tags {
				if _, ok := t.(string); !ok {
					v.add(fmt.Sprintf("model_info.tags[%d]", i), "must be a string")
				}
			}
		}
		if gs, ok := v.object(mi, "generation_settings", "model_info.generation_settings", false); ok {
			p := "model_info.generation_settings."
			v.integer(gs, "seed", p+"seed", 0, true)
			v.integer(gs, "steps", p+"steps", 1, true)
			v.str(gs, "sampler", p+"sampler", true)
			v.number(gs, "cfg_scale", p+"cfg_scale", 0, false)
			v.number(gs, "eta", p+"eta", 0, false)
			v.boolean(gs, "deterministic", p+"deterministic", false)
		}
		if hw, ok := v.object(mi, "hardware_info", "model_info.hardware_info", false); ok {
			p := "model_info.hardware_info."
			if _, ok := hw.Get("os"); !ok {
				v.add(p+"os", "is required")
			}
			v.integer(hw, "cpu_cores", p+"cpu_cores", 1, false)
			v.number(hw, "ram_gb", p+"ram_gb", 0, false)
			if gpus, ok := v.array(hw, "gpu", p+"gpu", false); ok {
				for i, g := range gpus {
					gp := fmt.Sprintf("%sgpu[%d]", p, i)
					o, ok := g.(*Object)
					if !ok {
						v.add(gp, "must be an object")
						continue
					}
					if _, ok := o.Get("name"); !ok {
						v.add(gp+".name", "is required")
					}
					v.number(o, "memory_gb", gp+".memory_gb", 0, false)
				}
			}
		}
	}
	if _, err := m.Records(); err != nil {
		var fe *FieldError
		if errors.As(err, &fe) {
			v.errs = append(v.errs, fe)
		} else {
			v.add("chunks", err.Error())
		}
	}
	return v.errs
}

type validator struct{ errs []*FieldError }

func (v *validator) add(path, msg string) { v.errs = append(v.errs, &FieldError{Path: path, Msg: msg}) }

func (v *validator) get(o *Object, key, path string, required bool) (any, bool) {
	x, ok := o.Get(key)
	if !ok && required {
		v.add(path, "is required")
	}
	return x, ok
}

func (v *validator) object(o *Object, key, path string, required bool) (*Object, bool) {
	x, ok := v.get(o, key, path, required)
	if !ok {
		return nil, false
	}
	obj, ok := x.(*Object)
	if !ok {
		v.add(path, "must be an object")
	}
	return obj, ok
}

func (v *validator) array(o *Object, key, path string, required bool) ([]any, bool) {
	x, ok := v.get(o, key, path, required)
	if !ok {
		return nil, false
	}
	arr, ok := x.([]any)
	if !ok {
		v.add(path, "must be a list")
	}
	return arr, ok
}

func (v *validator) str(o *Object, key, path string, required bool) (string, bool) {
	x, ok := v.get(o, key, path, required)
	if !ok {
		return "", false
	}
	s, ok := x.(string)
	if !ok {
		v.add(path, "must be text")
	}
	return s, ok
}

func (v *validator) integer(o *Object, key, path string, min int64, required bool) {
	x, ok := v.get(o, key, path, required)
	if !ok {
		return
	}
	if n, ok := intValue(x); !ok {
		// Seeds run to 2^64-1 (ComfyUI draws them so), past int64; the
		// reference's schema only asks for a non-negative integer.
		if num, isNum := x.(json.Number); isNum {
			if _, err := strconv.ParseUint(string(num), 10, 64); err == nil {
				return
			}
		}
		v.add(path, "must be a whole number")
	} else if n < min {
		v.add(path, fmt.Sprintf("must be at least %d", min))
	}
}

func (v *validator) number(o *Object, key, path string, min float64, required bool) {
	x, ok := v.get(o, key, path, required)
	if !ok {
		return
	}
	if f, ok := floatValue(x); !ok {
		v.add(path, "must be a number")
	} else if f < min {
		v.add(path, fmt.Sprintf("must be at least %g", min))
	}
}

func (v *validator) boolean(o *Object, key, path string, required bool) {
	x, ok := v.get(o, key, path, required)
	if !ok {
		return
	}
	if _, ok := x.(bool); !ok {
		v.add(path, "must be true or false")
	}
}
