package codec

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ParseShape reads a tensor shape as people type it: whole numbers of at
// least 1, separated by commas, "x", "×" or spaces and optionally in
// brackets, as "1,4,64,64", "1x4x64x64" or "(1, 4, 64, 64)". A shape with
// more elements than a chunk may hold is refused.
func ParseShape(s string) ([]int, error) {
	fields := strings.FieldsFunc(s, func(r rune) bool {
		return strings.ContainsRune(",×xX ()[]", r)
	})
	if len(fields) == 0 {
		return nil, errors.New("give the sizes of the dimensions, like 1,4,64,64")
	}
	shape := make([]int, len(fields))
	for i, f := range fields {
		v, err := strconv.Atoi(f)
		if err != nil || v < 1 {
			return nil, fmt.Errorf("%q is not a size; give whole numbers of at least 1, like 1,4,64,64", f)
		}
		shape[i] = v
	}
	if _, err := elementCount(shape); err != nil {
		return nil, err
	}
	return shape, nil
}
