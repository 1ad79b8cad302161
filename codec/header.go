package codec

import (
	"encoding/binary"
	"fmt"
)

// HeaderSize is the size of the fixed header at the start of every file.
const HeaderSize = 32

// Magic is the four bytes a .gen5 file starts with.
const Magic = "GEN5"

// Header is the fixed 32-byte header (struct "<4s B B H I I I I Q").
// FileSize is the true size of the file; the manifest's own
// file_info.file_size is computed before the last compression and is usually
// a few bytes off, so it is never trusted.
type Header struct {
	Magic            string `json:"magic"`
	VersionMajor     uint8  `json:"version_major"`
	VersionMinor     uint8  `json:"version_minor"`
	Flags            uint16 `json:"flags"`
	ChunkTableOffset uint32 `json:"chunk_table_offset"`
	ChunkTableSize   uint32 `json:"chunk_table_size"`
	ChunkCount       uint32 `json:"chunk_count"`
	FileSize         uint32 `json:"file_size"`
	Reserved         uint64 `json:"reserved"`
}

// parseHeader decodes the header; it checks the magic and the version, and
// leaves range checks against the real file size to the reader.
func parseHeader(b []byte) (Header, error) {
	if len(b) < HeaderSize {
		return Header{}, fmt.Errorf("file is %d bytes, shorter than the %d-byte header", len(b), HeaderSize)
	}
	h := Header{
		Magic:            string(b[0:4]),
		VersionMajor:     b[4],
		VersionMinor:     b[5],
		Flags:            binary.LittleEndian.Uint16(b[6:]),
		ChunkTableOffset: binary.LittleEndian.Uint32(b[8:]),
		ChunkTableSize:   binary.LittleEndian.Uint32(b[12:]),
		ChunkCount:       binary.LittleEndian.Uint32(b[16:]),
		FileSize:         binary.LittleEndian.Uint32(b[20:]),
		Reserved:         binary.LittleEndian.Uint64(b[24:]),
	}
	if h.Magic != Magic {
		return h, fmt.Errorf("not a .gen5 file (magic %q, want %q)", h.Magic, Magic)
	}
	if h.VersionMajor < 1 {
		return h, fmt.Errorf("version %d.%d is older than any published format", h.VersionMajor, h.VersionMinor)
	}
	return h, nil
}

// appendHeader encodes h.
func (h Header) appendTo(b []byte) []byte {
	b = append(b, Magic...)
	b = append(b, h.VersionMajor, h.VersionMinor)
	b = binary.LittleEndian.AppendUint16(b, h.Flags)
	b = binary.LittleEndian.AppendUint32(b, h.ChunkTableOffset)
	b = binary.LittleEndian.AppendUint32(b, h.ChunkTableSize)
	b = binary.LittleEndian.AppendUint32(b, h.ChunkCount)
	b = binary.LittleEndian.AppendUint32(b, h.FileSize)
	b = binary.LittleEndian.AppendUint64(b, h.Reserved)
	return b
}
