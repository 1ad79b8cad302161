package codec

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// maxSafetensorsHeader bounds the JSON header of a .safetensors file
// (the format's own limit is 100 MB).
const maxSafetensorsHeader = 100 << 20

type safetensorsEntry struct {
	DType       string  `json:"dtype"`
	Shape       []int   `json:"shape"`
	DataOffsets []int64 `json:"data_offsets"`
}

// SafetensorsNames lists the tensors in a .safetensors file, sorted.
func SafetensorsNames(r io.ReaderAt, size int64) ([]string, error) {
	entries, _, err := readSafetensorsHeader(r, size)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(entries))
	for k := range entries {
		names = append(names, k)
	}
	sort.Strings(names)
	return names, nil
}

func readSafetensorsHeader(r io.ReaderAt, size int64) (map[string]safetensorsEntry, int64, error) {
	var nb [8]byte
	if _, err := r.ReadAt(nb[:], 0); err != nil {
		return nil, 0, fmt.Errorf("not a .safetensors file: %v", err)
	}
	n := binary.LittleEndian.Uint64(nb[:])
	if n > maxSafetensorsHeader || int64(n) > size-8 {
		return nil, 0, fmt.Errorf("not a .safetensors file: header of %d bytes does not fit", n)
	}
	hdr := make([]byte, n)
	if _, err := r.ReadAt(hdr, 8); err != nil {
		return nil, 0, fmt.Errorf("truncated .safetensors header: %v", err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(hdr, &raw); err != nil {
		return nil, 0, fmt.Errorf("bad .safetensors header: %v", err)
	}
	entries := map[string]safetensorsEntry{}
	for k, v := range raw {
		if k == "__metadata__" {
			continue
		}
		var e safetensorsEntry
		if err := json.Unmarshal(v, &e); err != nil {
			return nil, 0, fmt.Errorf("bad .safetensors entry %q: %v", k, err)
		}
		entries[k] = e
	}
	return entries, 8 + int64(n), nil
}

// ReadSafetensors reads one tensor of a .safetensors file: the one called
// name, or, when name is "", the only one the file holds. F16 and F32 are
// kept; BF16 and F64 are converted to float32 and the note says so.
func ReadSafetensors(r io.ReaderAt, size int64, name string) (t *Tensor, note string, err error) {
	entries, base, err := readSafetensorsHeader(r, size)
	if err != nil {
		return nil, "", err
	}
	if name == "" {
		if len(entries) != 1 {
			names, _ := SafetensorsNames(r, size)
			return nil, "", fmt.Errorf("the file holds %d tensors (%s); name the one to use", len(entries), strings.Join(names, ", "))
		}
		for k := range entries {
			name = k
		}
	}
	e, ok := entries[name]
	if !ok {
		return nil, "", fmt.Errorf("no tensor called %q in the file", name)
	}
	var kind byte = 'f'
	var itemSize int
	switch e.DType {
	case "F16":
		itemSize = 2
	case "F32":
		itemSize = 4
	case "F64":
		itemSize = 8
	case "BF16":
		kind, itemSize = 'b', 2
	default:
		return nil, "", fmt.Errorf("tensor %q has dtype %s; the noise must be F16, F32, BF16 or F64", name, e.DType)
	}
	count, err := elementCount(e.Shape)
	if err != nil {
		return nil, "", fmt.Errorf("tensor %q: %v", name, err)
	}
	if len(e.DataOffsets) != 2 || e.DataOffsets[0] < 0 || e.DataOffsets[1] < e.DataOffsets[0] ||
		e.DataOffsets[1]-e.DataOffsets[0] != count*int64(itemSize) || base+e.DataOffsets[1] > size {
		return nil, "", fmt.Errorf("tensor %q: data_offsets %v do not fit shape %v or the file", name, e.DataOffsets, e.Shape)
	}
	data := make([]byte, count*int64(itemSize))
	if _, err := r.ReadAt(data, base+e.DataOffsets[0]); err != nil {
		return nil, "", fmt.Errorf("tensor %q: %v", name, err)
	}
	t, note = elementsToTensor(data, binary.LittleEndian, kind, itemSize)
	t.Shape = append([]int{}, e.Shape...)
	return t, note, nil
}

var errPickle = errors.New("is a PyTorch pickle (.pt/.pth), which cannot be read safely; save it with numpy.save or safetensors")
