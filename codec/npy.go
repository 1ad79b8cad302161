package codec

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// npyMagic starts every NumPy .npy file.
const npyMagic = "\x93NUMPY"

// maxNPYHeader bounds the header a .npy file may declare; numpy writes a
// 128-byte one for any latent.
const maxNPYHeader = 1 << 20

// ReadNPY reads a NumPy .npy array (format versions 1 to 3) of float16 or
// float32, either byte order, C or Fortran order; float64 is converted to
// float32 and the returned note says so (it is "" otherwise). size is the
// number of bytes r holds; it bounds what a damaged header may make the
// reader allocate.
func ReadNPY(r io.Reader, size int64) (t *Tensor, note string, err error) {
	var pre [10]byte
	if _, err := io.ReadFull(r, pre[:8]); err != nil {
		return nil, "", fmt.Errorf("not a .npy file: %v", err)
	}
	if string(pre[:6]) != npyMagic {
		return nil, "", errors.New("not a .npy file (no \\x93NUMPY magic)")
	}
	major := pre[6]
	var hlen int64
	var used int64 = 8
	switch major {
	case 1:
		if _, err := io.ReadFull(r, pre[8:10]); err != nil {
			return nil, "", fmt.Errorf("truncated .npy header: %v", err)
		}
		hlen = int64(binary.LittleEndian.Uint16(pre[8:10]))
		used += 2
	case 2, 3:
		var b [4]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return nil, "", fmt.Errorf("truncated .npy header: %v", err)
		}
		hlen = int64(binary.LittleEndian.Uint32(b[:]))
		used += 4
	default:
		return nil, "", fmt.Errorf(".npy format version %d.%d is not supported", major, pre[7])
	}
	if hlen > maxNPYHeader || used+hlen > size {
		return nil, "", fmt.Errorf(".npy header of %d bytes does not fit the file", hlen)
	}
	hdr := make([]byte, hlen)
	if _, err := io.ReadFull(r, hdr); err != nil {
		return nil, "", fmt.Errorf("truncated .npy header: %v", err)
	}
	used += hlen
	d, err := parseNPYHeader(string(hdr))
	if err != nil {
		return nil, "", fmt.Errorf("bad .npy header: %v", err)
	}
	order, kind, itemSize, err := parseDescr(d.descr)
	if err != nil {
		return nil, "", err
	}
	n, err := elementCount(d.shape)
	if err != nil {
		return nil, "", err
	}
	if n*int64(itemSize) > size-used {
		return nil, "", fmt.Errorf(".npy data is %d bytes, the shape %v needs %d", size-used, d.shape, n*int64(itemSize))
	}
	data := make([]byte, n*int64(itemSize))
	if _, err := io.ReadFull(r, data); err != nil {
		return nil, "", fmt.Errorf("truncated .npy data: %v", err)
	}
	t, note = elementsToTensor(data, order, kind, itemSize)
	t.Shape = d.shape
	if d.fortran && len(d.shape) > 1 {
		t.Raw = fortranToC(t.Raw, d.shape, t.DType.Size())
		note = joinNotes(note, "Fortran order rearranged to C order")
	}
	return t, note, nil
}

func joinNotes(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// elementsToTensor turns raw elements of any supported type into float16 or
// float32 little-endian bytes.
func elementsToTensor(data []byte, order binary.ByteOrder, kind byte, itemSize int) (*Tensor, string) {
	n := len(data) / itemSize
	switch {
	case kind == 'f' && itemSize == 2:
		if order == binary.BigEndian {
			swapBytes(data, 2)
		}
		return &Tensor{DType: Float16, Raw: data}, ""
	case kind == 'f' && itemSize == 4:
		if order == binary.BigEndian {
			swapBytes(data, 4)
		}
		return &Tensor{DType: Float32, Raw: data}, ""
	case kind == 'f' && itemSize == 8:
		out := make([]byte, 4*n)
		for i := 0; i < n; i++ {
			f := math.Float64frombits(order.Uint64(data[8*i:]))
			binary.LittleEndian.PutUint32(out[4*i:], math.Float32bits(float32(f)))
		}
		return &Tensor{DType: Float32, Raw: out}, "float64 converted to float32"
	case kind == 'b': // bfloat16: the high half of a float32
		out := make([]byte, 4*n)
		for i := 0; i < n; i++ {
			binary.LittleEndian.PutUint32(out[4*i:], uint32(order.Uint16(data[2*i:]))<<16)
		}
		return &Tensor{DType: Float32, Raw: out}, "bfloat16 converted to float32"
	}
	panic("unreachable: descr checked by the caller")
}

func swapBytes(b []byte, size int) {
	for i := 0; i+size <= len(b); i += size {
		for j := 0; j < size/2; j++ {
			b[i+j], b[i+size-1-j] = b[i+size-1-j], b[i+j]
		}
	}
}

// fortranToC reorders column-major elements to row-major.
func fortranToC(src []byte, shape []int, es int) []byte {
	dst := make([]byte, len(src))
	n := len(src) / es
	rank := len(shape)
	idx := make([]int, rank)
	for i := 0; i < n; i++ {
		// i walks C order; find the Fortran offset of the same index.
		f, stride := 0, 1
		for k := 0; k < rank; k++ {
			f += idx[k] * stride
			stride *= shape[k]
		}
		copy(dst[i*es:(i+1)*es], src[f*es:(f+1)*es])
		for k := rank - 1; k >= 0; k-- {
			idx[k]++
			if idx[k] < shape[k] {
				break
			}
			idx[k] = 0
		}
	}
	return dst
}

// parseDescr understands the dtype strings a noise array can have.
func parseDescr(descr string) (binary.ByteOrder, byte, int, error) {
	if len(descr) < 3 {
		return nil, 0, 0, fmt.Errorf("unsupported .npy dtype %q", descr)
	}
	var order binary.ByteOrder
	switch descr[0] {
	case '<', '|', '=':
		order = binary.LittleEndian
	case '>':
		order = binary.BigEndian
	default:
		return nil, 0, 0, fmt.Errorf("unsupported .npy dtype %q", descr)
	}
	switch descr[1:] {
	case "f2":
		return order, 'f', 2, nil
	case "f4":
		return order, 'f', 4, nil
	case "f8":
		return order, 'f', 8, nil
	}
	return nil, 0, 0, fmt.Errorf("unsupported .npy dtype %q: the noise must be float16, float32 or float64", descr)
}

type npyHeader struct {
	descr   string
	fortran bool
	shape   []int
}

// parseNPYHeader reads the Python dict literal numpy writes, e.g.
// {'descr': '<f4', 'fortran_order': False, 'shape': (1, 4, 64, 64), }
func parseNPYHeader(s string) (npyHeader, error) {
	var h npyHeader
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "{") || !strings.HasSuffix(s, "}") {
		return h, errors.New("not a dict")
	}
	p := &pyLit{s: s[1 : len(s)-1]}
	seen := map[string]bool{}
	for {
		p.skipSpace()
		if p.done() {
			break
		}
		key, err := p.str()
		if err != nil {
			return h, err
		}
		p.skipSpace()
		if !p.eat(':') {
			return h, errors.New("expected ':'")
		}
		p.skipSpace()
		switch key {
		case "descr":
			if h.descr, err = p.str(); err != nil {
				return h, err
			}
		case "fortran_order":
			if h.fortran, err = p.boolean(); err != nil {
				return h, err
			}
		case "shape":
			if h.shape, err = p.tuple(); err != nil {
				return h, err
			}
		default:
			return h, fmt.Errorf("unexpected key %q", key)
		}
		seen[key] = true
		p.skipSpace()
		if !p.eat(',') {
			p.skipSpace()
			if !p.done() {
				return h, errors.New("expected ','")
			}
		}
	}
	for _, k := range []string{"descr", "fortran_order", "shape"} {
		if !seen[k] {
			return h, fmt.Errorf("no %q key", k)
		}
	}
	return h, nil
}

// pyLit is a cursor over a Python literal.
type pyLit struct {
	s string
	i int
}

func (p *pyLit) done() bool { return p.i >= len(p.s) }
func (p *pyLit) skipSpace() {
	for p.i < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.i]) >= 0 {
		p.i++
	}
}
func (p *pyLit) eat(c byte) bool {
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}
func (p *pyLit) str() (string, error) {
	if p.done() || (p.s[p.i] != '\'' && p.s[p.i] != '"') {
		return "", errors.New("expected a string")
	}
	q := p.s[p.i]
	end := strings.IndexByte(p.s[p.i+1:], q)
	if end < 0 {
		return "", errors.New("unterminated string")
	}
	v := p.s[p.i+1 : p.i+1+end]
	p.i += end + 2
	return v, nil
}
func (p *pyLit) boolean() (bool, error) {
	switch {
	case strings.HasPrefix(p.s[p.i:], "True"):
		p.i += 4
		return true, nil
	case strings.HasPrefix(p.s[p.i:], "False"):
		p.i += 5
		return false, nil
	}
	return false, errors.New("expected True or False")
}
func (p *pyLit) tuple() ([]int, error) {
	if !p.eat('(') {
		return nil, errors.New("expected a tuple")
	}
	shape := []int{}
	for {
		p.skipSpace()
		if p.eat(')') {
			return shape, nil
		}
		j := p.i
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
		}
		if j == p.i {
			return nil, errors.New("expected a dimension")
		}
		d, err := strconv.Atoi(p.s[j:p.i])
		if err != nil || d > math.MaxInt32 {
			return nil, fmt.Errorf("dimension %q out of range", p.s[j:p.i])
		}
		shape = append(shape, d)
		p.skipSpace()
		if !p.eat(',') {
			p.skipSpace()
			if !p.eat(')') {
				return nil, errors.New("expected ',' or ')'")
			}
			return shape, nil
		}
	}
}

// WriteNPY writes t as a version 1.0 .npy file, byte for byte as
// numpy.save writes it: the header dict with sorted keys, room for the first
// axis to grow, padded with spaces to a multiple of 64 bytes.
func WriteNPY(w io.Writer, t *Tensor) error {
	descr := "<f4"
	if t.DType == Float16 {
		descr = "<f2"
	}
	dims := make([]string, len(t.Shape))
	for i, d := range t.Shape {
		dims[i] = strconv.Itoa(d)
	}
	shape := "(" + strings.Join(dims, ", ") + ")"
	if len(t.Shape) == 1 {
		shape = "(" + dims[0] + ",)"
	}
	hdr := "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }"
	if len(t.Shape) > 0 {
		// numpy leaves room for the first axis to grow to 21 digits.
		hdr += strings.Repeat(" ", 21-len(dims[0]))
	}
	total := len(npyMagic) + 4 + len(hdr) + 1
	pad := (64 - total%64) % 64
	hdr += strings.Repeat(" ", pad) + "\n"
	if len(hdr) > math.MaxUint16 {
		return errors.New("shape too long for a .npy header")
	}
	var b bytes.Buffer
	b.WriteString(npyMagic)
	b.Write([]byte{1, 0})
	_ = binary.Write(&b, binary.LittleEndian, uint16(len(hdr)))
	b.WriteString(hdr)
	if _, err := w.Write(b.Bytes()); err != nil {
		return err
	}
	_, err := w.Write(t.Raw)
	return err
}
