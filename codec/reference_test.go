package codec

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/png"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// testManifest is a manifest the reference's schema accepts.
func testManifest() *Manifest {
	m := NewManifest()
	m.SetPrompt("a test")
	return m
}

func testPNG(t testing.TB) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func testLatent(t testing.TB, shape []int, fill float32) []byte {
	n := 1
	for _, d := range shape {
		n *= d
	}
	v := make([]float32, n)
	for i := range v {
		v[i] = fill
	}
	tn, err := TensorFromFloat32(shape, v, Float32)
	if err != nil {
		t.Fatal(err)
	}
	return tn.Raw
}

func latentExtra(shape ...int) *Object {
	e := NewObject()
	s := make([]any, len(shape))
	for i, d := range shape {
		s[i] = d
	}
	n, _ := toTreeValue(s)
	e.Set("shape", n)
	e.Set("dtype", "float32")
	return e
}

// build assembles a file from entries made by the test.
func build(t testing.TB, m *Manifest, entries ...entry) []byte {
	var b bytes.Buffer
	if err := assemble(&b, m, entries, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// storedEntry stores body (a chunk body, possibly compressed in some
// hostile way) for a record describing payload.
func storedEntry(typ, flags string, payload []byte, extra *Object, stored []byte) entry {
	return bytesEntry(newRecord(typ, flags, payload, extra, true, len(stored)), stored)
}

func chunkBody(typ, flags string, payload []byte) []byte {
	body := append([]byte(typ), padFlags(flags)...)
	body = binary.LittleEndian.AppendUint32(body, uint32(len(payload)))
	return append(body, payload...)
}

// streamFrame compresses without telling the encoder the size, which
// leaves the content size out of the frame header.
func streamFrame(t testing.TB, body []byte) []byte {
	var b bytes.Buffer
	w, err := zstd.NewWriter(&b)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(body)
	w.Close()
	return b.Bytes()
}

func skippable(data []byte) []byte {
	b := binary.LittleEndian.AppendUint32(nil, zstdSkippableMagic)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(data)))
	return append(b, data...)
}

// TestReferenceProblems: every file the reference would refuse or read
// otherwise than it is shown is named, chunk and reason; a file written
// as the reference writes it has none.
func TestReferenceProblems(t *testing.T) {
	img := testPNG(t)
	lat := testLatent(t, []int{1, 4, 2, 2}, 0.5)
	latEntry := func() entry { return newEntry(TypeLatent, "F32", lat, latentExtra(1, 4, 2, 2), true) }
	imgBody := chunkBody(TypeData, "0000", img)
	cases := []struct {
		name string
		file []byte
		want string // part of one problem; "" for none
	}{
		{"as the reference writes", build(t, testManifest(), latEntry(), newEntry(TypeData, "0000", img, NewObject(), true)), ""},
		{"two images", build(t, testManifest(), latEntry(), newEntry(TypeData, "0000", img, NewObject(), true), newEntry(TypeData, "0000", img, NewObject(), true)),
			"chunk 2 (DATA): the file has 2 DATA chunks: the reference keeps this last one, this viewer shows chunk 1"},
		{"frame without content size", build(t, testManifest(), latEntry(), storedEntry(TypeData, "0000", img, NewObject(), streamFrame(t, imgBody))),
			"chunk 1 (DATA): the zstd frame does not state its content size"},
		{"skippable frame first", build(t, testManifest(), latEntry(), storedEntry(TypeData, "0000", img, NewObject(), append(skippable([]byte("hidden")), compressFrame(imgBody)...))),
			"chunk 1 (DATA): the zstd data starts with a skippable frame"},
		{"a second frame", build(t, testManifest(), latEntry(), storedEntry(TypeData, "0000", img, NewObject(), append(compressFrame(imgBody), compressFrame([]byte("more"))...))),
			"chunk 1 (DATA): 13 bytes follow the zstd frame"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rd, err := ReadBytes(c.file)
			if err != nil {
				t.Fatal(err)
			}
			var msgs []string
			for _, e := range rd.ReferenceProblems() {
				msgs = append(msgs, e.Error())
			}
			got := strings.Join(msgs, "\n")
			if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
				t.Errorf("problems %q, want %q", got, c.want)
			}
		})
	}
}

// TestChunkProblems: a tensor of NaN or of no values, an environment that
// is not JSON or not UTF-8, and JSON nested past the limit are named once
// the chunk is read; the file still opens and its chunks still check.
func TestChunkProblems(t *testing.T) {
	nan := testLatent(t, []int{1, 4, 2, 2}, float32NaN())
	deep := strings.Repeat("[", maxJSONDepth+2) + strings.Repeat("]", maxJSONDepth+2)
	cases := []struct {
		name  string
		entry entry
		want  string
	}{
		{"all NaN", newEntry(TypeLatent, "F32", nan, latentExtra(1, 4, 2, 2), true), "16 NaN or infinite values"},
		{"zero-sized axis", newEntry(TypeLatent, "F32", nil, latentExtra(1, 0, 64, 64), true), "has an axis of size 0"},
		{"env not JSON", newEntry(TypeEnv, "0000", []byte("torch=2.1"), NewObject(), true), "the environment is not JSON"},
		{"env not UTF-8", newEntry(TypeEnv, "0000", []byte("{\"a\": \"\xff\"}"), NewObject(), true), "not valid UTF-8"},
		{"env nested too deep", newEntry(TypeEnv, "0000", []byte(deep), NewObject(), true), "nested too deeply"},
		{"good env", newEntry(TypeEnv, "0000", []byte(`{"env_version": 1, "components": []}`), NewObject(), true), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rd, err := ReadBytes(build(t, testManifest(), c.entry))
			if err != nil {
				t.Fatal(err)
			}
			cc := rd.Check(CheckOptions{})[0]
			if cc.Err != nil {
				t.Fatalf("the chunk does not check: %v", cc.Err)
			}
			var msgs []string
			for _, e := range cc.ChunkProblems() {
				msgs = append(msgs, e.Error())
			}
			got := strings.Join(msgs, "\n")
			if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
				t.Errorf("problems %q, want %q", got, c.want)
			}
		})
	}
}

// TestManifestNotUTF8: the reference's json.loads refuses a metadata chunk
// that is not UTF-8; this reader opens it and names the difference.
func TestManifestNotUTF8(t *testing.T) {
	good := build(t, testManifest(), newEntry(TypeData, "0000", testPNG(t), NewObject(), true))
	rd, err := ReadBytes(good)
	if err != nil {
		t.Fatal(err)
	}
	js := strings.Replace(string(rd.MetadataJSON()), `"a test"`, "\"a \xff test\"", 1)
	bad, err := ReadBytes(rebuildTable(t, good, js))
	if err != nil {
		t.Fatal(err)
	}
	if len(rd.ReferenceProblems()) != 0 {
		t.Errorf("the good file has problems: %v", rd.ReferenceProblems())
	}
	if ps := bad.ReferenceProblems(); len(ps) != 1 || !strings.Contains(ps[0].Error(), "not valid UTF-8") {
		t.Errorf("problems %v, want the metadata named as not UTF-8", ps)
	}
}

// TestOverlappingChunksAreRefused: records sharing stored bytes would let a
// small file make a reader inflate one frame again and again.
func TestOverlappingChunksAreRefused(t *testing.T) {
	file := build(t, testManifest(), newEntry(TypeData, "0000", testPNG(t), NewObject(), true), newEntry(TypeEnv, "0000", []byte("{}"), NewObject(), true))
	rd, err := ReadBytes(file)
	if err != nil {
		t.Fatal(err)
	}
	js := string(rd.MetadataJSON())
	// The ENVC record now starts inside the DATA chunk.
	off := rd.Chunks[1].Offset
	js = strings.Replace(js, `"offset": `+itoa(off), `"offset": `+itoa(off-1), 1)
	_, err = ReadBytes(rebuildTable(t, file, js))
	if err == nil || !strings.Contains(err.Error(), "chunk 1 (ENVC): bytes") || !strings.Contains(err.Error(), "overlap those of chunk 0") {
		t.Errorf("error %v, want the overlap named", err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func float32NaN() float32 { return float32(math.NaN()) }

// TestPictureFormatsPILWrites: the reference stores whatever PIL opens, so
// a GIF, BMP or TIFF picture is decoded and checked as a PNG is. The
// pictures are spelled out byte by byte: encoding them with Go's packages
// would register those decoders in the test, whether codec does or not.
func TestPictureFormatsPILWrites(t *testing.T) {
	for name, data := range map[string][]byte{"gif": tinyGIF, "bmp": tinyBMP(), "tiff": tinyTIFF()} {
		rd, err := ReadBytes(build(t, testManifest(), newEntry(TypeData, "0000", data, NewObject(), true)))
		if err != nil {
			t.Fatal(err)
		}
		cc := rd.Check(CheckOptions{DecodeImage: true})[0]
		if cc.Err != nil || cc.ImageErr != nil || cc.Picture == nil || cc.Image.Format != name || cc.Picture.Bounds().Dx() != 1 {
			t.Errorf("%s: %v %v, format %q, picture %v", name, cc.Err, cc.ImageErr, cc.Image.Format, cc.Picture)
		}
	}
}

// tinyGIF is a 1×1 GIF89a.
var tinyGIF = []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00" +
	"!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")

// tinyBMP is a 1×1 24-bit BMP.
func tinyBMP() []byte {
	le := binary.LittleEndian
	b := []byte("BM")
	b = le.AppendUint32(b, 58)
	b = le.AppendUint32(b, 0)
	b = le.AppendUint32(b, 54)
	for _, v := range []uint32{40, 1, 1} {
		b = le.AppendUint32(b, v)
	}
	b = le.AppendUint16(b, 1)  // planes
	b = le.AppendUint16(b, 24) // bits per pixel
	for _, v := range []uint32{0, 4, 2835, 2835, 0, 0} {
		b = le.AppendUint32(b, v)
	}
	return append(b, 0x10, 0x20, 0x30, 0) // one pixel, padded to 4 bytes
}

// tinyTIFF is a 1×1 8-bit grey little-endian TIFF, uncompressed.
func tinyTIFF() []byte {
	le := binary.LittleEndian
	b := []byte("II*\x00")
	b = le.AppendUint32(b, 8)
	entries := [][2]uint32{{256, 1}, {257, 1}, {258, 8}, {259, 1}, {262, 1}, {273, 8 + 2 + 8*12 + 4}, {278, 1}, {279, 1}}
	b = le.AppendUint16(b, uint16(len(entries)))
	for _, e := range entries {
		b = le.AppendUint16(b, uint16(e[0]))
		b = le.AppendUint16(b, 4) // LONG
		b = le.AppendUint32(b, 1)
		b = le.AppendUint32(b, e[1])
	}
	b = le.AppendUint32(b, 0) // no next IFD
	return append(b, 0x80)
}
