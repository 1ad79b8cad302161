package codec

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
)

// SafetensorsTensor is one float32 tensor for WriteSafetensors.
type SafetensorsTensor struct {
	Name  string
	Shape []int
	Data  []float32
}

// WriteSafetensors writes tensors, stored as F32 in the order given, and
// metadata (the header's "__metadata__", string to string; omitted when
// empty) in the safetensors layout: an 8-byte little-endian header length,
// the JSON header padded with spaces so that the data starts on an 8-byte
// boundary, then the tensors' bytes back to back, each tensor's
// data_offsets counted from the start of the data.
func WriteSafetensors(w io.Writer, tensors []SafetensorsTensor, metadata map[string]string) error {
	header := map[string]any{}
	if len(metadata) > 0 {
		header["__metadata__"] = metadata
	}
	var offset int64
	for _, t := range tensors {
		if t.Name == "__metadata__" {
			return fmt.Errorf("safetensors: a tensor cannot be called __metadata__")
		}
		if _, dup := header[t.Name]; dup {
			return fmt.Errorf("safetensors: two tensors called %q", t.Name)
		}
		n, err := elementCount(t.Shape)
		if err != nil {
			return fmt.Errorf("safetensors: tensor %q: %v", t.Name, err)
		}
		if n != int64(len(t.Data)) {
			return fmt.Errorf("safetensors: tensor %q has shape %v but %d values", t.Name, t.Shape, len(t.Data))
		}
		shape := append([]int{}, t.Shape...) // [] rather than null for a scalar
		header[t.Name] = safetensorsEntry{DType: "F32", Shape: shape, DataOffsets: []int64{offset, offset + 4*n}}
		offset += 4 * n
	}
	var hdr bytes.Buffer
	enc := json.NewEncoder(&hdr)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(header); err != nil {
		return err
	}
	hdr.Truncate(hdr.Len() - 1) // Encode's newline
	for (8+hdr.Len())%8 != 0 {
		hdr.WriteByte(' ')
	}
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(hdr.Len()))
	if _, err := w.Write(n[:]); err != nil {
		return err
	}
	if _, err := w.Write(hdr.Bytes()); err != nil {
		return err
	}
	buf := make([]byte, 0, 1<<16)
	for _, t := range tensors {
		for _, v := range t.Data {
			buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(v))
			if len(buf) == cap(buf) {
				if _, err := w.Write(buf); err != nil {
					return err
				}
				buf = buf[:0]
			}
		}
	}
	_, err := w.Write(buf)
	return err
}
