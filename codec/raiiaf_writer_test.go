package codec

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// convert writes rd as a file of format to, in memory, and opens it.
func convert(t *testing.T, rd *Reader, to Format) (*Reader, []string) {
	t.Helper()
	c, notes, err := rd.ConvertContents(to)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, c); err != nil {
		t.Fatal(err)
	}
	out, err := ReadBytes(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if out.Header.Format != to || out.Manifest.Format() != to {
		t.Fatalf("written as %v with a %v manifest, want %v", out.Header.Format, out.Manifest.Format(), to)
	}
	if errs := out.Verify(); len(errs) > 0 {
		t.Fatal(errs)
	}
	return out, notes
}

// sameContents checks that two files hold the same latents (shape, type,
// key, every byte), the same image bytes and the same model_info.
func sameContents(t *testing.T, a, b *Reader) {
	t.Helper()
	la, lb := a.Latents(), b.Latents()
	if len(la) != len(lb) {
		t.Fatalf("%d latents, then %d", len(la), len(lb))
	}
	for i := range la {
		x, err := la[i].Latent()
		if err != nil {
			t.Fatal(err)
		}
		y, err := lb[i].Latent()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(x.Shape, y.Shape) || x.DType != y.DType || x.Key != y.Key || !bytes.Equal(x.Raw, y.Raw) {
			t.Errorf("latent %d: %v %s %q, then %v %s %q (bytes equal: %v)", i, x.Shape, x.DType, x.Key, y.Shape, y.DType, y.Key, bytes.Equal(x.Raw, y.Raw))
		}
	}
	if (a.Image() == nil) != (b.Image() == nil) {
		t.Fatalf("image present %v, then %v", a.Image() != nil, b.Image() != nil)
	}
	if a.Image() != nil {
		p, _ := a.Image().Payload()
		q, _ := b.Image().Payload()
		if !bytes.Equal(p, q) {
			t.Error("image bytes differ")
		}
	}
	ma, _ := a.Manifest.Meta().Object("model_info")
	mb, _ := b.Manifest.Meta().Object("model_info")
	ja, _ := MarshalPython(ma)
	jb, _ := MarshalPython(mb)
	if !bytes.Equal(ja, jb) {
		t.Error("model_info differs")
	}
}

// Every .gen5 fixture survives .gen5 → .raiiaf → .gen5 with its tensors,
// image bytes and model_info unchanged.
func TestConvertGen5RoundTrip(t *testing.T) {
	dir, names := fixtureNames(t)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			rd, err := LoadFile(filepath.Join(dir, name+".gen5"))
			if err != nil {
				t.Fatal(err)
			}
			mid, _ := convert(t, rd, Raiiaf)
			sameContents(t, rd, mid)
			back, _ := convert(t, mid, Gen5)
			sameContents(t, rd, back)
		})
	}
}

// Every .raiiaf fixture converts to .gen5 and back with the same tensors
// (a lossy stream's decoded values) and image bytes.
func TestConvertRaiiafRoundTrip(t *testing.T) {
	dir, names := raiiafFixtures(t)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			rd, err := LoadFile(filepath.Join(dir, name+".raiiaf"))
			if err != nil {
				t.Fatal(err)
			}
			mid, notes := convert(t, rd, Gen5)
			sameContents(t, rd, mid)
			lossy := false
			for _, c := range rd.Latents() {
				lossy = lossy || c.Lossy()
			}
			if lossy != (len(notes) > 0) {
				t.Errorf("lossy %v, notes %q", lossy, notes)
			}
			if rd.Image() != nil {
				ea, _ := MarshalPython(rd.Image().Extra)
				eb, _ := MarshalPython(mid.Image().Extra)
				if !bytes.Equal(ea, eb) {
					t.Errorf("DATA extra %s became %s", ea, eb)
				}
			}
			back, _ := convert(t, mid, Raiiaf)
			sameContents(t, rd, back)
		})
	}
}

// Written with ZFPAlways, each reversible fixture's latent is stored as the
// reference stores it: a 21-byte header frame, then zfpy's very stream.
func TestRaiiafWriteZFPStreams(t *testing.T) {
	dir, names := raiiafFixtures(t)
	for _, name := range names {
		rd, err := LoadFile(filepath.Join(dir, name+".raiiaf"))
		if err != nil {
			t.Fatal(err)
		}
		c, _, err := rd.ConvertContents(Raiiaf)
		if err != nil {
			t.Fatal(err)
		}
		c.ZFP = ZFPAlways
		if !c.Compress {
			continue
		}
		var buf bytes.Buffer
		if err := Write(&buf, c); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out, err := ReadBytes(buf.Bytes())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i, ch := range rd.Latents() {
			if ch.Lossy() {
				continue
			}
			orig, _ := ch.Stored()
			ours, _ := out.Latents()[i].Stored()
			if !bytes.Equal(ours[:len(orig)], orig) || len(bytes.Trim(ours[len(orig):], "\x00")) != 0 {
				t.Errorf("%s latent %d: stored bytes differ from the reference's", name, i)
			}
			if out.Latents()[i].LenHeader != 21 || out.Latents()[i].Storage() != "zfp reversible" {
				t.Errorf("%s latent %d: len_header %d, %s", name, i, out.Latents()[i].LenHeader, out.Latents()[i].Storage())
			}
		}
	}
}

// The header is the reference's "<6sBBBIIIQI" layout, and by default noise
// is stored raw: zfp would make it bigger.
func TestRaiiafWriteLayout(t *testing.T) {
	png, err := os.ReadFile(filepath.Join("testdata", "tiny.png"))
	if err != nil {
		t.Fatal(err)
	}
	flat := make([]float32, 1*4*8*8)
	for i := range flat {
		flat[i] = 0.25 // compresses to almost nothing
	}
	smooth, _ := TensorFromFloat32([]int{1, 4, 8, 8}, flat, Float32)
	rnd := make([]float32, 1*4*8*8)
	x := uint32(1)
	for i := range rnd { // noise-like: every mantissa bit busy
		x = x*1664525 + 1013904223
		rnd[i] = float32(int32(x)) / (1 << 31)
	}
	random, _ := TensorFromFloat32([]int{1, 4, 8, 8}, rnd, Float32)
	half := sampleTensor(t, []int{1, 4, 8, 8}, Float16)
	var buf bytes.Buffer
	err = Write(&buf, Contents{Format: Raiiaf, Manifest: sampleManifest(t), Compress: true, Image: png, Env: []byte("{}"),
		Latents: []NewLatent{{Key: "smooth", Tensor: smooth}, {Key: "noise", Tensor: random}, {Key: "half", Tensor: half}}})
	if err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if string(b[:6]) != "raiiaf" || b[6] != 1 || b[7] != 0 || b[8] != 0 {
		t.Fatalf("header starts % x", b[:9])
	}
	tableOff := binary.LittleEndian.Uint32(b[9:])
	tableSize := binary.LittleEndian.Uint32(b[13:])
	if n := binary.LittleEndian.Uint32(b[17:]); n != 5 {
		t.Errorf("chunk_count %d, want 5", n)
	}
	if fs := binary.LittleEndian.Uint64(b[21:]); fs != uint64(len(b)) || uint64(tableOff)+uint64(tableSize) != fs {
		t.Errorf("file_size %d, table %d+%d, file %d bytes", fs, tableOff, tableSize, len(b))
	}
	rd, err := ReadBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	if rd.Chunks[0].Offset != RaiiafHeaderSize {
		t.Errorf("first chunk at %d", rd.Chunks[0].Offset)
	}
	want := []string{"zfp reversible", "raw", "raw", "zstd", "zstd"}
	for i, c := range rd.Chunks {
		if c.Storage() != want[i] {
			t.Errorf("chunk %d (%s) stored %s, want %s", i, c.Type, c.Storage(), want[i])
		}
	}
	js := string(rd.MetadataJSON())
	for _, s := range []string{`"raiiaf_metadata": {`, `"magic": "raiiaf"`, `"compressed": true,
        "len_header": null,
        "len_data": null`, `"compressed": false,
        "len_header": 12,
        "len_data": 1024`} {
		if !bytes.Contains([]byte(js), []byte(s)) {
			t.Errorf("manifest lacks %q", s)
		}
	}
	if errs := rd.Verify(); len(errs) > 0 {
		t.Error(errs)
	}
	// ZFPAlways refuses float16, which zfp cannot hold.
	err = Write(&buf, Contents{Format: Raiiaf, Manifest: sampleManifest(t), Compress: true, ZFP: ZFPAlways, Latents: []NewLatent{{Key: "half", Tensor: half}}})
	if err == nil {
		t.Error("float16 written as zfp")
	}
}

// Saving a .raiiaf under a .gen5 name (or back) is refused: the chunks
// copied are the file's own format's.
func TestSaveRefusesOtherFormatName(t *testing.T) {
	dir, _ := raiiafFixtures(t)
	f, err := OpenFile(filepath.Join(dir, "v110_env_gpu.raiiaf"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := filepath.Join(t.TempDir(), "x.gen5")
	if err := f.Save(out, f.Manifest); err == nil || !strings.Contains(err.Error(), "convert it instead") {
		t.Errorf("saved as .gen5: %v", err)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a file was left behind")
	}
}
