package randn

import (
	"fmt"
	"os"

	"github.com/gen5viewer/gen5view/codec"
)

// readNPY reads a torch_randn fixture with the codec's .npy reader,
// insisting on what torch wrote: float32, stored as such.
func readNPY(path string) (shape []int, data []float32, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	t, note, err := codec.ReadNPY(f, st.Size())
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %v", path, err)
	}
	if t.DType != codec.Float32 || note != "" {
		return nil, nil, fmt.Errorf("%s: not stored as float32 (%s %s)", path, t.DType, note)
	}
	return t.Shape, t.Float32(), nil
}
