package codec

import (
	"bytes"
	"errors"
	"fmt"
)

// ReadNoiseFile reads an initial-noise tensor from a .npy or .safetensors
// file, recognised by its contents rather than its name. name picks a
// tensor in a .safetensors file holding several ("" for the only one). The
// note says what was converted, or is "". Errors name the file.
func ReadNoiseFile(path, name string) (*Tensor, string, error) {
	f, size, err := OpenRegular(path)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	var head [16]byte
	n, _ := f.ReadAt(head[:], 0)
	var t *Tensor
	var note string
	switch kind := sniffNoise(head[:n]); kind {
	case "npy":
		t, note, err = ReadNPY(f, size)
	case "safetensors":
		t, note, err = ReadSafetensors(f, size, name)
	case "pickle":
		err = errPickle
	default:
		err = errors.New("is neither a .npy nor a .safetensors file")
	}
	if err != nil {
		return nil, "", fmt.Errorf("%s: %v", path, err)
	}
	return t, note, nil
}

// sniffNoise tells the noise file formats apart by their first bytes.
func sniffNoise(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte(npyMagic)):
		return "npy"
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), len(head) > 1 && head[0] == 0x80 && head[1] <= 5:
		// torch.save writes a zip archive (or, before 1.6, a bare pickle).
		return "pickle"
	case len(head) >= 9 && head[8] == '{':
		return "safetensors"
	}
	return ""
}
