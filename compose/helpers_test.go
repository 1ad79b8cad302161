package compose

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/prefill"
)

// testNow is the creation time every test uses.
var testNow = time.Date(2026, 11, 26, 8, 55, 58, 390496789, time.UTC)

// testHardware is the machine the reference's fixtures describe.
func testHardware() prefill.HardwareInfo {
	return prefill.HardwareInfo{
		MachineName: "test_machine", OS: "linux", CPU: "Intel", CPUCores: 8,
		GPU:   []prefill.GPU{{Name: "RTX 3090", MemoryGB: 24, Driver: "nvidia", CUDAVersion: "12.1"}},
		RAMGB: 64, Framework: "torch", ComputeLib: "cuda",
	}
}

// request returns a Request with the test clock and machine.
func request(image string, noise ...string) Request {
	return Request{ImagePath: image, NoisePaths: noise, Now: func() time.Time { return testNow }, Hardware: testHardware}
}

// pngBytes encodes a w×h picture with a gradient, so that it compresses to
// something realistic, and inserts a tEXt chunk per entry of text right
// after IHDR, as PIL places A1111's "parameters".
func pngBytes(t testing.TB, w, h int, text map[string]string) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.NRGBA{uint8(x), uint8(y), uint8(x ^ y), 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	const afterIHDR = 8 + 8 + 13 + 4
	var chunks []byte
	keys := make([]string, 0, len(text))
	for k := range text {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		chunks = append(chunks, pngChunk("tEXt", append(append([]byte(k), 0), latin1(text[k])...))...)
	}
	out := append([]byte{}, data[:afterIHDR]...)
	out = append(out, chunks...)
	return append(out, data[afterIHDR:]...)
}

func latin1(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r))
	}
	return b
}

func pngChunk(typ string, data []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	b = append(b, typ...)
	b = append(b, data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[4:]))
}

func writeFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// writePNG writes a picture of w×h with the given text chunks.
func writePNG(t testing.TB, dir, name string, w, h int, text map[string]string) string {
	return writeFile(t, dir, name, pngBytes(t, w, h, text))
}

// randomValues gives n standard-normal-looking float32 values, with a few
// that rounding to float16 must handle: ±0, a float16 subnormal, a tie.
func randomValues(n int, seed uint64) []float32 {
	r := rand.New(rand.NewPCG(seed, 1))
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(r.NormFloat64())
	}
	special := []float32{0, float32(math.Copysign(0, -1)), 3e-6, 1 + 1.0/2048, -65504, 1e-8}
	copy(v, special)
	return v
}

func tensor(t testing.TB, shape []int, dtype codec.DType, seed uint64) *codec.Tensor {
	t.Helper()
	n := 1
	for _, s := range shape {
		n *= s
	}
	tt, err := codec.TensorFromFloat32(shape, randomValues(n, seed), dtype)
	if err != nil {
		t.Fatal(err)
	}
	return tt
}

// writeNPY writes t as a .npy file.
func writeNPY(t testing.TB, dir, name string, tt *codec.Tensor) string {
	t.Helper()
	var buf bytes.Buffer
	if err := codec.WriteNPY(&buf, tt); err != nil {
		t.Fatal(err)
	}
	return writeFile(t, dir, name, buf.Bytes())
}

// writeNPYFloat64 writes values as a float64 .npy, as numpy.save does for
// an array torch.randn(...).double() turned into.
func writeNPYFloat64(t testing.TB, dir, name string, shape []int, values []float64) string {
	t.Helper()
	dims := ""
	for i, s := range shape {
		if i > 0 {
			dims += ", "
		}
		dims += strconv.Itoa(s)
	}
	if len(shape) == 1 {
		dims += ","
	}
	header := "{'descr': '<f8', 'fortran_order': False, 'shape': (" + dims + "), }"
	total := 10 + len(header) + 1
	for total%64 != 0 {
		header += " "
		total++
	}
	header += "\n"
	b := append([]byte("\x93NUMPY\x01\x00"), byte(len(header)), byte(len(header)>>8))
	b = append(b, header...)
	for _, v := range values {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	return writeFile(t, dir, name, b)
}

// writeSafetensors writes float32 tensors to a .safetensors file.
func writeSafetensors(t testing.TB, dir, name string, tensors map[string]*codec.Tensor) string {
	t.Helper()
	keys := make([]string, 0, len(tensors))
	for k := range tensors {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	hdr := map[string]any{}
	var data []byte
	for _, k := range keys {
		tt := tensors[k]
		dt := map[codec.DType]string{codec.Float32: "F32", codec.Float16: "F16"}[tt.DType]
		hdr[k] = map[string]any{"dtype": dt, "shape": tt.Shape, "data_offsets": []int{len(data), len(data) + len(tt.Raw)}}
		data = append(data, tt.Raw...)
	}
	js, err := json.Marshal(hdr)
	if err != nil {
		t.Fatal(err)
	}
	b := binary.LittleEndian.AppendUint64(nil, uint64(len(js)))
	b = append(b, js...)
	return writeFile(t, dir, name, append(b, data...))
}

// a1111Text is an infotext as A1111 1.10 writes it.
const a1111Text = "a lighthouse at dusk, volumetric light\n" +
	"Negative prompt: blurry, lowres\n" +
	"Steps: 28, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 7, Seed: 1234567, Size: 512x512, " +
	"Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Version: v1.10.1"

func ptr[T any](v T) *T { return &v }

// keysOf returns an object's keys.
func keysOf(o *codec.Object) []string { return append([]string{}, o.Keys()...) }

type prefillHardware = prefill.HardwareInfo
