package codec

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// NewLatent is a tensor to store in a new file. Key names it (written to
// extra.key, as 0.1.0 does; the first is conventionally "initial_noise").
type NewLatent struct {
	Key    string
	Tensor *Tensor
}

// Contents is everything a new .gen5 or .raiiaf file holds.
type Contents struct {
	// Format is the container to write: Gen5 (the default) or Raiiaf.
	Format Format
	// Manifest supplies model_info and any other keys of gen5_metadata;
	// file_info and chunks are written anew.
	Manifest *Manifest
	Latents  []NewLatent
	// Image is the DATA payload, stored exactly as given (nil for none).
	Image []byte
	// ImageExtra is the DATA record's extra; nil makes one from the image
	// (format, width and height, as 0.1.0 records them).
	ImageExtra *Object
	// Env is the ENVC payload (nil for none). The 0.1.0a0 reader refuses
	// files that have one, so it is written only when asked for.
	Env []byte
	// Compress stores each chunk as a zstd frame, as the reference does by
	// default. Uncompressed chunks are stored with their chunk header, the
	// layout both reference versions read. In a .raiiaf file it applies to
	// the latents only (DATA and ENVC are always zstd frames there), which
	// are then stored as ZFP says.
	Compress bool
	// ZFP chooses between a zfp stream and the raw elements for each latent
	// of a compressed .raiiaf file.
	ZFP ZFPPolicy
}

// entry is one chunk on its way into a file: its record and its stored
// bytes, which are either new or copied from another file.
type entry struct {
	rec   *Object
	size  int64
	write func(io.Writer) error
}

// Write encodes a new .gen5 or .raiiaf file. The manifest is validated against the
// reference's schema first; an invalid one is refused with a *FieldError.
func Write(w io.Writer, c Contents) error {
	if c.Manifest == nil {
		return errors.New("no manifest")
	}
	var entries []entry
	for i, l := range c.Latents {
		if l.Tensor == nil {
			return fmt.Errorf("latent %d: no tensor", i)
		}
		n, err := elementCount(l.Tensor.Shape)
		if err != nil {
			return fmt.Errorf("latent %d: %v", i, err)
		}
		if n*int64(l.Tensor.DType.Size()) != int64(len(l.Tensor.Raw)) {
			return fmt.Errorf("latent %d: shape %v needs %d bytes, %d given", i, l.Tensor.Shape, n*int64(l.Tensor.DType.Size()), len(l.Tensor.Raw))
		}
		extra := NewObject()
		shape := make([]any, len(l.Tensor.Shape))
		for j, d := range l.Tensor.Shape {
			shape[j] = json.Number(strconv.Itoa(d))
		}
		extra.Set("shape", shape)
		extra.Set("dtype", string(l.Tensor.DType))
		if l.Key != "" {
			extra.Set("key", l.Key)
		}
		if c.Format != Raiiaf {
			entries = append(entries, newEntry(TypeLatent, l.Tensor.DType.Flags(), l.Tensor.Raw, extra, c.Compress))
			continue
		}
		e, err := raiiafLatentEntry(l, extra, c.Compress, c.ZFP)
		if err != nil {
			return fmt.Errorf("latent %d: %v", i, err)
		}
		entries = append(entries, e)
	}
	// .raiiaf stores DATA and ENVC as zstd frames whether compressing or
	// not, as the reference does, with null split keys.
	other := func(typ string, payload []byte, extra *Object) entry {
		if c.Format != Raiiaf {
			return newEntry(typ, "0000", payload, extra, c.Compress)
		}
		e := newEntry(typ, "0000", payload, extra, true)
		e.rec.Set(keyLenHeader, nil)
		e.rec.Set(keyLenData, nil)
		return e
	}
	if c.Image != nil && c.ImageExtra != nil {
		entries = append(entries, other(TypeData, c.Image, c.ImageExtra.Clone()))
	} else if c.Image != nil {
		extra := NewObject()
		if cfg, format, err := image.DecodeConfig(bytes.NewReader(c.Image)); err == nil {
			// 0.1.0 records what the image is; readers that do not know
			// these keys ignore them.
			extra.Set("format", imageFormatName(format))
			extra.Set("width", json.Number(strconv.Itoa(cfg.Width)))
			extra.Set("height", json.Number(strconv.Itoa(cfg.Height)))
		}
		entries = append(entries, other(TypeData, c.Image, extra))
	}
	if c.Env != nil {
		entries = append(entries, other(TypeEnv, c.Env, NewObject()))
	}
	return assemble(w, c.Manifest.ForFormat(c.Format), entries, nil)
}

// newEntry encodes a chunk body: the 12-byte chunk header and the payload,
// inside one zstd frame when compressing.
func newEntry(typ, flags string, payload []byte, extra *Object, compress bool) entry {
	hdr := make([]byte, 0, chunkHeaderSize)
	hdr = append(hdr, typ...)
	hdr = append(hdr, padFlags(flags)...)
	hdr = binary.LittleEndian.AppendUint32(hdr, uint32(len(payload)))
	if compress {
		body := compressBody(hdr, payload)
		return bytesEntry(newRecord(typ, flags, payload, extra, compress, len(body)), body)
	}
	// Stored raw: the header and the payload are written as they are,
	// without a copy of the payload.
	rec := newRecord(typ, flags, payload, extra, false, len(hdr)+len(payload))
	return entry{rec: rec, size: int64(len(hdr) + len(payload)), write: func(w io.Writer) error {
		if _, err := w.Write(hdr); err != nil {
			return err
		}
		_, err := w.Write(payload)
		return err
	}}
}

// compressBody encodes a chunk header and its payload as one zstd frame
// recording its content size, without first copying them into one body:
// for a large picture that copy would be as large as the picture.
func compressBody(hdr, payload []byte) []byte {
	n := len(hdr) + len(payload)
	if n < 1024 {
		return compressFrame(append(hdr, payload...))
	}
	// Room for the worst case (zstd's compress bound), so the buffer is
	// never grown and copied.
	out := bytes.NewBuffer(make([]byte, 0, n+n>>8+1024))
	enc := streamEncoders.Get().(*zstd.Encoder)
	defer streamEncoders.Put(enc)
	enc.ResetContentSize(out, int64(n))
	if _, err := enc.Write(hdr); err == nil {
		_, _ = enc.Write(payload)
	}
	if err := enc.Close(); err != nil {
		// Writing to memory does not fail; a frame that could not be
		// made falls back to the one-shot encoder.
		return compressFrame(append(append([]byte(nil), hdr...), payload...))
	}
	return out.Bytes()
}

// streamEncoders write large chunk bodies given in pieces, at the level the
// reference uses; each is reused.
var streamEncoders = sync.Pool{New: func() any {
	return newEncoder(zstd.SpeedDefault, false, false)
}}

// bytesEntry is an entry whose stored bytes are already in memory.
func bytesEntry(rec *Object, body []byte) entry {
	return entry{rec: rec, size: int64(len(body)), write: func(w io.Writer) error {
		_, err := w.Write(body)
		return err
	}}
}

// newRecord makes a chunk record for a payload stored in size bytes; index
// and offset are set when the file is laid out.
func newRecord(typ, flags string, payload []byte, extra *Object, compressed bool, size int) *Object {
	sum := sha256.Sum256(payload)
	rec := NewObject()
	rec.Set("index", json.Number("0"))
	rec.Set("type", typ)
	rec.Set("flags", flags)
	rec.Set("offset", json.Number("0"))
	rec.Set("compressed_size", json.Number(strconv.Itoa(size)))
	rec.Set("uncompressed_size", json.Number(strconv.Itoa(len(payload))))
	rec.Set("hash", hex.EncodeToString(sum[:]))
	rec.Set("extra", extra)
	rec.Set("compressed", compressed)
	return rec
}

// padFlags gives the 4-byte flags field: "F16" becomes "F16\x00".
func padFlags(f string) []byte {
	b := []byte(f)
	for len(b) < 4 {
		b = append(b, 0)
	}
	return b[:4]
}

// imageFormatName spells a Go image format name as PIL does.
func imageFormatName(f string) string {
	switch f {
	case "png":
		return "PNG"
	case "jpeg":
		return "JPEG"
	case "webp":
		return "WEBP"
	case "gif", "bmp", "tiff":
		return strings.ToUpper(f)
	}
	return f
}

// encoder is shared; the default level is the one libzstd uses by default,
// the reference's setting.
var encoder = sync.OnceValue(func() *zstd.Encoder {
	return newEncoder(zstd.SpeedDefault, false, false)
})

// smallEncoder writes single-segment frames. The reference's reader needs
// the content size in every frame header, and a frame that is not single
// segment leaves it out below 256 bytes; libzstd itself writes small inputs
// as single segments.
var smallEncoder = sync.OnceValue(func() *zstd.Encoder {
	return newEncoder(zstd.SpeedDefault, false, true)
})

func newEncoder(level zstd.EncoderLevel, crc, single bool) *zstd.Encoder {
	opts := []zstd.EOption{zstd.WithEncoderLevel(level), zstd.WithEncoderCRC(crc), zstd.WithEncoderConcurrency(1)}
	if single {
		opts = append(opts, zstd.WithSingleSegment(true))
	}
	e, err := zstd.NewWriter(nil, opts...)
	if err != nil {
		panic(err) // only on invalid options, which are constants here
	}
	return e
}

// compressFrame encodes a chunk body as one zstd frame that records its
// content size.
func compressFrame(body []byte) []byte {
	if len(body) < 1024 {
		return smallEncoder().EncodeAll(body, nil)
	}
	return encoder().EncodeAll(body, make([]byte, 0, len(body)/2+64))
}

// assemble lays out a file: header, the chunks back to back, then the
// metadata chunk.
//
// base is the manifest of the file being rewritten, or nil for a new file:
// a rewrite refuses only the schema violations m has that base did not,
// so that an edit of one field keeps what the file held elsewhere (a tag
// that is not text) instead of refusing to save it.
func assemble(w io.Writer, m *Manifest, entries []entry, base *Manifest) error {
	m = m.Clone()
	f := m.Format()
	meta := m.Meta()
	offset := f.HeaderSize()
	recs := make([]any, len(entries))
	for i, e := range entries {
		e.rec.Set("index", json.Number(strconv.Itoa(i)))
		e.rec.Set("offset", json.Number(strconv.FormatInt(offset, 10)))
		recs[i] = e.rec
		offset += e.size
	}
	tableOffset := offset
	meta.Set("chunks", recs)
	fi := childObject(meta, "file_info")
	if _, ok := fi.Get("magic"); !ok {
		fi.Set("magic", f.Magic())
	}
	if _, ok := fi.Get("version_major"); !ok {
		fi.Set("version_major", json.Number("1"))
	}
	if _, ok := fi.Get("version_minor"); !ok {
		fi.Set("version_minor", json.Number("0"))
	}
	fi.Set("chunk_count", json.Number(strconv.Itoa(len(entries))))
	if _, ok := fi.Get("file_size"); !ok {
		fi.Set("file_size", json.Number("0"))
	}
	if err := validateAgainst(m, base); err != nil {
		return err
	}

	size, table, err := settleTable(m, fi, tableOffset)
	if err != nil {
		return err
	}
	// Both formats give the chunk table's offset and size in 32 bits (and
	// .gen5 the file size too), so neither can go past 4 GiB.
	if size > math.MaxUint32 {
		return fmt.Errorf("the file would be %d bytes; the format's 32-bit offsets stop at 4 GiB", size)
	}
	h := Header{
		Format:           f,
		VersionMajor:     1,
		ChunkTableOffset: uint32(tableOffset),
		ChunkTableSize:   uint32(len(table)),
		ChunkCount:       uint32(len(entries)),
		FileSize:         uint64(size),
	}
	if _, err := w.Write(h.appendTo(nil)); err != nil {
		return err
	}
	for _, e := range entries {
		if err := e.write(w); err != nil {
			return err
		}
	}
	_, err = w.Write(table)
	return err
}

// Rewrite writes a copy of the file with a new manifest. Every chunk keeps
// its stored bytes, copied without being decompressed (as zip.Writer.Copy
// copies entries); only the metadata chunk is written anew, and offsets are
// recomputed. The chunk records come from the file itself, with any keys
// they carry, so an editor cannot make them disagree with the chunks.
//
// The file keeps its format: a manifest of the other format is moved to
// this one's root key, since the stored chunks are this format's.
func (rd *Reader) Rewrite(w io.Writer, m *Manifest) error {
	objs, err := rd.Manifest.chunkRecords()
	if err != nil {
		return err
	}
	entries := make([]entry, len(rd.Chunks))
	for i, c := range rd.Chunks {
		entries[i] = entry{rec: objs[i].Clone(), size: c.CompressedSize, write: func(w io.Writer) error {
			if err := copyStored(w, c); err != nil {
				return c.fail("copying stored bytes: %v", err)
			}
			return nil
		}}
	}
	return assemble(w, m.ForFormat(rd.Header.Format), entries, rd.Manifest.ForFormat(rd.Header.Format))
}

// validateAgainst returns the first schema violation of m that base, when
// given, does not have too.
func validateAgainst(m, base *Manifest) error {
	had := map[string]bool{}
	if base != nil {
		for _, e := range ValidateAll(base) {
			had[e.Error()] = true
		}
	}
	for _, e := range ValidateAll(m) {
		if !had[e.Error()] {
			return e
		}
	}
	return nil
}

// settleTable encodes the metadata chunk so that the file_info.file_size it
// states is the size of the file it ends. That size includes the compressed
// manifest that contains it, and the compressed length jitters by a byte or
// two with the digits, so a size that reproduces itself may not exist for a
// given encoder. The JSON must stay exactly as Python writes it, so the
// freedom is taken in the frame instead: the same bytes under a few encoder
// settings (checksum on or off, other levels), each a valid single frame
// with its content size, give lengths a few bytes apart, and one of them
// meets its own size. Each try costs microseconds on a few KiB, but a
// search takes tens of tries: splitMetaFrame settles the size without one
// for every manifest the reference writes, and the search remains for
// manifests that keep file_info far from their start.
func settleTable(m *Manifest, fi *Object, tableOffset int64) (int64, []byte, error) {
	// The manifest is serialised once, around a placeholder for the size,
	// and each try splices its digits in: a manifest of a million tags is
	// tens of MiB, which must not be serialised again per try.
	const mark = "-9.87654321012345e-321" // no size, and checked unique below
	fi.Set("file_size", json.Number(mark))
	js, err := m.Marshal()
	if err != nil {
		return 0, nil, err
	}
	at := bytes.Index(js, []byte(mark))
	if at < 0 || bytes.Count(js, []byte(mark)) != 1 {
		return 0, nil, errors.New("cannot place file_info.file_size in the metadata")
	}
	body := func(size int64) []byte {
		digits := strconv.FormatInt(size, 10)
		n := len(js) - len(mark) + len(digits)
		b := append([]byte(TypeMeta+"0000"), binary.LittleEndian.AppendUint32(nil, uint32(n))...)
		b = append(b, js[:at]...)
		b = append(b, digits...)
		return append(b, js[at+len(mark):]...)
	}
	encoders := metadataEncoders()
	// The direct way first: one compression, no search.
	if size, table, err := splitMetaFrame(body, 12+at, js[at+len(mark):], tableOffset, encoders[0]); err == nil {
		fi.Set("file_size", json.Number(strconv.FormatInt(size, 10)))
		return size, table, nil
	}
	if len(js) > 1<<20 {
		encoders = encoders[:1] // each try costs tens of milliseconds here
	}
	var fallback []byte
	var fallbackSize int64
	for _, enc := range encoders {
		guess := tableOffset + int64(len(enc.EncodeAll(body(tableOffset), nil)))
		for size := guess - 16; size <= guess+16; size++ {
			if size < tableOffset {
				continue
			}
			table := enc.EncodeAll(body(size), nil)
			if tableOffset+int64(len(table)) == size {
				fi.Set("file_size", json.Number(strconv.FormatInt(size, 10)))
				return size, table, nil
			}
			if size == guess && fallback == nil {
				fallback, fallbackSize = table, size
			}
		}
	}
	// No size reproduces itself: file_info.file_size is then a few bytes
	// off the true size, as it is in every file the reference writes.
	if fallback == nil {
		return 0, nil, errors.New("no file size found for the metadata chunk")
	}
	fi.Set("file_size", json.Number(strconv.FormatInt(fallbackSize, 10)))
	return tableOffset + int64(len(fallback)), fallback, nil
}

// metadataEncoders are the encoder settings settleTable tries, the
// reference's own (default level, no checksum) first.
var metadataEncoders = sync.OnceValue(func() []*zstd.Encoder {
	var encs []*zstd.Encoder
	for _, level := range []zstd.EncoderLevel{zstd.SpeedDefault, zstd.SpeedFastest, zstd.SpeedBetterCompression} {
		for _, crc := range []bool{false, true} {
			// Single segment, so that the content size is always recorded.
			encs = append(encs, newEncoder(level, crc, true))
		}
	}
	return encs
})
