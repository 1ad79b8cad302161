package codec

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// NotRegularError reports a path that names something other than a regular
// file: a directory, a named pipe, a device or a socket. Reading one could
// block forever (a pipe nobody writes to) or never end (/dev/zero), and
// replacing one (/dev/null as root) would break the system, so every input
// and output of this program is refused unless it is a regular file.
type NotRegularError struct {
	Path string
	Kind string // "a directory", "a named pipe (FIFO)", …
}

func (e *NotRegularError) Error() string {
	return e.Path + ": is " + e.Kind + ", not a regular file"
}

// fileKind names the kind of file a mode describes, for NotRegularError.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeIrregular != 0:
		return "an irregular file"
	}
	return "not a regular file"
}

// CheckRegular reports, without opening it, whether path (after symbolic
// links) is a regular file: nil when it is, a *NotRegularError when it is
// something else, the *fs.PathError of stat when it cannot be examined.
func CheckRegular(path string) (fs.FileInfo, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return st, &NotRegularError{Path: path, Kind: fileKind(st.Mode())}
	}
	return st, nil
}

// OpenRegular opens path for reading when it is a regular file and returns
// it with its size. Anything else is refused before it is opened, and the
// open itself does not wait (O_NONBLOCK where the system has it), so that a
// pipe swapped in between the two cannot block either; the opened file is
// checked again. Every reader of a user-named file goes through here.
func OpenRegular(path string) (*os.File, int64, error) {
	if _, err := CheckRegular(path); err != nil {
		return nil, 0, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|openNonBlock, 0)
	if err != nil {
		return nil, 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, 0, &NotRegularError{Path: path, Kind: fileKind(st.Mode())}
	}
	return f, st.Size(), nil
}

// ReadRegular reads the whole regular file at path, refusing one larger
// than limit bytes before reading anything. The read is bounded by the size
// stat gave, so a file that grows meanwhile cannot make it read on.
func ReadRegular(path string, limit int64) ([]byte, error) {
	f, size, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if size > limit {
		return nil, &TooLargeError{Path: path, Size: size, Limit: limit}
	}
	data := make([]byte, size)
	if _, err := io.ReadFull(f, data); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: the file shrank while it was read", path)
		}
		return nil, err
	}
	return data, nil
}

// TooLargeError reports an input file larger than the limit for its use.
type TooLargeError struct {
	Path        string
	Size, Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: %d bytes is over the limit of %d", e.Path, e.Size, e.Limit)
}
