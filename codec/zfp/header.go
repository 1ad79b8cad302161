package zfp

import (
	"errors"
	"fmt"
)

// Type is the scalar type of a zfp array, numbered as zfp numbers it.
type Type uint8

// The scalar types a zfp stream can hold.
const (
	Int32   Type = 1
	Int64   Type = 2
	Float32 Type = 3
	Float64 Type = 4
)

func (t Type) String() string {
	switch t {
	case Int32:
		return "int32"
	case Int64:
		return "int64"
	case Float32:
		return "float32"
	case Float64:
		return "float64"
	}
	return fmt.Sprintf("type %d", uint8(t))
}

// Size is the number of bytes one value of the type takes.
func (t Type) Size() int {
	if t == Int32 || t == Float32 {
		return 4
	}
	return 8
}

// codecVersion is the stream version zfp 1.0 writes and the only one it reads.
const codecVersion = 5

// Limits and constants of zfp 1.0 (zfp.h).
const (
	maxBits = 16658 // largest number of bits a block can take
	minExp  = -1074 // smallest base-2 exponent of a double

	modeShortBits = 12
	modeShortMax  = 1<<modeShortBits - 2 // 4095 announces the 64-bit form
	metaBits      = 52
	headerBits    = 32 + metaBits + modeShortBits // magic, metadata, short mode

	modeReversible = 2048 + 128
)

// Params are zfp's four compression parameters, which every mode sets.
type Params struct {
	MinBits uint32 // a block takes at least this many bits (padded)
	MaxBits uint32 // a block takes at most this many bits (truncated)
	MaxPrec uint32 // at most this many bit planes are coded
	MinExp  int32  // bit planes below 2^MinExp are not coded
}

// Reversible reports whether the parameters select the lossless mode, which
// zfp marks by a minimum exponent below any a double can have.
func (p Params) Reversible() bool { return p.MinExp < minExp }

// Header is zfp's full stream header: the array's scalar type and sizes and
// the compression mode.
type Header struct {
	Type Type
	// Dims is the number of dimensions, 1 to 4.
	Dims int
	// NX, NY, NZ, NW are the sizes along x (fastest varying), y, z and w;
	// those beyond Dims are 0.
	NX, NY, NZ, NW int
	// Mode is the mode word as stored: 12 bits, or 64 in the expert form.
	Mode uint64
	Params
	// Bits is the header's length in bits: 96, or 148 with a 64-bit mode.
	Bits int
}

// Shape is the array's shape in C order (slowest-varying axis first), as
// NumPy and zfpy give it: (nw, nz, ny, nx) for a 4D array.
func (h Header) Shape() []int {
	all := []int{h.NW, h.NZ, h.NY, h.NX}
	return all[4-h.Dims:]
}

// Count is the number of values in the array.
func (h Header) Count() int {
	n := 1
	for _, s := range h.Shape() {
		n *= s // at most 2^48 for 4D (4 × 12-bit sizes), 2^32 for 1D: no overflow
	}
	return n
}

// ModeName names the mode as zfp's documentation does.
func (h Header) ModeName() string {
	switch {
	case h.Reversible():
		return "reversible"
	case h.Mode < 2048:
		return fmt.Sprintf("fixed rate (%d bits a block)", h.MaxBits)
	case h.Mode < modeReversible:
		return fmt.Sprintf("fixed precision (%d bit planes)", h.MaxPrec)
	case h.Mode <= modeShortMax:
		return fmt.Sprintf("fixed accuracy (tolerance 2^%d)", h.MinExp)
	}
	return "expert mode"
}

// ErrNotZFP is returned for data that does not start with a zfp header.
var ErrNotZFP = errors.New("not a zfp stream (no \"zfp\" magic)")

// ReadHeader parses the full header at the start of a stream.
func ReadHeader(stream []byte) (Header, error) {
	var h Header
	if len(stream) < headerBits/8 {
		if len(stream) >= 3 && string(stream[:3]) == "zfp" {
			return h, fmt.Errorf("zfp stream of %d bytes, shorter than its %d-byte header", len(stream), headerBits/8)
		}
		return h, ErrNotZFP
	}
	r := newBitReader(stream)
	if r.read(8) != 'z' || r.read(8) != 'f' || r.read(8) != 'p' {
		return h, ErrNotZFP
	}
	if v := r.read(8); v != codecVersion {
		return h, fmt.Errorf("zfp stream of codec version %d, only version %d (zfp 1.0) is known", v, codecVersion)
	}
	meta := r.read(metaBits)
	h.Type = Type(meta&3 + 1)
	meta >>= 2
	h.Dims = int(meta&3 + 1)
	meta >>= 2
	switch h.Dims {
	case 1:
		// zfp keeps 48 bits for nx but uses only 32 of them.
		h.NX = int(meta&0xffffffff) + 1
	case 2:
		h.NX = int(meta&0xffffff) + 1
		h.NY = int(meta>>24&0xffffff) + 1
	case 3:
		h.NX = int(meta&0xffff) + 1
		h.NY = int(meta>>16&0xffff) + 1
		h.NZ = int(meta>>32&0xffff) + 1
	case 4:
		h.NX = int(meta&0xfff) + 1
		h.NY = int(meta>>12&0xfff) + 1
		h.NZ = int(meta>>24&0xfff) + 1
		h.NW = int(meta>>36&0xfff) + 1
	}
	h.Mode = r.read(modeShortBits)
	h.Bits = headerBits
	if h.Mode > modeShortMax {
		if len(stream)*8 < headerBits+64-modeShortBits {
			return h, fmt.Errorf("zfp stream of %d bytes, shorter than its header with a 64-bit mode", len(stream))
		}
		h.Mode |= r.read(64-modeShortBits) << modeShortBits
		h.Bits += 64 - modeShortBits
	}
	p, err := modeParams(h.Mode)
	if err != nil {
		return h, err
	}
	h.Params = p
	return h, nil
}

// modeParams expands a mode word into the parameters, as zfp_stream_set_mode.
func modeParams(mode uint64) (Params, error) {
	var p Params
	switch {
	case mode < 2048: // fixed rate
		p = Params{MinBits: uint32(mode) + 1, MaxBits: uint32(mode) + 1, MaxPrec: 64, MinExp: minExp}
	case mode < modeReversible: // fixed precision
		p = Params{MinBits: 1, MaxBits: maxBits, MaxPrec: uint32(mode) + 1 - 2048, MinExp: minExp}
	case mode == modeReversible:
		p = Params{MinBits: 1, MaxBits: maxBits, MaxPrec: 64, MinExp: minExp - 1}
	case mode <= modeShortMax: // fixed accuracy
		p = Params{MinBits: 1, MaxBits: maxBits, MaxPrec: 64, MinExp: int32(mode) + minExp - (modeReversible + 1)}
	default: // expert: the fields follow the 12 bits that said 4095
		m := mode >> modeShortBits
		p.MinBits = uint32(m&0x7fff) + 1
		m >>= 15
		p.MaxBits = uint32(m&0x7fff) + 1
		m >>= 15
		p.MaxPrec = uint32(m&0x7f) + 1
		m >>= 7
		p.MinExp = int32(m&0x7fff) - 16495
	}
	if p.MinBits > p.MaxBits || p.MaxPrec == 0 || p.MaxPrec > 64 {
		return p, fmt.Errorf("zfp stream with an impossible expert mode (minbits %d, maxbits %d, maxprec %d)", p.MinBits, p.MaxBits, p.MaxPrec)
	}
	return p, nil
}

// header writes the full header of a reversible stream of the given type
// and C-order shape.
func (w *bitWriter) header(t Type, shape []int) {
	w.write('z', 8)
	w.write('f', 8)
	w.write('p', 8)
	w.write(codecVersion, 8)
	var meta uint64
	width := [...]uint{0, 48, 24, 16, 12}[len(shape)]
	for _, s := range shape { // slowest axis first: it goes highest
		meta = meta<<width | uint64(s-1)
	}
	meta = meta<<2 | uint64(len(shape)-1)
	meta = meta<<2 | uint64(t-1)
	w.write(meta, metaBits)
	w.write(modeReversible, modeShortBits)
}
