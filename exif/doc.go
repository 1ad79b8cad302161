// Package exif finds the Exif block of a JPEG or WebP picture and reads
// the entries of its TIFF directories, checking every offset against the
// block, so that damaged or hostile metadata gives an error, never a
// panic or a large allocation. What the entries mean is left to callers
// (package prefill reads generation text from them), except for the
// Orientation tag, which any program showing the picture needs: Upright
// turns a decoded picture as it says, for every display of a picture
// (thumbnails, the window, Copy Image), while stored bytes stay as they
// are. The package imports no UI toolkit.
package exif

// FormatError reports metadata that is damaged or truncated. Its message
// is one line naming the container ("JPEG", "WebP" or "Exif") and what is
// wrong; the caller adds the file's name.
type FormatError struct {
	Format string
	Msg    string
}

func (e *FormatError) Error() string { return e.Format + ": " + e.Msg }

func formatErr(format, msg string) error { return &FormatError{Format: format, Msg: msg} }
