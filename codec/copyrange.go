package codec

import (
	"bufio"
	"io"
	"os"
)

// fileWriter is what writeAtomic hands to a write function: buffered
// writes into the temporary file, and copyRange, with which Rewrite copies
// a chunk's stored bytes from the original file without them passing
// through this process where the system can (copy_file_range on Linux,
// which also shares the blocks on filesystems with reflinks).
type fileWriter struct {
	*bufio.Writer
	f *os.File
}

// copyRange copies n bytes of src from offset off to the end of what has
// been written. handled is false, with nothing written, where the system
// cannot copy between these files; the caller then copies them itself.
func (w *fileWriter) copyRange(src *os.File, off, n int64) (handled bool, err error) {
	if err := w.Flush(); err != nil {
		return true, err
	}
	return copyFileRange(w.f, src, off, n)
}

// copyStored copies chunk c's stored bytes to w: by copyRange when w is
// the temporary file of a save and c comes from an open file, else through
// a buffer.
func copyStored(w io.Writer, c *Chunk) error {
	if fw, ok := w.(*fileWriter); ok {
		if src, ok := c.r.r.(*os.File); ok {
			handled, err := fw.copyRange(src, c.Offset, c.CompressedSize)
			if handled {
				return err
			}
		}
	}
	n, err := io.Copy(w, c.OpenRaw())
	if err == nil && n != c.CompressedSize {
		err = io.ErrUnexpectedEOF
	}
	return err
}
