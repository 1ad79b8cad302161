package codec

import (
	"errors"
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// copyFileRange copies with copy_file_range(2), which copies in the
// kernel, and shares the blocks on filesystems that can (Btrfs, XFS); a
// system or a pair of filesystems without it is reported as not handled.
// The copy is written at dst's offset, which it advances; src's offset is
// neither used nor moved, so the file can be read meanwhile.
func copyFileRange(dst, src *os.File, off, n int64) (handled bool, err error) {
	copied := false
	for n > 0 {
		k, err := unix.CopyFileRange(int(src.Fd()), &off, int(dst.Fd()), nil, int(min(n, 1<<30)), 0)
		if err != nil {
			if !copied && (errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EXDEV) ||
				errors.Is(err, unix.EOPNOTSUPP) || errors.Is(err, unix.EINVAL) || errors.Is(err, unix.EPERM)) {
				return false, nil
			}
			return true, err
		}
		if k == 0 {
			if !copied {
				// Some filesystems (FUSE, overlayfs and procfs on some
				// kernels) copy nothing without an error; the caller's
				// own copy reports a src that really ends short.
				return false, nil
			}
			return true, io.ErrUnexpectedEOF // src ends before the range does
		}
		copied = true
		n -= int64(k)
	}
	return true, nil
}
