package codec

import (
	"encoding/binary"
	"fmt"
)

// HeaderSize is the size of the fixed header at the start of a .gen5 file.
const HeaderSize = 32

// RaiiafHeaderSize is the size of the fixed header of a .raiiaf file.
const RaiiafHeaderSize = 33

// Magic is the four bytes a .gen5 file starts with.
const Magic = "GEN5"

// RaiiafMagic is the six bytes a .raiiaf file starts with.
const RaiiafMagic = "raiiaf"

// maxHeaderSize is the larger of the two headers: enough bytes to read
// either.
const maxHeaderSize = RaiiafHeaderSize

// Header is the fixed header: .gen5's 32 bytes (struct "<4s B B H I I I I
// Q") or .raiiaf's 33 ("<6s B B B I I I Q I": a one-byte flags field, a
// 64-bit file size and a 32-bit reserved field). The fields are wide enough
// for both.
// FileSize is the true size of the file; the manifest's own
// file_info.file_size is computed before the last compression and is usually
// a few bytes off, so it is never trusted.
type Header struct {
	Format           Format `json:"-"`
	Magic            string `json:"magic"`
	VersionMajor     uint8  `json:"version_major"`
	VersionMinor     uint8  `json:"version_minor"`
	Flags            uint16 `json:"flags"`
	ChunkTableOffset uint32 `json:"chunk_table_offset"`
	ChunkTableSize   uint32 `json:"chunk_table_size"`
	ChunkCount       uint32 `json:"chunk_count"`
	FileSize         uint64 `json:"file_size"`
	Reserved         uint64 `json:"reserved"`
}

// parseHeader decodes the header of either format, told apart by the
// magic; it checks the magic and the version, and leaves range checks
// against the real file size to the reader.
func parseHeader(b []byte) (Header, error) {
	f, ok := DetectFormat(b)
	if !ok {
		n := min(len(b), len(RaiiafMagic))
		return Header{}, fmt.Errorf("not a .gen5 or .raiiaf file (it starts with %q, not %q or %q)", b[:n], Magic, RaiiafMagic)
	}
	if int64(len(b)) < f.HeaderSize() {
		return Header{}, fmt.Errorf("file is %d bytes, shorter than the %d-byte %s header", len(b), f.HeaderSize(), f.Ext())
	}
	var h Header
	if f == Raiiaf {
		h = Header{
			Format:           Raiiaf,
			Magic:            RaiiafMagic,
			VersionMajor:     b[6],
			VersionMinor:     b[7],
			Flags:            uint16(b[8]),
			ChunkTableOffset: binary.LittleEndian.Uint32(b[9:]),
			ChunkTableSize:   binary.LittleEndian.Uint32(b[13:]),
			ChunkCount:       binary.LittleEndian.Uint32(b[17:]),
			FileSize:         binary.LittleEndian.Uint64(b[21:]),
			Reserved:         uint64(binary.LittleEndian.Uint32(b[29:])),
		}
	} else {
		h = Header{
			Format:           Gen5,
			Magic:            Magic,
			VersionMajor:     b[4],
			VersionMinor:     b[5],
			Flags:            binary.LittleEndian.Uint16(b[6:]),
			ChunkTableOffset: binary.LittleEndian.Uint32(b[8:]),
			ChunkTableSize:   binary.LittleEndian.Uint32(b[12:]),
			ChunkCount:       binary.LittleEndian.Uint32(b[16:]),
			FileSize:         uint64(binary.LittleEndian.Uint32(b[20:])),
			Reserved:         binary.LittleEndian.Uint64(b[24:]),
		}
	}
	if h.VersionMajor < 1 {
		return h, fmt.Errorf("version %d.%d is older than any published format", h.VersionMajor, h.VersionMinor)
	}
	return h, nil
}

// appendTo encodes h in its format's layout.
func (h Header) appendTo(b []byte) []byte {
	b = append(b, h.Format.Magic()...)
	b = append(b, h.VersionMajor, h.VersionMinor)
	if h.Format == Raiiaf {
		b = append(b, uint8(h.Flags))
	} else {
		b = binary.LittleEndian.AppendUint16(b, h.Flags)
	}
	b = binary.LittleEndian.AppendUint32(b, h.ChunkTableOffset)
	b = binary.LittleEndian.AppendUint32(b, h.ChunkTableSize)
	b = binary.LittleEndian.AppendUint32(b, h.ChunkCount)
	if h.Format == Raiiaf {
		b = binary.LittleEndian.AppendUint64(b, h.FileSize)
		b = binary.LittleEndian.AppendUint32(b, uint32(h.Reserved))
	} else {
		b = binary.LittleEndian.AppendUint32(b, uint32(h.FileSize))
		b = binary.LittleEndian.AppendUint64(b, h.Reserved)
	}
	return b
}
