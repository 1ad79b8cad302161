package ui

import (
	"errors"
	"fmt"
	"image"
	"path/filepath"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/heatmap"
)

// document is everything the window shows of one file. load builds it off
// the UI goroutine; after that it is changed only on the UI goroutine (the
// decoded picture arriving, a save), so the widgets can share it.
type document struct {
	path     string
	file     *codec.File // kept open: a save copies the chunks' stored bytes from it
	manifest *codec.Manifest
	size     int64

	// chunkErr holds, for each chunk index, what the verify pass found:
	// nil when the payload matched its SHA-256, otherwise the *HashError
	// or the *FormatError of a payload that could not be read. The DATA
	// chunk has no entry while image.pending.
	chunkErr map[int]error
	// problems are the lines of the warning banner: failed chunks first,
	// then the codec's warnings. Empty for a healthy file.
	problems []string
	// differences are how the Python reference would read the file
	// otherwise (or refuse it): shown in the banner after the failed
	// chunks, as `verify` fails on them.
	differences []string

	image   imageData
	latents []*latentData

	// env is the ENVC payload as an ordered JSON tree, nil without one.
	env    any
	envErr error

	seed    uint64
	hasSeed bool
}

// imageData is the DATA chunk. load reads its header; the chunk is checked
// and the picture decoded afterwards, off the UI goroutine (see
// picture.go), so the rest of the file shows at once.
type imageData struct {
	present bool            // the file has a DATA chunk
	chunk   *codec.Chunk    // where to decode the picture from
	pending bool            // the chunk is still to be checked and the picture decoded
	img     image.Image     // the picture at display resolution, once decoded
	scaled  bool            // img is smaller than the picture (see displaySide)
	info    codec.ImageInfo // format and size as stored, known even when decoding fails
	// orientation is the Exif Orientation img was turned upright by
	// (exif.Upright), 1 when it is shown as stored.
	orientation int
	bytes       int   // size of the encoded payload
	err         error // why img is nil, when present and not pending
}

// latentData is one LATN chunk, decoded and folded to B×C×H×W.
type latentData struct {
	index  int    // chunk index
	name   string // Latent.Name(): the key, or "latent N"
	dtype  codec.DType
	shape  []int // as stored
	tensor heatmap.Tensor
	err    error // why tensor is empty
}

// name returns the file name shown in the title.
func (d *document) name() string { return filepath.Base(d.path) }

// close releases the open file.
func (d *document) close() {
	if d != nil && d.file != nil {
		d.file.Close()
	}
}

// load opens path and reads everything the window shows but the picture in
// the codec's one chunk-check pass: every other chunk checked against its
// SHA-256 (each payload read once), the latents widened to float32. Of the
// picture only its header is read here: its chunk is checked as the
// picture is decoded, afterwards and off the UI goroutine (checkPicture),
// so that the metadata and the noise of a large file show at once.
// Only a file that cannot be opened at all is an error; a damaged chunk is
// recorded in the document and reported in the banner, so the rest of the
// file can still be seen.
func load(path string) (*document, error) {
	f, err := codec.OpenFile(path)
	if err != nil {
		return nil, err
	}
	d := &document{
		path:     path,
		file:     f,
		manifest: f.Manifest,
		size:     f.Size(),
		chunkErr: make(map[int]error),
	}
	d.readSeed()
	img, env := f.Image(), f.Env()
	now := make([]*codec.Chunk, 0, len(f.Chunks))
	for _, c := range f.Chunks {
		if c != img {
			now = append(now, c)
		}
	}
	if img != nil {
		d.image = imageData{present: true, chunk: img, pending: true, bytes: int(img.UncompressedSize)}
		// What the header gives shows in the caption meanwhile; the check
		// says why it could not be read, if it cannot.
		d.image.info, _ = img.ProbeImage()
	}
	for _, cc := range codec.CheckChunks(now, codec.CheckOptions{KeepLatents: true}) {
		switch c := cc.Chunk; {
		case c.Type == codec.TypeLatent:
			d.addLatent(cc)
		case c == env:
			d.setEnv(cc)
		}
		d.addVerdict(cc)
	}
	for _, err := range f.ReferenceProblems() {
		d.differences = append(d.differences, problemText(err))
	}
	d.listProblems()
	return d, nil
}

// addVerdict records what the check of a chunk found.
func (d *document) addVerdict(cc codec.ChunkCheck) {
	d.chunkErr[cc.Chunk.Index] = cc.Err
	for _, err := range cc.ChunkProblems() {
		d.differences = append(d.differences, problemText(err))
	}
}

// readSeed takes the seed from generation_settings, when there is one.
func (d *document) readSeed() {
	d.seed, d.hasSeed = 0, false
	if mi, err := d.manifest.ModelInfo(); err == nil || mi.HasSettings {
		d.seed, d.hasSeed = mi.GenerationSettings.Seed, mi.GenerationSettings.HasSeed
	}
}

// listProblems fills problems in: the failed chunks in file order, then
// the codec's warnings.
func (d *document) listProblems() {
	d.problems = nil
	for _, c := range d.file.Chunks {
		if err := d.chunkErr[c.Index]; err != nil {
			d.problems = append(d.problems, chunkProblem(c, err))
		}
	}
	d.problems = append(d.problems, d.differences...)
	d.problems = append(d.problems, d.file.Warnings...)
}

// problemText gives a codec error without the file's name, which the
// window shows already.
func problemText(err error) string {
	var fe *codec.FormatError
	if errors.As(err, &fe) && fe.Chunk >= 0 {
		return fmt.Sprintf("chunk %d (%s): %s", fe.Chunk, fe.Type, fe.Msg)
	}
	if fe != nil {
		return fe.Msg
	}
	return err.Error()
}

// saved puts f, the file a save wrote and opened again, in place of the
// file shown, and returns the old one for the caller to close. What comes
// from the manifest is read again; what came from the chunks stays, since
// a save copies every chunk's stored bytes unchanged, and so does what the
// verify pass found in them.
func (d *document) saved(f *codec.File) (old *codec.File) {
	old = d.file
	d.path = f.Path()
	if abs, err := filepath.Abs(d.path); err == nil {
		d.path = abs
	}
	d.file, d.manifest, d.size = f, f.Manifest, f.Size()
	if d.image.chunk != nil {
		d.image.chunk = f.Image() // the picture is decoded from the open file
	}
	d.readSeed()
	d.listProblems()
	return old
}

// addLatent adds a LATN chunk as the pass found it. A hash mismatch still
// shows the tensor; a chunk that could not be read shows why.
func (d *document) addLatent(cc codec.ChunkCheck) {
	ld := &latentData{index: cc.Chunk.Index, name: fmt.Sprintf("latent %d", len(d.latents))}
	d.latents = append(d.latents, ld)
	if !cc.Readable() {
		ld.err = cc.Err
		return
	}
	lat := cc.Latent
	ld.name, ld.dtype, ld.shape = lat.Name(), lat.DType, lat.Shape
	t, err := heatmap.FromShape(lat.Shape, lat.Float32())
	if err != nil {
		ld.err = err
	} else {
		ld.tensor = t
	}
}

// pictureChecked takes what checkPicture found of the DATA chunk: its
// verdict, which joins the others, and the picture at display resolution
// (scaled when smaller than the picture) and upright, as orientation
// says, or why there is none.
func (d *document) pictureChecked(cc codec.ChunkCheck, scaled bool, orientation int) {
	d.image.pending = false
	d.addVerdict(cc)
	d.listProblems()
	if !cc.Readable() {
		d.image.err = cc.Err
		return
	}
	d.image.info, d.image.err = cc.Image, cc.ImageErr
	d.image.img, d.image.scaled, d.image.orientation = cc.Picture, scaled, orientation
}

// setEnv takes the ENVC chunk as the pass found it.
func (d *document) setEnv(cc codec.ChunkCheck) {
	if !cc.Readable() {
		d.envErr = cc.Err
		return
	}
	d.env, d.envErr = codec.ParseJSON(cc.Payload)
}

// chunkProblem says in one line, without the file name (the title shows
// it), what is wrong with a chunk.
func chunkProblem(c *codec.Chunk, err error) string {
	var he *codec.HashError
	if errors.As(err, &he) {
		return fmt.Sprintf("chunk %d (%s): SHA-256 mismatch — the file may be damaged", he.Chunk, he.Type)
	}
	var fe *codec.FormatError
	if errors.As(err, &fe) {
		return fmt.Sprintf("chunk %d (%s): %s", c.Index, c.Type, fe.Msg)
	}
	return fmt.Sprintf("chunk %d (%s): %v", c.Index, c.Type, err)
}
