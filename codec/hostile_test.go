package codec

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gen5viewer/gen5view/internal/fixtures"
)

func fixtureBytes(t testing.TB, name string) []byte {
	b, err := os.ReadFile(fixtures.Path(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rebuildTable replaces a file's metadata chunk with one holding js.
func rebuildTable(t *testing.T, file []byte, js string) []byte {
	off := binary.LittleEndian.Uint32(file[8:])
	body := append([]byte("META0000"), binary.LittleEndian.AppendUint32(nil, uint32(len(js)))...)
	table := compressFrame(append(body, js...))
	out := append(append([]byte{}, file[:off]...), table...)
	binary.LittleEndian.PutUint32(out[12:], uint32(len(table)))
	binary.LittleEndian.PutUint32(out[20:], uint32(len(out)))
	return out
}

func TestHostileInputs(t *testing.T) {
	good := fixtureBytes(t, "a0_sd15_f32.gen5")
	rd, err := ReadBytes(good)
	if err != nil {
		t.Fatal(err)
	}
	js := string(rd.MetadataJSON())
	mutate := func(f func(b []byte)) []byte {
		b := append([]byte{}, good...)
		f(b)
		return b
	}
	cases := []struct {
		name string
		data []byte
		want string // part of the error message
	}{
		{"empty", nil, "shorter than the 32-byte header"},
		{"not gen5", []byte(strings.Repeat("PNG!", 20)), "not a .gen5 or .raiiaf file"},
		{"truncated", good[:len(good)-100], "truncated"},
		{"table outside", mutate(func(b []byte) { binary.LittleEndian.PutUint32(b[8:], 1<<31) }), "outside the file"},
		{"table garbage", mutate(func(b []byte) {
			off := binary.LittleEndian.Uint32(b[8:])
			copy(b[off:], "garbage!")
		}), "metadata chunk"},
		{"shape overflow", rebuildTable(t, good, strings.Replace(js, "\"shape\": [\n            1,", "\"shape\": [\n            4294967296000,", 1)), "shape"},
		{"shape mismatch", rebuildTable(t, good, strings.Replace(js, "64\n          ]", "65\n          ]", 1)), "needs"},
		{"chunk past table", rebuildTable(t, good, strings.Replace(js, `"offset": 60613`, `"offset": 160613`, 1)), "outside the chunk area"},
		{"missing record key", rebuildTable(t, good, strings.Replace(js, `"hash": `, `"hush": `, 1)), "hash: missing"},
		{"deep json", rebuildTable(t, good, strings.Repeat("[", 100000)), "not valid JSON"},
		{"huge declared payload", rebuildTable(t, good, strings.Replace(js, `"uncompressed_size": 106486`, `"uncompressed_size": 4000000000`, 1)), "over the limit"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadBytes(c.data)
			if err == nil {
				t.Fatal("opened without error")
			}
			if !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q should contain %q on one line", err, c.want)
			}
		})
	}
}

// A frame that declares more than its record is refused before inflation;
// one that claims the record's size but inflates past it is stopped too.
func TestZstdBombRefused(t *testing.T) {
	big := make([]byte, 64<<20) // compresses to a few KiB
	body := append([]byte("DATA0000"), binary.LittleEndian.AppendUint32(nil, uint32(len(big)))...)
	frame := compressFrame(append(body, big...))
	if _, err := decompressBody(frame, 1000+12, DefaultMaxChunkSize); err == nil || !strings.Contains(err.Error(), "declares") {
		t.Fatalf("err = %v, want a refusal on the declared size", err)
	}
}

func TestHashMismatchIsReportedByChunk(t *testing.T) {
	good := fixtureBytes(t, "v010_uncompressed.gen5")
	rd, err := ReadBytes(good)
	if err != nil {
		t.Fatal(err)
	}
	lat := rd.Latents()[0]
	bad := append([]byte{}, good...)
	bad[lat.Offset+lat.CompressedSize-1] ^= 0xff // last payload byte
	rd2, err := ReadBytes(bad)
	if err != nil {
		t.Fatal(err)
	}
	errs := rd2.Verify()
	var he *HashError
	if len(errs) != 1 || !errors.As(errs[0], &he) || he.Chunk != lat.Index {
		t.Fatalf("verify = %v, want one HashError on chunk %d", errs, lat.Index)
	}
	if _, err := rd2.Latents()[0].Latent(); err != nil {
		t.Errorf("a hash mismatch must not stop the tensor from loading: %v", err)
	}
}

func TestHeaderlessLayoutDetected(t *testing.T) {
	for name, want := range map[string]bool{"a0_uncompressed.gen5": true, "v010_uncompressed.gen5": false} {
		f, err := OpenFile(fixtures.Path(t, name))
		if err != nil {
			t.Fatal(err)
		}
		if got := f.Latents()[0].Headerless(); got != want {
			t.Errorf("%s: headerless = %v, want %v", name, got, want)
		}
		f.Close()
	}
}

func TestOpenFileErrorsNameTheFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "bad.gen5")
	os.WriteFile(p, []byte("GEN5\x01\x00"), 0o644)
	_, err := OpenFile(p)
	if err == nil || !strings.HasPrefix(err.Error(), p+": ") {
		t.Fatalf("err = %v, want it to start with the path", err)
	}
}

func FuzzOpen(f *testing.F) {
	{
		matches, _ := filepath.Glob(filepath.Join(fixtures.Dir(f), "*.gen5"))
		for _, m := range matches {
			// Small seeds only: the fuzzer minimises every new input, which
			// takes minutes on a 100 KiB one.
			if b, err := os.ReadFile(m); err == nil && len(b) < 40_000 {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rd, err := ReadBytes(data)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error: %q", err)
			}
			return
		}
		rd.Verify()
		for _, c := range rd.Latents() {
			if l, err := c.Latent(); err == nil {
				_ = l.Float32()
			}
		}
		if img := rd.Image(); img != nil {
			if p, err := img.Payload(); err == nil {
				DecodeImage(p, 1<<20)
			}
		}
		m := rd.Manifest.Clone()
		m.SetPrompt("fuzz")
		var buf bytes.Buffer
		if err := rd.Rewrite(&buf, m); err == nil {
			if _, err := ReadBytes(buf.Bytes()); err != nil {
				t.Fatalf("rewrite of a readable file does not read back: %v", err)
			}
		}
	})
}
