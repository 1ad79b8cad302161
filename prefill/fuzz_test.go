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
		_ = p.ModelInfo()
	})
}
