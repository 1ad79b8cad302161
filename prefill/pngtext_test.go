package prefill

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image/png"
	"maps"
	"runtime"
	"strings"
	"testing"
)

func TestSamplePNGsDecode(t *testing.T) {
	b := makePNG(tEXt("parameters", sampleInfotext), iTXt("x", "猫", true))
	if _, err := png.Decode(bytes.NewReader(b)); err != nil {
		t.Fatalf("the sample PNG is not a valid PNG: %v", err)
	}
}

func TestPNGText(t *testing.T) {
	long := strings.Repeat("masterpiece, best quality, ", 2000)
	tests := []struct {
		name   string
		chunks [][]byte
		want   map[string]string
	}{
		{"none", nil, map[string]string{}},
		{"tEXt", [][]byte{tEXt("parameters", sampleInfotext)}, map[string]string{"parameters": sampleInfotext}},
		{"tEXt Latin-1", [][]byte{tEXt("Comment", "café crème")}, map[string]string{"Comment": "café crème"}},
		{"zTXt", [][]byte{zTXt("parameters", long)}, map[string]string{"parameters": long}},
		{"zTXt Latin-1", [][]byte{zTXt("Title", "naïve")}, map[string]string{"Title": "naïve"}},
		{"iTXt", [][]byte{iTXt("parameters", "猫が笑っている 🐱\nSteps: 20", false)}, map[string]string{"parameters": "猫が笑っている 🐱\nSteps: 20"}},
		{"iTXt compressed", [][]byte{iTXt("parameters", "猫 "+long, true)}, map[string]string{"parameters": "猫 " + long}},
		{"iTXt with language", [][]byte{pngChunk("iTXt", []byte("Title\x00\x00\x00de-DE\x00Titel\x00Grüße"))}, map[string]string{"Title": "Grüße"}},
		{"iTXt invalid UTF-8 repaired", [][]byte{iTXt("k", "a\xffb", false)}, map[string]string{"k": "a\uFFFDb"}},
		{"ComfyUI", [][]byte{tEXt("prompt", comfyKSampler), tEXt("workflow", `{"nodes":[]}`)}, map[string]string{"prompt": comfyKSampler, "workflow": `{"nodes":[]}`}},
		{"other chunks skipped", [][]byte{pngChunk("pHYs", make([]byte, 9)), pngChunk("iCCP", bytes.Repeat([]byte{1}, 5000)), tEXt("Software", "x")}, map[string]string{"Software": "x"}},
		{"later keyword wins", [][]byte{tEXt("k", "first"), tEXt("k", "second")}, map[string]string{"k": "second"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PNGText(bytes.NewReader(makePNG(tt.chunks...)))
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestPNGTextStopsAtIDAT checks that text after the image data is not read:
// the reader never gets that far, which is the point.
func TestPNGTextStopsAtIDAT(t *testing.T) {
	b := makePNG(tEXt("before", "1"))
	iend := len(b) - 12
	b = append(b[:iend:iend], append(tEXt("after", "2"), b[iend:]...)...)
	got, err := PNGText(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(got, map[string]string{"before": "1"}) {
		t.Errorf("got %q", got)
	}
}

// TestPNGTextIgnoresCRC documents that a wrong CRC is not an error.
func TestPNGTextIgnoresCRC(t *testing.T) {
	c := tEXt("parameters", "a cat")
	c[len(c)-1] ^= 0xFF
	got, err := PNGText(bytes.NewReader(makePNG(c)))
	if err != nil || got["parameters"] != "a cat" {
		t.Fatalf("got %q, %v", got, err)
	}
}

func TestPNGTextHostile(t *testing.T) {
	good := makePNG(tEXt("parameters", sampleInfotext))
	afterIHDR := 8 + 25
	withChunk := func(c []byte) []byte {
		return append(append(append([]byte(nil), good[:afterIHDR]...), c...), good[afterIHDR:]...)
	}
	declared := func(typ string, n uint32, body []byte) []byte {
		b := binary.BigEndian.AppendUint32(nil, n)
		return append(append(b, typ...), body...)
	}
	bomb := deflate(make([]byte, 16<<20)) // about 16 KiB that inflate to 16 MiB
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "signature"},
		{"not a PNG", []byte("GIF89a......"), "signature"},
		{"signature only", []byte(pngSignature), "ends before"},
		{"truncated in a chunk header", good[:afterIHDR+3], "ends before"},
		{"truncated text chunk", good[:afterIHDR+40], "tEXt chunk truncated"},
		{"truncated before CRC", good[:afterIHDR+8+len("parameters")+1+len(sampleInfotext)+2], "before its CRC"},
		{"truncated skipped chunk", good[:20], "IHDR chunk truncated"},
		{"no IDAT", good[:afterIHDR], "ends before"},
		{"length over 2^31-1", withChunk(declared("pHYs", 0xFFFFFFF0, nil)), "over the format's"},
		{"giant declared text length", withChunk(declared("tEXt", 1<<30, []byte("k\x00v"))), "declares 1073741824 bytes, over the limit of 64 MiB"},
		{"giant declared length of a skipped chunk", withChunk(declared("iCCP", 100<<20, nil)), "over the limit of 64 MiB"},
		{"text over the total", withChunk(declared("tEXt", 40<<20, []byte("k\x00v"))), "add up to more than 32 MiB"},
		{"declared length the data lacks", withChunk(declared("tEXt", 20<<20, []byte("k\x00v"))), "tEXt chunk truncated"},
		{"bad chunk type", withChunk(declared("t3Xt", 1, []byte("xxxxx"))), "invalid chunk type"},
		{"no keyword", withChunk(pngChunk("tEXt", []byte("\x00value"))), "without a keyword"},
		{"zTXt bomb", withChunk(pngChunk("zTXt", append([]byte("parameters\x00\x00"), bomb...))), "inflates past the limit of 8 MiB"},
		{"iTXt bomb", withChunk(pngChunk("iTXt", append([]byte("parameters\x00\x01\x00\x00\x00"), bomb...))), "inflates past the limit of 8 MiB"},
		{"zTXt corrupt", withChunk(pngChunk("zTXt", []byte("k\x00\x00not zlib"))), "corrupt zlib"},
		{"zTXt truncated stream", withChunk(pngChunk("zTXt", append([]byte("k\x00\x00"), deflate([]byte(sampleInfotext))[:20]...))), "corrupt zlib"},
		{"zTXt unknown method", withChunk(pngChunk("zTXt", []byte("k\x00\x07xx"))), "compression method"},
		{"iTXt truncated", withChunk(pngChunk("iTXt", []byte("k\x00\x00"))), "iTXt chunk \"k\" truncated"},
		{"iTXt without translated keyword", withChunk(pngChunk("iTXt", []byte("k\x00\x00\x00en\x00text"))), "truncated"},
		{"iTXt unknown flag", withChunk(pngChunk("iTXt", []byte("k\x00\x02\x00\x00\x00text"))), "compression flag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := PNGText(bytes.NewReader(tt.data))
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, want a *FormatError", err)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "PNG: ") {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
		})
	}
}

// TestPNGTextTotalLimit checks that many chunks, each within the per-chunk
// limit, cannot add up past the total.
func TestPNGTextTotalLimit(t *testing.T) {
	chunk := deflate(make([]byte, 7<<20))
	var chunks [][]byte
	for i := range 5 {
		chunks = append(chunks, pngChunk("zTXt", append([]byte{'k', byte('0' + i), 0, 0}, chunk...)))
	}
	_, err := PNGText(bytes.NewReader(makePNG(chunks...)))
	if err == nil || !strings.Contains(err.Error(), "32 MiB") {
		t.Fatalf("got %v, want the 32 MiB total limit", err)
	}
}

// TestPNGTextAllocatesWhatArrives checks that a declared length the data does
// not back costs no more memory than the data.
func TestPNGTextAllocatesWhatArrives(t *testing.T) {
	b := append([]byte(pngSignature), binary.BigEndian.AppendUint32(nil, 20<<20)...)
	b = append(b, "tEXtk\x00short"...)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := PNGText(bytes.NewReader(b))
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Fatal("no error for a truncated chunk")
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Errorf("allocated %d bytes for a 20 MiB declaration backed by 7 bytes", n)
	}
}

func BenchmarkPNGText(b *testing.B) {
	data := makePNG(tEXt("parameters", sampleInfotext), tEXt("prompt", comfyKSampler), zTXt("workflow", strings.Repeat(`{"id":1},`, 5000)))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := PNGText(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}
