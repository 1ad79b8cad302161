package codec

import (
	"path/filepath"
	"strings"
)

// Format is one of the two containers this package reads and writes: .gen5
// and its renamed successor .raiiaf (the Python `raiiaf` package, 1.x). They
// share the chunk framing, the manifest and the chunk types; they differ in
// the header (magic and field widths), the manifest's root key, two record
// keys, and how a compressed LATN chunk is stored (a zstd frame of the whole
// body in .gen5; a zstd frame of the chunk header followed by a zfp stream
// in .raiiaf).
type Format uint8

// The formats, told apart by the magic at offset 0.
const (
	Gen5   Format = iota // magic GEN5, 32-byte header
	Raiiaf               // magic raiiaf, 33-byte header
)

// String names the format as its file extension does, without the dot.
func (f Format) String() string {
	if f == Raiiaf {
		return "raiiaf"
	}
	return "gen5"
}

// Ext is the file extension of the format, with the dot.
func (f Format) Ext() string { return "." + f.String() }

// Magic is what a file of the format starts with, and what its manifest's
// file_info.magic says.
func (f Format) Magic() string {
	if f == Raiiaf {
		return RaiiafMagic
	}
	return Magic
}

// HeaderSize is the size of the format's fixed header; the first chunk
// starts right after it.
func (f Format) HeaderSize() int64 {
	if f == Raiiaf {
		return RaiiafHeaderSize
	}
	return HeaderSize
}

// RootKey is the manifest's single top-level key.
func (f Format) RootKey() string {
	if f == Raiiaf {
		return "raiiaf_metadata"
	}
	return "gen5_metadata"
}

// DetectFormat tells the format from the first bytes of a file.
func DetectFormat(head []byte) (Format, bool) {
	switch {
	case strings.HasPrefix(string(head), RaiiafMagic):
		return Raiiaf, true
	case strings.HasPrefix(string(head), Magic):
		return Gen5, true
	}
	return Gen5, false
}

// FormatOfPath tells the format a path's extension asks for (case
// insensitively); ok is false for any other extension.
func FormatOfPath(path string) (f Format, ok bool) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".gen5":
		return Gen5, true
	case ".raiiaf":
		return Raiiaf, true
	}
	return Gen5, false
}

// IsContainerPath reports whether a path has the extension of one of the
// formats, for file choosers and folder listings.
func IsContainerPath(path string) bool {
	_, ok := FormatOfPath(path)
	return ok
}

// EnsureExt returns path as it is when it names a container (it ends in
// ".gen5" or ".raiiaf", in any case), and otherwise with f's extension
// appended: for a name typed where a container is written.
func (f Format) EnsureExt(path string) string {
	if IsContainerPath(path) {
		return path
	}
	if strings.HasSuffix(path, ".") {
		return path + f.String()
	}
	return path + f.Ext()
}

// ParseFormat reads a format name as given on a command line: "gen5" or
// "raiiaf", with or without the dot.
func ParseFormat(s string) (Format, bool) {
	return FormatOfPath("x." + strings.TrimPrefix(strings.ToLower(s), "."))
}
