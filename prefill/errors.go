package prefill

// FormatError reports image metadata that is damaged, truncated, or larger
// than this package is willing to read. Its message is one line naming the
// container and what is wrong; the caller adds the file's name, which this
// package never sees.
type FormatError struct {
	Format string // "PNG", "JPEG", "WebP" or "Exif"
	Msg    string
}

func (e *FormatError) Error() string { return e.Format + ": " + e.Msg }

// UnsupportedError reports data that is not an image format this package
// reads: the prefill has nothing to go on, which is different from an image
// that simply carries no generation parameters.
type UnsupportedError struct {
	Msg string
}

func (e *UnsupportedError) Error() string { return "unsupported: " + e.Msg }

func formatErr(format, msg string) error { return &FormatError{Format: format, Msg: msg} }
