package prefill

import (
	"encoding/binary"
	"testing"
	"unicode/utf8"
)

// FuzzImageText feeds ImageText, and FromText after it, arbitrary bytes
// starting from every sample the other tests build. Neither may panic or
// hang, and whatever text comes out must be valid UTF-8, since it goes
// straight into a JSON manifest.
func FuzzImageText(f *testing.F) {
	seeds := [][]byte{
		makePNG(tEXt("parameters", sampleInfotext)),
		makePNG(zTXt("parameters", sampleInfotext), tEXt("Software", "x")),
		makePNG(iTXt("parameters", unicodeInfotext, false)),
		makePNG(iTXt("parameters", unicodeInfotext, true)),
		makePNG(tEXt("prompt", comfyKSampler), tEXt("workflow", comfyWorkflow)),
		makePNG(tEXt("prompt", comfySDXLRefiner)),
		makePNG(tEXt("prompt", comfyFlux)),
		makePNG(tEXt("prompt", comfyLinked)),
		makePNG(tEXt("prompt", comfyLoop)),
		makePNG(),
		makeJPEG(app1Exif(a1111Exif(unicodeInfotext))),
		makeJPEG(app1Exif(makeTIFF(binary.LittleEndian, []ifdEntry{asciiEntry(tagImageDescription, sampleInfotext)}, nil)), jpegSegment(0xFE, []byte("c"))),
		makeWebP(a1111Exif(sampleInfotext)),
		makeWebP(makeTIFF(binary.LittleEndian, []ifdEntry{asciiEntry(tagModel, "prompt:"+comfyFlux)}, nil)),
		makeWebP(nil),
		[]byte("\xFF\xD8\xFF"),
		[]byte("RIFF\x04\x00\x00\x00WEBP"),
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		text, err := ImageText(data)
		if err != nil {
			return
		}
		for k, v := range text {
			if !utf8.ValidString(k) || !utf8.ValidString(v) {
				t.Fatalf("invalid UTF-8 in %q: %q", k, v)
			}
		}
		p, _ := FromText(text)
		if p.HasSteps && p.Steps < 1 {
			t.Fatalf("steps %d", p.Steps)
		}
	})
}

// FuzzParseA1111 checks the infotext parser on arbitrary text: no panic,
// and every field it fills is within the range its documentation promises.
func FuzzParseA1111(f *testing.F) {
	for _, s := range []string{sampleInfotext, unicodeInfotext, "x\nSteps: 20, Sampler: DPM++ 2M Karras, A: \"q, \\\"r\\\"\", Size: 1x1", "Negative prompt:\n\nSteps:", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := ParseA1111(s)
		if p.HasSteps && p.Steps < 1 || p.HasCFGScale && !(p.CFGScale >= 0) || p.HasSize && (p.Width < 0 || p.Height < 0) {
			t.Fatalf("out of range: %+v", p)
		}
	})
}

// FuzzParseComfyUI checks the graph walker on arbitrary JSON: no panic and
// no hang, whatever the links point at.
func FuzzParseComfyUI(f *testing.F) {
	for _, s := range []string{comfyKSampler, comfySDXLRefiner, comfyFlux, comfyLinked, comfyLoop} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseComfyUI(s, "")
		if err == nil && p.HasSteps && p.Steps < 1 {
			t.Fatalf("steps %d", p.Steps)
		}
	})
}
