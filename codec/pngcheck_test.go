package codec

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
)

// pngCorpus is Go's own PNG test suite: every colour type and depth,
// interlaced images, and files image/png refuses.
func pngCorpus(t *testing.T) map[string][]byte {
	t.Helper()
	dir := filepath.Join(runtime.GOROOT(), "src", "image", "png", "testdata")
	names, _ := filepath.Glob(filepath.Join(dir, "*.png"))
	suite, _ := filepath.Glob(filepath.Join(dir, "pngsuite", "*.png"))
	names = append(names, suite...)
	if len(names) < 40 {
		t.Skipf("Go's PNG test files are not in %s", dir)
	}
	out := map[string][]byte{}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(n)] = b
	}
	return out
}

// validatePNG accepts exactly what image/png decodes: on Go's test suite,
// and on each file cut short and with a byte changed at many places.
func TestValidatePNGAgreesWithDecode(t *testing.T) {
	checked, refused := 0, 0
	corpus := pngCorpus(t)
	// Valid chunks and zlib stream around rows that are wrong.
	rows := []byte{0, 1, 2, 3, 1, 4, 5, 6}
	corpus["made: good"] = makePNG(3, 2, rows)
	corpus["made: filter type 7"] = makePNG(3, 2, []byte{0, 1, 2, 3, 7, 4, 5, 6})
	corpus["made: a row too many"] = makePNG(3, 2, append(rows, 0, 1, 1, 1))
	corpus["made: a row short"] = makePNG(3, 2, rows[:6])
	for name, data := range corpus {
		variants := map[string][]byte{"as is": data}
		for _, at := range []int{8, 20, 33, len(data) / 3, len(data) / 2, len(data) - 20, len(data) - 1} {
			if at <= 0 || at >= len(data) {
				continue
			}
			variants["cut at "+strconv.Itoa(at)] = data[:at]
			b := bytes.Clone(data)
			b[at] ^= 0x10
			variants["byte changed at "+strconv.Itoa(at)] = b
		}
		for what, b := range variants {
			_, decErr := png.Decode(bytes.NewReader(b))
			valErr := validatePNG(bytes.NewReader(b))
			if (decErr == nil) != (valErr == nil) {
				t.Errorf("%s, %s: image/png says %v, validatePNG %v", name, what, decErr, valErr)
			}
			checked++
			if valErr != nil {
				refused++
			}
		}
	}
	if refused == 0 || refused == checked {
		t.Errorf("%d of %d variants refused: the corpus does not test both outcomes", refused, checked)
	}
}

// makePNG writes a w×h 8-bit grey PNG whose image data is rows (each a
// filter byte and w samples), with correct chunk CRCs and zlib checksum.
func makePNG(w, h int, rows []byte) []byte {
	var out bytes.Buffer
	out.WriteString(pngSignature)
	chunk := func(typ string, data []byte) {
		var n [4]byte
		binary.BigEndian.PutUint32(n[:], uint32(len(data)))
		out.Write(n[:])
		out.WriteString(typ)
		out.Write(data)
		binary.BigEndian.PutUint32(n[:], crc32.ChecksumIEEE(append([]byte(typ), data...)))
		out.Write(n[:])
	}
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	chunk("IHDR", append(ihdr, 8, 0, 0, 0, 0))
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(rows)
	zw.Close()
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	return out.Bytes()
}
