package prefill

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image/jpeg"
	"maps"
	"strings"
	"testing"

	"golang.org/x/image/webp"
)

// unicodeInfotext has text outside Latin-1 and outside the BMP, which
// UTF-16 must carry as a surrogate pair.
const unicodeInfotext = "猫が笑っている 🐱, café\nNegative prompt: 犬\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 99, Size: 512x512"

func TestSampleImagesDecode(t *testing.T) {
	if _, err := jpeg.Decode(bytes.NewReader(makeJPEG(app1Exif(a1111Exif(sampleInfotext)), jpegSegment(0xFE, []byte("hi"))))); err != nil {
		t.Errorf("the sample JPEG is not a valid JPEG: %v", err)
	}
	if _, err := webp.Decode(bytes.NewReader(makeWebP(a1111Exif(sampleInfotext)))); err != nil {
		t.Errorf("the sample WebP is not a valid WebP: %v", err)
	}
}

func TestImageTextExif(t *testing.T) {
	le, be := binary.LittleEndian, binary.BigEndian
	withBOM := func(s string, bo binary.ByteOrder) []byte {
		b := unicodeComment("\uFEFF"+s, bo)
		return b
	}
	comfyIFD0 := []ifdEntry{
		asciiEntry(tagModel, "prompt:"+comfyKSampler),
		asciiEntry(tagMake, "workflow:"+comfyWorkflow),
	}
	tests := []struct {
		name string
		data []byte
		want map[string]string
	}{
		{
			name: "JPEG, A1111 (piexif big-endian UNICODE)",
			data: makeJPEG(app1Exif(a1111Exif(unicodeInfotext))),
			want: map[string]string{"parameters": unicodeInfotext, "UserComment": unicodeInfotext},
		},
		{
			name: "JPEG, little-endian TIFF with big-endian UTF-16, as piexif data in an II block",
			data: makeJPEG(app1Exif(makeTIFF(le, nil, []ifdEntry{undefinedEntry(tagUserComment, unicodeComment(sampleInfotext, be))}))),
			want: map[string]string{"parameters": sampleInfotext, "UserComment": sampleInfotext},
		},
		{
			name: "JPEG, little-endian UTF-16 in a little-endian TIFF",
			data: makeJPEG(app1Exif(makeTIFF(le, nil, []ifdEntry{undefinedEntry(tagUserComment, unicodeComment(sampleInfotext, le))}))),
			want: map[string]string{"parameters": sampleInfotext, "UserComment": sampleInfotext},
		},
		{
			name: "JPEG, byte-order mark decides",
			data: makeJPEG(app1Exif(makeTIFF(be, nil, []ifdEntry{undefinedEntry(tagUserComment, withBOM("猫猫", le))}))),
			want: map[string]string{"parameters": "猫猫", "UserComment": "猫猫"},
		},
		{
			name: "JPEG, no ASCII to tell: TIFF byte order",
			data: makeJPEG(app1Exif(makeTIFF(le, nil, []ifdEntry{undefinedEntry(tagUserComment, unicodeComment("猫猫", le))}))),
			want: map[string]string{"parameters": "猫猫", "UserComment": "猫猫"},
		},
		{
			name: "JPEG, ASCII UserComment padded with NULs",
			data: makeJPEG(app1Exif(makeTIFF(be, nil, []ifdEntry{undefinedEntry(tagUserComment, []byte("ASCII\x00\x00\x00"+sampleInfotext+"\x00\x00"))}))),
			want: map[string]string{"parameters": sampleInfotext, "UserComment": sampleInfotext},
		},
		{
			name: "JPEG, UserComment without a prefix",
			data: makeJPEG(app1Exif(makeTIFF(be, nil, []ifdEntry{undefinedEntry(tagUserComment, []byte(sampleInfotext))}))),
			want: map[string]string{"parameters": sampleInfotext, "UserComment": sampleInfotext},
		},
		{
			name: "JPEG, parameters in a COM segment",
			data: makeJPEG(jpegSegment(0xFE, []byte(sampleInfotext))),
			want: map[string]string{"parameters": sampleInfotext, "Comment": sampleInfotext},
		},
		{
			name: "JPEG, ImageDescription as the fallback",
			data: makeJPEG(app1Exif(makeTIFF(le, []ifdEntry{asciiEntry(tagImageDescription, sampleInfotext)}, nil)), jpegSegment(0xFE, []byte("Created with GIMP"))),
			want: map[string]string{"parameters": sampleInfotext, "ImageDescription": sampleInfotext, "Comment": "Created with GIMP"},
		},
		{
			name: "JPEG, a camera comment is not taken for parameters",
			data: makeJPEG(app1Exif(makeTIFF(le, []ifdEntry{asciiEntry(tagImageDescription, "OLYMPUS DIGITAL CAMERA")}, nil))),
			want: map[string]string{"ImageDescription": "OLYMPUS DIGITAL CAMERA"},
		},
		{
			name: "JPEG without metadata",
			data: makeJPEG(),
			want: map[string]string{},
		},
		{
			name: "WebP, A1111",
			data: makeWebP(a1111Exif(unicodeInfotext)),
			want: map[string]string{"parameters": unicodeInfotext, "UserComment": unicodeInfotext},
		},
		{
			name: "WebP, EXIF chunk with JPEG's Exif prefix",
			data: makeWebP(append([]byte("Exif\x00\x00"), a1111Exif(sampleInfotext)...)),
			want: map[string]string{"parameters": sampleInfotext, "UserComment": sampleInfotext},
		},
		{
			name: "WebP, ComfyUI's prompt and workflow tags",
			data: makeWebP(makeTIFF(le, comfyIFD0, nil)),
			want: map[string]string{"prompt": comfyKSampler, "workflow": comfyWorkflow},
		},
		{
			name: "WebP without metadata",
			data: makeWebP(nil),
			want: map[string]string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ImageText(tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestImageTextHostile(t *testing.T) {
	jpg := makeJPEG(app1Exif(a1111Exif(sampleInfotext)))
	wp := makeWebP(a1111Exif(sampleInfotext))
	be := binary.BigEndian
	patched := func(b []byte, at int, v ...byte) []byte {
		b = bytes.Clone(b)
		copy(b[at:], v)
		return b
	}
	// Offsets inside the sample JPEG's Exif block: SOI, APP0 (18 bytes),
	// APP1 marker and length, "Exif\0\0", then the TIFF block.
	tiffAt := 2 + 18 + 4 + 6
	// A WebP whose RIFF form ends three bytes into a chunk header.
	shortChunk := append(makeWebP(nil), "EXI"...)
	binary.LittleEndian.PutUint32(shortChunk[4:], uint32(len(shortChunk)-8))
	tests := []struct {
		name   string
		data   []byte
		format string
		want   string
	}{
		{"JPEG ends after SOI", jpg[:3], "JPEG", "ends"},
		{"JPEG segment past the end", jpg[:tiffAt+10], "JPEG", "declares"},
		{"JPEG segment length below 2", patched(jpg, 2+18+2, 0, 1), "JPEG", "declares 1 bytes"},
		{"JPEG garbage between segments", patched(jpg, 2+18, 0x00), "JPEG", "expected a marker at offset 20"},
		{"JPEG without SOS", append(bytes.Clone(jpg[:2]), jpegSegment(0xFE, []byte("x"))...), "JPEG", "ends before"},
		{"Exif without TIFF header", makeJPEG(app1Exif([]byte("XX\x00\x2a\x00\x00\x00\x08"))), "Exif", "byte-order"},
		{"Exif shorter than its header", makeJPEG(app1Exif([]byte("MM"))), "Exif", "shorter"},
		{"IFD0 offset outside", patched(jpg, tiffAt+4, 0x7F, 0xFF, 0xFF, 0xFF), "Exif", "outside"},
		{"IFD0 with too many entries", patched(jpg, tiffAt+8, 0xFF, 0xFF), "Exif", "entries"},
		{"UserComment count past the end", makeJPEG(app1Exif(makeTIFF(be, nil, []ifdEntry{{tagUserComment, 7, 0xFFFFFFFF, []byte("UNICODE\x00\x00a")}}))), "Exif", "past the end"},
		{"UserComment of huge RATIONAL count", makeJPEG(app1Exif(makeTIFF(be, nil, []ifdEntry{{tagUserComment, 5, 0xFFFFFFFF, []byte("12345")}}))), "Exif", "past the end"},
		{"Exif pointer of the wrong size", makeJPEG(app1Exif(makeTIFF(be, []ifdEntry{{tagExifIFD, 3, 1, []byte{0, 8}}}, nil))), "Exif", "pointer"},
		{"WebP RIFF longer than the data", wp[:len(wp)-4], "WebP", "RIFF header declares"},
		{"WebP chunk past the end", patched(wp, 12+4, 0xFF, 0xFF, 0xFF, 0x7F), "WebP", "chunk declares"},
		{"WebP chunk header truncated", shortChunk, "WebP", "chunk header truncated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ImageText(tt.data)
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, want a *FormatError", err)
			}
			if fe.Format != tt.format || !strings.Contains(fe.Msg, tt.want) {
				t.Errorf("got %q, want a %s error saying %q", err, tt.format, tt.want)
			}
		})
	}
}

func TestImageTextUnsupported(t *testing.T) {
	for _, data := range [][]byte{nil, []byte("GIF89a"), []byte("RIFF\x00\x00\x00\x00WAVE"), []byte("\xFF\xD8")} {
		_, err := ImageText(data)
		var ue *UnsupportedError
		if !errors.As(err, &ue) {
			t.Errorf("ImageText(%q): got %v, want an *UnsupportedError", data, err)
		}
	}
}

func TestDecodeUTF16Surrogates(t *testing.T) {
	s := "🐱a"
	if got := decodeUserComment(unicodeComment(s, binary.BigEndian), binary.LittleEndian); got != s {
		t.Errorf("got %q, want %q", got, s)
	}
	// An unpaired surrogate becomes U+FFFD rather than invalid UTF-8.
	b := append([]byte("UNICODE\x00"), 0xD8, 0x3D, 0x00, 'a')
	if got := decodeUserComment(b, binary.BigEndian); got != "\uFFFDa" {
		t.Errorf("got %q", got)
	}
}
