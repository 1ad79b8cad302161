package codec

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"slices"
	"time"
)

// DefaultMaxChunkSize bounds the payload a reader will inflate from one
// chunk. The largest latents in use (1×16×256×256 float32) are 4 MiB and
// images a few tens of MiB, so 256 MiB refuses only files that lie about
// their sizes, and keeps every command under 1 GiB of memory: the window
// holds a latent and its float32 copy, extract a payload and its stored
// bytes.
const DefaultMaxChunkSize = 256 << 20

// MaxJSONSize bounds every JSON payload: the metadata chunk, and the
// environment chunk, which is read whole to be parsed. Real ones are a few
// KiB (larger only when a ComfyUI workflow is kept).
const MaxJSONSize = 64 << 20

// MaxChunks bounds the chunk table. A file has an image, an environment
// and a few latents; a table of thousands of records can only make every
// reader do thousands of times the work.
const MaxChunks = 1024

// maxMetadataSize is the metadata chunk's bound.
const maxMetadataSize = MaxJSONSize

// Reader gives access to a .gen5 or .raiiaf file, told apart by the magic.
// NewReader reads the header and the
// metadata chunk (the chunk table) at once; the chunks themselves are read
// only when asked, as archive/zip reads its entries.
type Reader struct {
	// Name is used in error messages; it is empty for in-memory files.
	Name     string
	Header   Header
	Manifest *Manifest
	// Chunks are the records of the chunk table, in order.
	Chunks []*Chunk
	// Warnings are things a careful reader notices that do not stop the
	// file from opening: bytes after the end, unknown chunk types.
	Warnings []string

	r            io.ReaderAt
	size         int64
	maxChunkSize int64
	// metadataJSON is the metadata chunk's payload as stored.
	metadataJSON []byte
	// data is the whole file when it was given in memory; chunks are then
	// sliced from it instead of copied.
	data []byte
	// closer is the file LoadFile left open, or nil.
	closer io.Closer
}

// NewReader reads a .gen5 or .raiiaf file of the given size from r.
func NewReader(r io.ReaderAt, size int64) (*Reader, error) {
	return newReader(r, size, "", DefaultMaxChunkSize)
}

func newReader(r io.ReaderAt, size int64, name string, maxChunk int64) (*Reader, error) {
	rd := &Reader{Name: name, r: r, size: size, maxChunkSize: maxChunk}
	if err := rd.init(); err != nil {
		return nil, err
	}
	return rd, nil
}

func (rd *Reader) fail(chunk int, typ, format string, args ...any) error {
	return &FormatError{File: rd.Name, Chunk: chunk, Type: typ, Msg: fmt.Sprintf(format, args...)}
}

func (rd *Reader) init() error {
	if rd.size < HeaderSize {
		return rd.fail(-1, "", "file is %d bytes, shorter than the %d-byte header", rd.size, HeaderSize)
	}
	hb := make([]byte, min(rd.size, maxHeaderSize))
	if _, err := rd.r.ReadAt(hb, 0); err != nil {
		return rd.fail(-1, "", "reading the header: %v", err)
	}
	h, err := parseHeader(hb)
	if err != nil {
		if _, known := DetectFormat(hb); known && h.Magic != "" {
			return &UnsupportedError{File: rd.Name, Msg: err.Error()}
		}
		return rd.fail(-1, "", "%v", err)
	}
	rd.Header = h
	if h.FileSize > uint64(rd.size) {
		return rd.fail(-1, "", "truncated: the header says %d bytes, the file has %d", h.FileSize, rd.size)
	}
	if h.FileSize < uint64(rd.size) {
		rd.Warnings = append(rd.Warnings, fmt.Sprintf("%d bytes after the end the header gives (%d)", uint64(rd.size)-h.FileSize, h.FileSize))
	}
	tableEnd := int64(h.ChunkTableOffset) + int64(h.ChunkTableSize)
	if int64(h.ChunkTableOffset) < h.Format.HeaderSize() || tableEnd > rd.size {
		return rd.fail(-1, "", "chunk table at %d+%d lies outside the file (%d bytes)", h.ChunkTableOffset, h.ChunkTableSize, rd.size)
	}
	if h.ChunkTableSize < 12 {
		return rd.fail(-1, "", "chunk table is %d bytes, too small to hold a chunk", h.ChunkTableSize)
	}
	stored := make([]byte, h.ChunkTableSize)
	if _, err := rd.r.ReadAt(stored, int64(h.ChunkTableOffset)); err != nil {
		return rd.fail(-1, "", "reading the chunk table: %v", err)
	}
	body, err := decompressBody(stored, -1, maxMetadataSize)
	if err != nil {
		return rd.fail(-1, "", "metadata chunk: %v", err)
	}
	typ, _, payload, err := splitBody(body)
	if err != nil {
		return rd.fail(-1, "", "metadata chunk: %v", err)
	}
	if typ != "META" {
		return rd.fail(-1, "", "chunk table holds a %q chunk, not META", typ)
	}
	rd.metadataJSON = payload
	m, err := ParseManifest(payload)
	if err != nil {
		return rd.fail(-1, "", "%v", err)
	}
	rd.Manifest = m
	if m.Format() != h.Format {
		rd.Warnings = append(rd.Warnings, fmt.Sprintf("a %s file whose metadata has the root key of %s (%q)", h.Format.Ext(), m.Format().Ext(), m.Format().RootKey()))
	}
	if arr, ok := m.Meta().Get("chunks"); ok {
		if list, ok := arr.([]any); ok && len(list) > MaxChunks {
			return rd.fail(-1, "", "the chunk table lists %d chunks, over the limit of %d", len(list), MaxChunks)
		}
	}
	recs, err := m.Records()
	if err != nil {
		return rd.fail(-1, "", "metadata: %v", err)
	}
	if int(h.ChunkCount) != len(recs) {
		rd.Warnings = append(rd.Warnings, fmt.Sprintf("the header counts %d chunks, the chunk table lists %d", h.ChunkCount, len(recs)))
	}
	for i, rec := range recs {
		c, err := rd.checkRecord(i, rec, int64(h.ChunkTableOffset))
		if err != nil {
			return err
		}
		rd.Chunks = append(rd.Chunks, c)
	}
	return rd.checkOverlap()
}

// checkOverlap refuses a chunk table whose records share stored bytes.
// The reference never writes such a file, and without this rule a small
// file could list one highly compressed frame thousands of times and make
// every reader inflate it thousands of times over.
func (rd *Reader) checkOverlap() error {
	byOffset := make([]*Chunk, 0, len(rd.Chunks))
	for _, c := range rd.Chunks {
		if c.CompressedSize > 0 {
			byOffset = append(byOffset, c)
		}
	}
	slices.SortFunc(byOffset, func(a, b *Chunk) int { return cmp.Compare(a.Offset, b.Offset) })
	for i := 1; i < len(byOffset); i++ {
		prev, c := byOffset[i-1], byOffset[i]
		if c.Offset < prev.Offset+prev.CompressedSize {
			return rd.fail(c.Index, c.Type, "bytes %d to %d overlap those of chunk %d (%d to %d); chunks cannot share bytes",
				c.Offset, c.Offset+c.CompressedSize, prev.Index, prev.Offset, prev.Offset+prev.CompressedSize)
		}
	}
	return nil
}

// checkRecord validates one record against the file before anything is read
// through it: its byte range, its sizes, and for a tensor its shape.
func (rd *Reader) checkRecord(i int, rec ChunkRecord, tableOffset int64) (*Chunk, error) {
	c := &Chunk{ChunkRecord: rec, r: rd}
	if rec.Index != i {
		rd.Warnings = append(rd.Warnings, fmt.Sprintf("chunk %d (%s) says its index is %d", i, rec.Type, rec.Index))
	}
	if len(rec.Type) != 4 {
		return nil, rd.fail(i, "", "type %q is not four characters", rec.Type)
	}
	end := rec.Offset + rec.CompressedSize
	if start := rd.Header.Format.HeaderSize(); rec.Offset < start || end > tableOffset {
		return nil, rd.fail(i, rec.Type, "bytes %d to %d lie outside the chunk area (%d to %d)", rec.Offset, end, start, tableOffset)
	}
	if rec.UncompressedSize > rd.maxChunkSize {
		return nil, rd.fail(i, rec.Type, "payload of %d bytes is over the limit of %d", rec.UncompressedSize, rd.maxChunkSize)
	}
	if !rec.Compressed {
		switch rec.CompressedSize {
		case rec.UncompressedSize + chunkHeaderSize:
			// 0.1.0: chunk header and payload, stored raw.
		case rec.UncompressedSize:
			// 0.1.0a0 stores the payload alone, without its chunk header.
			c.headerless = true
		default:
			return nil, rd.fail(i, rec.Type, "uncompressed chunk of %d bytes cannot hold a %d-byte payload", rec.CompressedSize, rec.UncompressedSize)
		}
	}
	switch rec.Type {
	case TypeLatent:
		if _, err := c.latentLayout(); err != nil {
			return nil, rd.fail(i, rec.Type, "%v", err)
		}
		if rd.Header.Format == Raiiaf && rec.Compressed {
			if err := c.checkZFP(); err != nil {
				return nil, err
			}
		}
	case TypeData, TypeEnv:
	default:
		rd.Warnings = append(rd.Warnings, fmt.Sprintf("chunk %d has type %q, which this version does not know; it is kept as it is", i, rec.Type))
	}
	return c, nil
}

// MetadataJSON returns the metadata chunk's JSON exactly as stored.
func (rd *Reader) MetadataJSON() []byte { return rd.metadataJSON }

// Size returns the size of the file.
func (rd *Reader) Size() int64 { return rd.size }

// Latents returns the LATN chunks in order; the first is the initial noise.
func (rd *Reader) Latents() []*Chunk { return rd.chunksOfType(TypeLatent) }

// Image returns the DATA chunk, or nil when the file has none.
func (rd *Reader) Image() *Chunk {
	if cs := rd.chunksOfType(TypeData); len(cs) > 0 {
		return cs[0]
	}
	return nil
}

// Env returns the ENVC chunk, or nil when the file has none.
func (rd *Reader) Env() *Chunk {
	if cs := rd.chunksOfType(TypeEnv); len(cs) > 0 {
		return cs[0]
	}
	return nil
}

func (rd *Reader) chunksOfType(t string) []*Chunk {
	var out []*Chunk
	for _, c := range rd.Chunks {
		if c.Type == t {
			out = append(out, c)
		}
	}
	return out
}

// Verify reads every chunk and checks its payload against the SHA-256 in
// its record. It returns one error per failing chunk (a *HashError, or a
// *FormatError for a chunk that cannot be decoded), nil when all pass.
func (rd *Reader) Verify() []error {
	var errs []error
	for _, cc := range rd.Check(CheckOptions{}) {
		if cc.Err != nil {
			errs = append(errs, cc.Err)
		}
	}
	return errs
}

// File is a Reader over a file on disk. It remembers what the file looked
// like when it was opened, so that a save can refuse to overwrite a file
// someone else changed in the meantime.
type File struct {
	*Reader
	f       *os.File
	path    string
	modTime time.Time
	size    int64
}

// OpenFile opens and reads the named .gen5 or .raiiaf file.
func OpenFile(path string) (*File, error) {
	f, size, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	rd, err := newReader(f, size, path, DefaultMaxChunkSize)
	if err != nil {
		f.Close()
		return nil, err
	}
	return &File{Reader: rd, f: f, path: path, modTime: st.ModTime(), size: size}, nil
}

// Path returns the path the file was opened from.
func (f *File) Path() string { return f.path }

// Close closes the file.
func (f *File) Close() error { return f.f.Close() }

// changedOnDisk reports whether the file at the path is no longer the one
// that was read: another size or modification time.
func (f *File) changedOnDisk() bool {
	st, err := os.Stat(f.path)
	if err != nil {
		return true
	}
	return st.Size() != f.size || !st.ModTime().Equal(f.modTime)
}

// ReadBytes reads a whole .gen5 or .raiiaf file held in memory.
func ReadBytes(data []byte) (*Reader, error) {
	return readBytes("", data)
}

// maxLoadSize is the largest file LoadFile reads into memory in one go;
// a larger one is read chunk by chunk, so that a 4 GiB file costs no more
// memory than its largest chunk.
const maxLoadSize = 256 << 20

// LoadFile reads the named .gen5 or .raiiaf file into memory and opens it
// there, for callers that will read every chunk anyway: the chunks are
// then slices of one read rather than copies. A file over 256 MiB is instead read from
// disk as its chunks are asked for; Close releases it. Errors name the file.
func LoadFile(path string) (*Reader, error) {
	f, size, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	if size > maxLoadSize {
		rd, err := newReader(f, size, path, DefaultMaxChunkSize)
		if err != nil {
			f.Close()
			return nil, err
		}
		rd.closer = f
		return rd, nil
	}
	defer f.Close()
	data := make([]byte, size)
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, fmt.Errorf("%s: reading: %v", path, err)
	}
	return readBytes(path, data)
}

// Close releases the file a Reader from LoadFile reads from; it does
// nothing for a Reader over memory.
func (rd *Reader) Close() error {
	if rd.closer == nil {
		return nil
	}
	return rd.closer.Close()
}

func readBytes(name string, data []byte) (*Reader, error) {
	rd := &Reader{Name: name, r: bytes.NewReader(data), size: int64(len(data)), maxChunkSize: DefaultMaxChunkSize, data: data}
	if err := rd.init(); err != nil {
		return nil, err
	}
	return rd, nil
}

// splitBody separates a chunk body into its 12-byte header and payload and
// checks that the size field matches.
func splitBody(body []byte) (typ, flags string, payload []byte, err error) {
	if len(body) < chunkHeaderSize {
		return "", "", nil, fmt.Errorf("chunk of %d bytes is shorter than its %d-byte header", len(body), chunkHeaderSize)
	}
	typ = string(body[0:4])
	flags = string(bytes.TrimRight(body[4:8], "\x00"))
	n := binary.LittleEndian.Uint32(body[8:12])
	if int64(n) != int64(len(body)-chunkHeaderSize) {
		return typ, flags, nil, fmt.Errorf("chunk header says %d payload bytes, %d follow", n, len(body)-chunkHeaderSize)
	}
	return typ, flags, body[chunkHeaderSize:], nil
}
