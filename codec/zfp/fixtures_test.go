package zfp_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/codec/zfp"
	"github.com/gen5viewer/gen5view/internal/fixtures"
)

// fixtureStream is one zfp stream the Python reference wrote into a .raiiaf
// fixture, with the array it decodes to.
type fixtureStream struct {
	name    string // fixture and latent index
	stream  []byte
	shape   []int
	want    []byte // the reference's decoded float32 elements, little-endian
	lossy   bool
	modeHex string
}

// fixtureStreams cuts the zfp streams out of the .raiiaf fixtures by the
// offsets in their expected.json, without the codec's reader, so that this
// package is tested on its own.
func fixtureStreams(t testing.TB) []fixtureStream {
	dir := filepath.Join(fixtures.Dir(t), "raiiaf")
	names, err := filepath.Glob(filepath.Join(dir, "*.raiiaf"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no .raiiaf fixtures in %s", dir)
	}
	var out []fixtureStream
	for _, path := range names {
		base := strings.TrimSuffix(path, ".raiiaf")
		var exp struct {
			Metadata struct {
				Root struct {
					Chunks []struct {
						Type      string `json:"type"`
						Offset    int    `json:"offset"`
						LenHeader *int   `json:"len_header"`
						LenData   *int   `json:"len_data"`
					} `json:"chunks"`
				} `json:"raiiaf_metadata"`
			} `json:"metadata"`
			Latents []struct {
				File   string `json:"file"`
				Shape  []int  `json:"shape"`
				Stored struct {
					Compressed bool `json:"compressed"`
					ZFP        struct {
						Header   string `json:"header_hex"`
						ModeName string `json:"mode_name"`
					} `json:"zfp"`
				} `json:"stored"`
			} `json:"latents"`
		}
		js, err := os.ReadFile(base + ".expected.json")
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(js, &exp); err != nil {
			t.Fatalf("%s: %v", base, err)
		}
		file, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		k := 0
		for _, rec := range exp.Metadata.Root.Chunks {
			if rec.Type != "LATN" {
				continue
			}
			lat := exp.Latents[k]
			k++
			if !lat.Stored.Compressed {
				continue
			}
			start := rec.Offset + *rec.LenHeader
			npy, err := os.Open(filepath.Join(dir, lat.File))
			if err != nil {
				t.Fatal(err)
			}
			st, _ := npy.Stat()
			tensor, _, err := codec.ReadNPY(npy, st.Size())
			npy.Close()
			if err != nil {
				t.Fatalf("%s: %v", lat.File, err)
			}
			out = append(out, fixtureStream{
				name:    filepath.Base(base) + "/" + lat.File,
				stream:  file[start : start+*rec.LenData],
				shape:   lat.Shape,
				want:    tensor.Raw,
				lossy:   lat.Stored.ZFP.ModeName != "reversible",
				modeHex: lat.Stored.ZFP.Header,
			})
		}
	}
	if len(out) < 13 {
		t.Fatalf("found %d compressed latents in the fixtures, expected at least 13", len(out))
	}
	return out
}

func float32Bytes(v []float32) []byte {
	b := make([]byte, 4*len(v))
	for i, f := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(f))
	}
	return b
}

// Every zfp stream in the fixtures, reversible and fixed-accuracy, decodes to
// exactly the array zfpy returned: every bit of every value.
func TestDecodeFixtures(t *testing.T) {
	for _, fs := range fixtureStreams(t) {
		t.Run(fs.name, func(t *testing.T) {
			h, err := zfp.ReadHeader(fs.stream)
			if err != nil {
				t.Fatal(err)
			}
			if got := h.Type; got != zfp.Float32 {
				t.Fatalf("type %v", got)
			}
			if h.Reversible() == fs.lossy {
				t.Fatalf("mode %s, lossy=%v in expected.json", h.ModeName(), fs.lossy)
			}
			got, err := zfp.DecodeFloat32(fs.stream, fs.shape)
			if err != nil {
				t.Fatal(err)
			}
			gb := float32Bytes(got)
			if !bytes.Equal(gb, fs.want) {
				for i := 0; i < len(gb); i += 4 {
					if !bytes.Equal(gb[i:i+4], fs.want[i:i+4]) {
						t.Fatalf("element %d: got %08x, the reference %08x", i/4,
							binary.LittleEndian.Uint32(gb[i:]), binary.LittleEndian.Uint32(fs.want[i:]))
					}
				}
			}
		})
	}
}
