package randn

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// readNPY reads the fixtures' .npy files: NumPy format version 1,
// little-endian float32, C order. It is deliberately minimal; the codec
// package owns the general reader.
func readNPY(path string) (shape []int, data []float32, err error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	if len(raw) < 10 || !bytes.Equal(raw[:6], []byte("\x93NUMPY")) {
		return nil, nil, fmt.Errorf("%s: not a .npy file", path)
	}
	if raw[6] != 1 {
		return nil, nil, fmt.Errorf("%s: format version %d.%d, want 1.x", path, raw[6], raw[7])
	}
	hlen := int(binary.LittleEndian.Uint16(raw[8:10]))
	if 10+hlen > len(raw) {
		return nil, nil, fmt.Errorf("%s: truncated header", path)
	}
	header := string(raw[10 : 10+hlen])
	if !strings.Contains(header, "'descr': '<f4'") {
		return nil, nil, fmt.Errorf("%s: dtype is not <f4: %s", path, header)
	}
	if !strings.Contains(header, "'fortran_order': False") {
		return nil, nil, fmt.Errorf("%s: not C order: %s", path, header)
	}
	m := regexp.MustCompile(`'shape': \(([^)]*)\)`).FindStringSubmatch(header)
	if m == nil {
		return nil, nil, fmt.Errorf("%s: no shape in header: %s", path, header)
	}
	n := 1
	shape = []int{}
	for _, f := range strings.Split(m[1], ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		d, err := strconv.Atoi(f)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: bad shape %q", path, m[1])
		}
		shape = append(shape, d)
		n *= d
	}
	body := raw[10+hlen:]
	if len(body) != 4*n {
		return nil, nil, fmt.Errorf("%s: %d data bytes for %d elements", path, len(body), n)
	}
	data = make([]float32, n)
	for i := range data {
		data[i] = math.Float32frombits(binary.LittleEndian.Uint32(body[4*i:]))
	}
	return shape, data, nil
}
