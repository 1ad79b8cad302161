package codec

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"

	"github.com/klauspost/compress/zstd"

	"github.com/gen5viewer/gen5view/internal/fixtures"
	"github.com/gen5viewer/gen5view/internal/unprivileged"
)

func sampleTensor(t *testing.T, shape []int, dtype DType) *Tensor {
	t.Helper()
	n := 1
	for _, d := range shape {
		n *= d
	}
	vals := make([]float32, n)
	for i := range vals {
		vals[i] = float32(math.Sin(float64(i)*0.37)) * 2
	}
	tn, err := TensorFromFloat32(shape, vals, dtype)
	if err != nil {
		t.Fatal(err)
	}
	return tn
}

func sampleManifest(t *testing.T) *Manifest {
	m := NewManifest()
	m.SetModelInfo("model_name", "SD 1.5")
	m.SetModelInfo("version", "1.5")
	m.SetModelInfo("date", "2026-11-26T10:00:00+00:00")
	m.SetPrompt("a café at night, \"neon\" 🌃")
	if err := m.SetTags([]string{"café", "night"}); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]any{"seed": 42, "steps": 20, "sampler": "ddim", "cfg_scale": 7.5} {
		if err := m.SetSetting(k, v); err != nil {
			t.Fatal(err)
		}
	}
	return m
}

func TestCreateRoundTrip(t *testing.T) {
	png, err := os.ReadFile(filepath.Join("testdata", "tiny.png"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		dtype    DType
		compress bool
	}{{"f32-compressed", Float32, true}, {"f16-compressed", Float16, true}, {"f32-raw", Float32, false}} {
		t.Run(tc.name, func(t *testing.T) {
			lat := sampleTensor(t, []int{1, 4, 8, 8}, tc.dtype)
			m := sampleManifest(t)
			var buf bytes.Buffer
			err := Write(&buf, Contents{Manifest: m, Latents: []NewLatent{{Key: "initial_noise", Tensor: lat}}, Image: png, Compress: tc.compress})
			if err != nil {
				t.Fatal(err)
			}
			rd, err := ReadBytes(buf.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			if errs := rd.Verify(); len(errs) > 0 {
				t.Fatal(errs)
			}
			if len(rd.Warnings) > 0 {
				t.Errorf("warnings on our own file: %v", rd.Warnings)
			}
			if int(rd.Header.FileSize) != buf.Len() {
				t.Errorf("header file_size %d, file is %d", rd.Header.FileSize, buf.Len())
			}
			fi, _ := rd.Manifest.Meta().Object("file_info")
			if n, _ := intValue(fi.values["file_size"]); int(n) != buf.Len() {
				t.Errorf("file_info.file_size %d, file is %d", n, buf.Len())
			}
			l, err := rd.Latents()[0].Latent()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(l.Raw, lat.Raw) || !reflect.DeepEqual(l.Shape, lat.Shape) || l.DType != tc.dtype || l.Key != "initial_noise" {
				t.Errorf("latent did not round-trip: %v %v %q", l.Shape, l.DType, l.Key)
			}
			img, err := rd.Image().Payload()
			if err != nil || !bytes.Equal(img, png) {
				t.Errorf("image did not round-trip: %v", err)
			}
			mi, err := rd.Manifest.ModelInfo()
			if err != nil {
				t.Fatal(err)
			}
			if mi.Prompt != m.Prompt() || !reflect.DeepEqual(mi.Tags, []string{"café", "night"}) || mi.GenerationSettings.CFGScale != 7.5 {
				t.Errorf("model_info did not round-trip: %+v", mi)
			}
			// The reference's reader insists on the frame content size.
			for _, c := range rd.Chunks {
				if !c.Compressed {
					if c.Headerless() {
						t.Errorf("chunk %d written in the headerless layout", c.Index)
					}
					continue
				}
				raw, _ := c.Stored()
				var h zstd.Header
				if err := h.Decode(raw); err != nil || !h.HasFCS {
					t.Errorf("chunk %d: frame without content size (%v)", c.Index, err)
				}
			}
		})
	}
}

func TestWriteRefusesInvalidManifest(t *testing.T) {
	m := sampleManifest(t)
	_ = m.SetSetting("steps", 0)
	err := Write(&bytes.Buffer{}, Contents{Manifest: m, Compress: true})
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Path != "model_info.generation_settings.steps" {
		t.Fatalf("err = %v, want a FieldError on steps", err)
	}
}

// readRanges returns each chunk's stored bytes.
func storedChunks(t *testing.T, rd *Reader) [][]byte {
	var out [][]byte
	for _, c := range rd.Chunks {
		b, err := c.Stored()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// Editing every fixture, .gen5 and .raiiaf, must keep every chunk's stored
// bytes, keep unknown keys and the creation date, and produce a file of the
// same format that reads back.
func TestFixturesEditAndSave(t *testing.T) {
	dir, names := fixtureNames(t)
	var srcs []string
	for _, name := range names {
		srcs = append(srcs, filepath.Join(dir, name+".gen5"))
	}
	rdir, rnames := raiiafFixtures(t)
	for _, name := range rnames {
		srcs = append(srcs, filepath.Join(rdir, name+".raiiaf"))
	}
	for _, src := range srcs {
		name := filepath.Base(src)
		t.Run(name, func(t *testing.T) {
			orig, err := os.ReadFile(src)
			if err != nil {
				t.Fatal(err)
			}
			work := filepath.Join(t.TempDir(), name)
			if err := os.WriteFile(work, orig, 0o644); err != nil {
				t.Fatal(err)
			}
			f, err := OpenFile(work)
			if err != nil {
				t.Fatal(err)
			}
			before := storedChunks(t, f.Reader)
			ed := NewEdit(f.Manifest)
			m := ed.Manifest()
			m.SetPrompt("edited prompt ✓")
			if _, err := ed.AddTags("edited"); err != nil {
				t.Fatal(err)
			}
			m.ModelInfoObject().Set("x_unknown_key", "kept")
			date, _ := m.ModelInfoObject().String("date")
			if err := f.Save(work, m); err != nil {
				t.Fatal(err)
			}
			f.Close()

			g, err := OpenFile(work)
			if err != nil {
				t.Fatal(err)
			}
			defer g.Close()
			if got := g.Manifest.Prompt(); got != "edited prompt ✓" {
				t.Errorf("prompt = %q", got)
			}
			if tags := g.Manifest.Tags(); tags[len(tags)-1] != "edited" {
				t.Errorf("tags = %v", tags)
			}
			if v, _ := g.Manifest.ModelInfoObject().String("x_unknown_key"); v != "kept" {
				t.Errorf("unknown key lost")
			}
			if d, _ := g.Manifest.ModelInfoObject().String("date"); d != date {
				t.Errorf("date changed: %q → %q", date, d)
			}
			after := storedChunks(t, g.Reader)
			if len(after) != len(before) {
				t.Fatalf("%d chunks, want %d", len(after), len(before))
			}
			for i := range before {
				if !bytes.Equal(before[i], after[i]) {
					t.Errorf("chunk %d's stored bytes changed", i)
				}
			}
			if errs := g.Verify(); len(errs) > 0 {
				t.Error(errs)
			}
			if int(g.Header.FileSize) != int(g.Size()) {
				t.Errorf("header file_size %d, file is %d", g.Header.FileSize, g.Size())
			}
			if g.Header.Format != f.Header.Format || g.Manifest.Format() != f.Header.Format {
				t.Errorf("saved as %v with a %v manifest, was %v", g.Header.Format, g.Manifest.Format(), f.Header.Format)
			}
		})
	}
}

func TestSaveRefusesFileChangedOnDisk(t *testing.T) {
	path := fixtures.Copy(t, "a0_sd15_f32.gen5", t.TempDir())
	f, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Someone else rewrites the file meanwhile.
	other := []byte("GEN5 changed by someone else")
	if err := os.WriteFile(path, other, 0o644); err != nil {
		t.Fatal(err)
	}
	m := f.Manifest.Clone()
	m.SetPrompt("mine")
	if err := f.Save(path, m); !errors.Is(err, ErrChangedOnDisk) {
		t.Fatalf("err = %v, want ErrChangedOnDisk", err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, other) {
		t.Error("the other change was overwritten")
	}
}

func TestSaveIntoReadOnlyDirKeepsOriginal(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no directory permissions to test")
	}
	// Directory permissions do not bind root: as root, the test runs as nobody.
	if unprivileged.Rerun(t, "a0_sd15_f32.gen5") {
		return
	}
	path := fixtures.Copy(t, "a0_sd15_f32.gen5", t.TempDir())
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dir := filepath.Dir(path)
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o755)
	m := f.Manifest.Clone()
	m.SetPrompt("mine")
	if err := f.Save(path, m); err == nil {
		t.Fatal("save into a read-only directory succeeded")
	}
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, orig) {
		t.Errorf("original changed (%v)", err)
	}
}

func TestPyFloat(t *testing.T) {
	for f, want := range map[float64]string{
		7.5: "7.5", 0: "0.0", 64: "64.0", 1e-05: "1e-05", 0.0001: "0.0001", 1e16: "1e+16",
		1e15: "1000000000000000.0", -2.5: "-2.5", 0.1: "0.1", 123456.789: "123456.789", 1.5e-7: "1.5e-07",
	} {
		if got, _ := PyFloat(f); got != want {
			t.Errorf("PyFloat(%v) = %q, want %q", f, got, want)
		}
	}
}

func TestHeaderLittleEndian(t *testing.T) {
	h := Header{VersionMajor: 1, ChunkTableOffset: 0x01020304, FileSize: 7}
	b := h.appendTo(nil)
	if len(b) != HeaderSize || string(b[:4]) != "GEN5" || binary.LittleEndian.Uint32(b[8:]) != 0x01020304 {
		t.Fatalf("header bytes %x", b)
	}
}

func TestValidateAcceptsUint64Seed(t *testing.T) {
	m := sampleManifest(t)
	if err := m.SetSetting("seed", uint64(18446744073709551615)); err != nil {
		t.Fatal(err)
	}
	if err := Validate(m); err != nil {
		t.Errorf("seed 2^64-1 refused: %v", err)
	}
	_ = m.SetSetting("seed", -1)
	if err := Validate(m); err == nil {
		t.Error("seed -1 accepted")
	}
}

func TestValueText(t *testing.T) {
	v, err := ParseJSON([]byte(`{"s":"a <b>","n":64.0,"t":true,"z":null,"o":{"k":[1,"x"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	o := v.(*Object)
	for key, want := range map[string]string{"s": "a <b>", "n": "64.0", "t": "true", "z": "null", "o": `{"k":[1,"x"]}`} {
		x, _ := o.Get(key)
		if got := ValueText(x); got != want {
			t.Errorf("ValueText(%s) = %q, want %q", key, got, want)
		}
	}
}

// For some manifests no file_info.file_size equals the length of the file
// that states it, under any of the encoder settings tried: the writer then
// states a size a few bytes off, as the reference does in every file, rather
// than failing the save. The manifest below is one such, found by search.
func TestWriteWithoutSelfConsistentFileSize(t *testing.T) {
	// The search is what fails to settle; the split frame always does.
	splitMeta = false
	defer func() { splitMeta = true }()
	m := NewManifest()
	m.SetModelInfo("model_name", "SD 1.5")
	m.SetModelInfo("version", "1.5")
	m.SetModelInfo("date", "2026-11-26T10:00:00+00:00")
	m.SetPrompt("prompt number 15977")
	if err := m.SetTags([]string{"café", "night"}); err != nil {
		t.Fatal(err)
	}
	for _, kv := range []struct {
		k string
		v any
	}{{"steps", 20}, {"sampler", "ddim"}, {"cfg_scale", 7.5}, {"seed", 42}} {
		if err := m.SetSetting(kv.k, kv.v); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	lat := sampleTensor(t, []int{1, 4, 8, 8}, Float32)
	if err := Write(&buf, Contents{Manifest: m, Latents: []NewLatent{{Key: "initial_noise", Tensor: lat}}, Compress: true}); err != nil {
		t.Fatal(err)
	}
	rd, err := ReadBytes(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if errs := rd.Verify(); len(errs) > 0 {
		t.Fatal(errs)
	}
	fi, _ := rd.Manifest.Meta().Object("file_info")
	n, _ := intValue(fi.values["file_size"])
	if int(n) == buf.Len() {
		t.Skip("this manifest now settles to its own size; the case needs a new search")
	}
	if d := int(n) - buf.Len(); d < -16 || d > 16 {
		t.Errorf("file_info.file_size %d is %d bytes off the file's %d", n, d, buf.Len())
	}
	if int(rd.Header.FileSize) != buf.Len() {
		t.Errorf("header file_size %d, file is %d", rd.Header.FileSize, buf.Len())
	}
}
