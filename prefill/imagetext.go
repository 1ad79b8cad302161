package prefill

import (
	"bytes"
	"strings"
)

// ImageText returns the text an image file carries about itself, choosing
// the reader by the file's magic bytes rather than its name, which is often
// wrong for downloaded pictures.
//
// For a PNG it is PNGText's map, keyed by chunk keyword: A1111 and its forks
// write "parameters", ComfyUI writes "prompt" and "workflow".
//
// JPEG and WebP have no named text fields, so the map is built to look the
// same: "parameters" holds the generation text, taken from the Exif
// UserComment, a JPEG COM segment or the Exif ImageDescription, in that order
// of preference among those that look like an infotext (hold "Steps: "), and
// otherwise from the UserComment alone, the only one A1111 writes. The raw
// fields are kept too, under "UserComment", "Comment" and "ImageDescription".
// ComfyUI's "prompt:{...}" and "workflow:{...}" Exif strings become "prompt"
// and "workflow".
//
// An image without any of this gives an empty map and no error. Damaged or
// oversized metadata gives a *FormatError, data that is none of these formats
// an *UnsupportedError. ImageText never panics and bounds what it allocates
// as PNGText describes; JPEG and WebP metadata is sliced from data, never
// copied beyond the decoded text.
func ImageText(data []byte) (map[string]string, error) {
	switch {
	case bytes.HasPrefix(data, []byte(pngSignature)):
		return PNGText(bytes.NewReader(data))
	case len(data) >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF:
		ex, comment, err := jpegText(data)
		if err != nil {
			return nil, err
		}
		return exifMap(ex, comment), nil
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		ex, err := webpText(data)
		if err != nil {
			return nil, err
		}
		return exifMap(ex, ""), nil
	}
	return nil, &UnsupportedError{Msg: "not a PNG, JPEG or WebP image"}
}

// exifMap lays Exif and COM text out as ImageText documents.
func exifMap(ex exifText, comment string) map[string]string {
	m := map[string]string{}
	put := func(k, v string) {
		if strings.TrimSpace(v) != "" {
			m[k] = v
		}
	}
	put("UserComment", ex.userComment)
	put("Comment", comment)
	put("ImageDescription", ex.imageDescription)
	for k, v := range ex.tagged {
		put(k, v)
	}
	for _, c := range []string{ex.userComment, comment, ex.imageDescription} {
		if strings.Contains(c, "Steps: ") {
			m["parameters"] = c
			return m
		}
	}
	put("parameters", ex.userComment)
	return m
}
