package codec

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"

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

// A frame that declares more than its record is refused before inflation.
func TestZstdBombRefused(t *testing.T) {
	big := make([]byte, 64<<20) // compresses to a few KiB
	body := append([]byte("DATA0000"), binary.LittleEndian.AppendUint32(nil, uint32(len(big)))...)
	frame := compressFrame(append(body, big...))
	if _, err := decompressBody(frame, 1000+12, DefaultMaxChunkSize); err == nil || !strings.Contains(err.Error(), "declares") {
		t.Fatalf("err = %v, want a refusal on the declared size", err)
	}
}

// bombSize is what the bombs below inflate to: far more than the bounds
// they are checked against, so inflating one whole shows in the allocations.
const bombSize = 256 << 20

// streamedBomb is a zstd frame of bombSize zero bytes written through the
// streaming encoder, which, not knowing the size in advance, leaves the
// frame content size out of the header, as a hostile writer may.
func streamedBomb(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, err := zstd.NewWriter(&buf, zstd.WithEncoderConcurrency(1))
	if err != nil {
		t.Fatal(err)
	}
	zeros := make([]byte, 1<<20)
	for range bombSize / len(zeros) {
		if _, err := zw.Write(zeros); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	var fh zstd.Header
	if err := fh.Decode(buf.Bytes()); err != nil || fh.HasFCS {
		t.Fatalf("the bomb frame must not declare its size (header %+v, %v)", fh, err)
	}
	return buf.Bytes()
}

// allocated returns how many bytes f allocates on the heap.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// A frame without a content size is inflated only up to the size its record
// implies (or the limit, for the metadata chunk, whose record is the frame):
// the bomb is refused after a few KiB of output, never inflated whole.
func TestZstdBombWithoutContentSizeStopsAtTheBound(t *testing.T) {
	bomb := streamedBomb(t)
	for _, c := range []struct {
		name        string
		want, limit int64
		alloc       uint64 // most bytes refusing it may allocate
	}{
		// The decoder's own buffers take a few MiB.
		{"chunk record of 1012 bytes", 1000 + chunkHeaderSize, DefaultMaxChunkSize + chunkHeaderSize, 16 << 20},
		// The output buffer doubles on its way past the limit: about four
		// times the limit in all, with the decoder's.
		{"metadata chunk, limit 16 MiB", -1, 16 << 20, 96 << 20},
	} {
		var err error
		n := allocated(func() { _, err = decompressBody(bomb, c.want, c.limit) })
		if err == nil || !strings.Contains(err.Error(), "inflates past") {
			t.Errorf("%s: err = %v, want a refusal once the frame inflates past its bound", c.name, err)
		}
		if n > c.alloc {
			t.Errorf("%s: %d MiB allocated to refuse a %d MiB bomb, more than %d MiB: the output is not bounded",
				c.name, n>>20, bombSize>>20, c.alloc>>20)
		}
	}
}

// The reader refuses, in one line, a metadata chunk whose frame has no
// content size and inflates past the metadata limit.
func TestMetadataBombRefused(t *testing.T) {
	good := fixtureBytes(t, "a0_sd15_f32.gen5")
	off := binary.LittleEndian.Uint32(good[8:])
	bomb := streamedBomb(t)
	file := append(append([]byte{}, good[:off]...), bomb...)
	binary.LittleEndian.PutUint32(file[12:], uint32(len(bomb)))
	binary.LittleEndian.PutUint32(file[20:], uint32(len(file)))
	_, err := ReadBytes(file)
	if err == nil || !strings.Contains(err.Error(), "inflates past") || strings.Contains(err.Error(), "\n") {
		t.Errorf("err = %v, want a one-line refusal of the metadata chunk", err)
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
		raiiaf, _ := filepath.Glob(filepath.Join(fixtures.Dir(f), "raiiaf", "*.raiiaf"))
		for _, m := range append(matches, raiiaf...) {
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
		// A file that converts must read back in the other format.
		to := Raiiaf
		if rd.Header.Format == Raiiaf {
			to = Gen5
		}
		if c, _, err := rd.ConvertContents(to); err == nil {
			buf.Reset()
			if err := Write(&buf, c); err == nil {
				if _, err := ReadBytes(buf.Bytes()); err != nil {
					t.Fatalf("converted file does not read back: %v", err)
				}
			}
		}
	})
}
