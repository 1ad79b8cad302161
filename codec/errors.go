package codec

import (
	"errors"
	"fmt"
)

// FormatError reports a .gen5 file that is damaged or not a .gen5 file at
// all. Its message is one line: the file, the chunk where there is one, and
// what is wrong.
type FormatError struct {
	File  string // the file's name, or "" when reading from memory
	Chunk int    // the chunk's index in the chunk table, or -1
	Type  string // the chunk's type, when known
	Msg   string
}

func (e *FormatError) Error() string {
	s := ""
	if e.File != "" {
		s = e.File + ": "
	}
	if e.Chunk >= 0 {
		if e.Type != "" {
			s += fmt.Sprintf("chunk %d (%s): ", e.Chunk, e.Type)
		} else {
			s += fmt.Sprintf("chunk %d: ", e.Chunk)
		}
	}
	return s + e.Msg
}

// UnsupportedError reports a valid file that uses something this reader
// does not implement, such as a newer major version.
type UnsupportedError struct {
	File string
	Msg  string
}

func (e *UnsupportedError) Error() string {
	if e.File != "" {
		return e.File + ": unsupported: " + e.Msg
	}
	return "unsupported: " + e.Msg
}

// HashError reports a chunk whose payload does not match the SHA-256 in its
// record. It is returned by Chunk.Verify and collected by Reader.Verify; the
// file still opens, so that a viewer can show it with a warning.
type HashError struct {
	File  string
	Chunk int
	Type  string
	Want  string
	Got   string
}

func (e *HashError) Error() string {
	s := ""
	if e.File != "" {
		s = e.File + ": "
	}
	return fmt.Sprintf("%schunk %d (%s): SHA-256 mismatch: record says %.12s…, payload is %.12s…", s, e.Chunk, e.Type, e.Want, e.Got)
}

// FieldError reports a manifest value that breaks the reference's schema.
// Path names the field the way the JSON nests it, for example
// "model_info.generation_settings.steps".
type FieldError struct {
	Path string
	Msg  string
}

func (e *FieldError) Error() string { return e.Path + ": " + e.Msg }

// ErrChangedOnDisk is returned by a save when the file was modified by
// someone else after it was read; overwriting it would lose their change.
var ErrChangedOnDisk = errors.New("the file changed on disk since it was opened")
