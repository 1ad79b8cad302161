package codec

import (
	"bytes"
	"fmt"
	"image"
	_ "image/gif"  // the reference stores whatever PIL opens: GIF,
	_ "image/jpeg" // JPEG,
	_ "image/png"
	"io"

	_ "golang.org/x/image/bmp"  // BMP,
	_ "golang.org/x/image/tiff" // TIFF
	_ "golang.org/x/image/webp" // and WebP
)

// DefaultMaxPixels bounds the images DecodeImage will decode: 8192×8192
// is beyond any generator's output, and even at 16 bits per channel its
// pixels (512 MiB) leave a command under 1 GiB of memory.
const DefaultMaxPixels = 8192 * 8192

// ImageInfo describes an encoded image without decoding its pixels.
type ImageInfo struct {
	Format string `json:"format"` // "png", "jpeg", "webp", "gif", "bmp", "tiff"
	Width  int    `json:"width"`
	Height int    `json:"height"`
}

// ProbeImage reads an encoded image's format and size from its header.
func ProbeImage(data []byte) (ImageInfo, error) {
	return probeHeader(bytes.NewReader(data))
}

// probeHeader reads an image's format and size from r, which DecodeConfig
// reads only as far as the image's header reaches.
func probeHeader(r io.Reader) (ImageInfo, error) {
	cfg, format, err := image.DecodeConfig(r)
	if err != nil {
		if err == image.ErrFormat {
			return ImageInfo{}, fmt.Errorf("image format not recognised (PNG, JPEG, WebP, GIF, BMP and TIFF are supported)")
		}
		return ImageInfo{}, fmt.Errorf("image header: %v", err)
	}
	return ImageInfo{Format: format, Width: cfg.Width, Height: cfg.Height}, nil
}

// DecodeImage decodes an encoded image, refusing one whose header declares
// more than maxPixels before any pixel memory is allocated.
func DecodeImage(data []byte, maxPixels int) (image.Image, ImageInfo, error) {
	info, err := ProbeImage(data)
	if err != nil {
		return nil, info, err
	}
	if err := checkPixels(info, maxPixels); err != nil {
		return nil, info, err
	}
	img, err := decodePixels(bytes.NewReader(data), info)
	return img, info, err
}

// CheckPixels refuses an image whose header declares no pixels or more
// than maxPixels, as DecodeImage and ValidateImage do before decoding: for
// a caller that reads the header first and the pixels later.
func CheckPixels(info ImageInfo, maxPixels int) error { return checkPixels(info, maxPixels) }

// checkPixels refuses an image whose header declares no pixels or more
// than maxPixels.
func checkPixels(info ImageInfo, maxPixels int) error {
	if info.Width <= 0 || info.Height <= 0 || int64(info.Width)*int64(info.Height) > int64(maxPixels) {
		return fmt.Errorf("image of %d×%d pixels is over the limit of %d pixels", info.Width, info.Height, maxPixels)
	}
	return nil
}

// decodePixels decodes an image whose header has been checked.
func decodePixels(r io.Reader, info ImageInfo) (image.Image, error) {
	img, _, err := image.Decode(r)
	if err != nil {
		return nil, fmt.Errorf("decoding %s image: %w", info.Format, err)
	}
	return img, nil
}
