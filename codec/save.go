package codec

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// WriteFileAtomic writes a file so that, whatever happens, the path holds
// either its old contents or the complete new ones: the data go to a
// temporary file in the same directory, are flushed to disk (fsync), checked
// by check (when not nil), and only then renamed over the path. On any
// failure the temporary file is removed and the original is untouched.
//
// Only a regular file is ever replaced (see WriteTarget): a path naming a
// directory, a device, a named pipe or a socket is refused, and a symbolic
// link to a regular file is written through, replacing the file it points
// to and keeping the link.
func WriteFileAtomic(path string, perm os.FileMode, write func(io.Writer) error, check func(tmp string) error) (err error) {
	target, err := WriteTarget(path)
	if err != nil {
		return err
	}
	return writeAtomic(path, target, perm, write, check)
}

// WriteTarget returns the path a write to path replaces: path itself when
// it names a regular file or nothing yet, the file a symbolic link points
// to when that is a regular file. Anything else is refused with a
// *NotRegularError, so that not even root replaces /dev/null, and a
// dangling link or a link to a directory is refused too.
func WriteTarget(path string) (string, error) {
	st, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return path, nil
	}
	if err != nil {
		return "", fmt.Errorf("%s: %v", path, NamePathError("", err))
	}
	if st.Mode().IsRegular() {
		return path, nil
	}
	if st.Mode()&fs.ModeSymlink == 0 {
		return "", &NotRegularError{Path: path, Kind: fileKind(st.Mode())}
	}
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", &NotRegularError{Path: path, Kind: "a symbolic link to nothing"}
	}
	tst, err := os.Stat(target)
	if err != nil {
		return "", fmt.Errorf("%s: %v", path, NamePathError("", err))
	}
	if !tst.Mode().IsRegular() {
		return "", &NotRegularError{Path: path, Kind: "a symbolic link to " + fileKind(tst.Mode())}
	}
	return target, nil
}

// saveBuffers are the write buffers of writeAtomic, reused: a batch edit
// saves thousands of files, and a new 1 MiB buffer for each cost more in
// clearing memory than the writes.
var saveBuffers = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 1<<20) }}

// writeAtomic writes through a temporary file beside target and renames it
// over target; path is the name the user gave, for messages.
func writeAtomic(path, target string, perm os.FileMode, write func(io.Writer) error, check func(tmp string) error) (err error) {
	dir := filepath.Dir(target)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(target)+".*.tmp")
	if err != nil {
		return fmt.Errorf("%s: cannot write in %s: %v", path, dir, NamePathError("", err))
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := saveBuffers.Get().(*bufio.Writer)
	bw.Reset(tmp)
	defer func() {
		bw.Reset(nil)
		saveBuffers.Put(bw)
	}()
	if err = write(&fileWriter{Writer: bw, f: tmp}); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	if err = bw.Flush(); err != nil {
		return fmt.Errorf("%s: writing: %v", path, NamePathError("", err))
	}
	if err = tmp.Chmod(perm); err != nil {
		return fmt.Errorf("%s: %v", path, NamePathError("", err))
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("%s: flushing to disk: %v", path, NamePathError("", err))
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("%s: %v", path, NamePathError("", err))
	}
	if check != nil {
		if err = check(tmp.Name()); err != nil {
			if errors.Is(err, ErrChangedOnDisk) {
				return fmt.Errorf("%s: %w", path, err)
			}
			return fmt.Errorf("%s: the written file does not read back: %w", path, err)
		}
	}
	if err = os.Rename(tmp.Name(), target); err != nil {
		return fmt.Errorf("%s: %v", path, NamePathError("", err))
	}
	// The rename itself must reach the disk too.
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// Save writes the file again with manifest m, to dst (which may be the
// file's own path: it is then replaced atomically). Every chunk keeps its
// stored bytes. Before the new file takes the place of dst it is read back,
// its manifest compared with m, and every chunk hash checked. When dst is
// the file's own path and the file changed on disk since it was opened,
// Save refuses with ErrChangedOnDisk rather than lose that change.
//
// The copy keeps the file's format, whose chunks it copies; a name with the
// other format's extension is refused rather than mislabel the file.
func (f *File) Save(dst string, m *Manifest) error {
	if g, ok := FormatOfPath(dst); ok && g != f.Header.Format {
		return fmt.Errorf("%s: a %s file cannot be saved under a %s name; convert it instead (gen5view convert)", dst, f.Header.Format.Ext(), g.Ext())
	}
	same := SameFile(dst, f.path)
	if same && f.changedOnDisk() {
		return fmt.Errorf("%s: %w", dst, ErrChangedOnDisk)
	}
	perm := os.FileMode(0o644)
	if st, err := os.Stat(f.path); err == nil {
		perm = st.Mode().Perm()
	}
	check := func(tmp string) error {
		if same && f.changedOnDisk() {
			return ErrChangedOnDisk
		}
		return checkRewritten(tmp, f.Reader, m)
	}
	return WriteFileAtomic(dst, perm, func(w io.Writer) error { return f.Rewrite(w, m) }, check)
}

// WriteNewFile creates a new .gen5 file at path from c, atomically, and
// reads it back before it takes its place.
func WriteNewFile(path string, c Contents) error {
	return WriteNewFileWhen(path, c, nil)
}

// WriteNewFileWhen is WriteNewFile with a last word: ready, when not nil,
// is called once c is written and before the file is flushed to disk and
// read back. An error from it abandons the file, leaving path as it was,
// and is returned as it is. It lets a check of the inputs that takes as
// long as writing them (the picture's pixels, for create) run meanwhile.
func WriteNewFileWhen(path string, c Contents, ready func() error) error {
	var readyErr error
	write := func(w io.Writer) error {
		if err := Write(w, c); err != nil {
			return err
		}
		if ready != nil {
			readyErr = ready()
		}
		return readyErr
	}
	n := len(c.Latents)
	if c.Image != nil {
		n++
	}
	if c.Env != nil {
		n++
	}
	err := WriteFileAtomic(path, 0o644, write,
		func(tmp string) error { return checkWritten(tmp, c.Manifest, n) })
	if err != nil && readyErr != nil {
		return readyErr
	}
	return err
}

// checkWritten opens a just-written file, checks every chunk's hash and that
// its model_info is the one meant to be written.
func checkWritten(path string, m *Manifest, chunks int) error {
	nf, err := OpenFile(path)
	if err != nil {
		return err
	}
	defer nf.Close()
	if len(nf.Chunks) != chunks {
		return fmt.Errorf("%d chunks written, %d expected", len(nf.Chunks), chunks)
	}
	if errs := nf.Verify(); len(errs) > 0 {
		return errs[0]
	}
	return sameModelInfo(nf.Manifest, m)
}

// checkRewritten opens a file Rewrite just wrote from src: its metadata
// must read back with m's model_info, and every chunk must have the record
// and the stored bytes it has in src. Rewrite copies the stored bytes
// unchanged, so comparing them shows a bad copy without inflating and
// hashing every payload again. A rewrite neither repairs nor judges the
// payloads: a chunk that was damaged is kept exactly as it was, for
// verify to report.
func checkRewritten(path string, src *Reader, m *Manifest) error {
	nf, err := OpenFile(path)
	if err != nil {
		return err
	}
	defer nf.Close()
	if len(nf.Chunks) != len(src.Chunks) {
		return fmt.Errorf("%d chunks written, %d expected", len(nf.Chunks), len(src.Chunks))
	}
	// Two blocks, or less for a file whose chunks are all smaller: a batch
	// edit saves thousands of small files, and zeroing 2 MiB for each cost
	// more than comparing them.
	largest := int64(0)
	for _, c := range nf.Chunks {
		largest = max(largest, c.CompressedSize)
	}
	block := int(min(largest, copyCompareBlock))
	buf := make([]byte, 2*block)
	for i, c := range nf.Chunks {
		o := src.Chunks[i]
		if !sameRecord(c.ChunkRecord, o.ChunkRecord) {
			return fmt.Errorf("chunk %d (%s): its record differs from the original's", i, c.Type)
		}
		if err := sameStored(c, o, buf); err != nil {
			return err
		}
	}
	return sameModelInfo(nf.Manifest, m)
}

// sameModelInfo compares the model_info a file holds with the one meant
// to be written, as Python would serialise them.
func sameModelInfo(got, want *Manifest) error {
	w, _ := want.Meta().Object("model_info")
	g, _ := got.Meta().Object("model_info")
	a, err1 := MarshalPython(w)
	b, err2 := MarshalPython(g)
	if err1 != nil || err2 != nil || string(a) != string(b) {
		return errors.New("model_info differs from what was meant to be written")
	}
	return nil
}

// sameRecord compares two chunk records in everything but their place in
// the file (index and offset), which a rewrite recomputes.
func sameRecord(a, b ChunkRecord) bool {
	if a.Type != b.Type || a.Flags != b.Flags || a.CompressedSize != b.CompressedSize ||
		a.UncompressedSize != b.UncompressedSize || a.Hash != b.Hash || a.Compressed != b.Compressed ||
		a.LenHeader != b.LenHeader || a.LenData != b.LenData {
		return false
	}
	ea, err1 := MarshalPython(a.Extra)
	eb, err2 := MarshalPython(b.Extra)
	return err1 == nil && err2 == nil && string(ea) == string(eb)
}

// copyCompareBlock is how much of each chunk sameStored reads at a time.
const copyCompareBlock = 1 << 20

// sameStored compares two chunks' stored bytes a block at a time.
func sameStored(c, o *Chunk, buf []byte) error {
	half := len(buf) / 2
	a, b := buf[:half], buf[half:]
	ra, rb := c.OpenRaw(), o.OpenRaw()
	for left := c.CompressedSize; left > 0; {
		n := int(min(left, int64(half)))
		if _, err := io.ReadFull(ra, a[:n]); err != nil {
			return c.fail("reading the copied bytes: %v", err)
		}
		if _, err := io.ReadFull(rb, b[:n]); err != nil {
			return o.fail("reading the original bytes: %v", err)
		}
		if !bytes.Equal(a[:n], b[:n]) {
			return c.fail("the copied bytes differ from the original's")
		}
		left -= int64(n)
	}
	return nil
}
