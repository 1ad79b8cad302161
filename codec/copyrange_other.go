//go:build !linux

package codec

import "os"

// copyFileRange copies in the kernel only on Linux; elsewhere the caller
// copies through a buffer.
func copyFileRange(dst, src *os.File, off, n int64) (handled bool, err error) {
	return false, nil
}
