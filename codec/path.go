package codec

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// NamePathError turns an *fs.PathError ("open /a/b.png: permission
// denied") into one that names the file as the user gave it ("b.png:
// permission denied"), or, with name "", into the bare reason, for a
// message that names the file already or whose path the user never saw (a
// temporary file). Other errors are returned as they are.
func NamePathError(name string, err error) error {
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		return err
	}
	if name == "" {
		return pe.Err
	}
	return fmt.Errorf("%s: %w", name, pe.Err)
}

// SameFile reports whether two paths name the same file, or would: a path
// that does not exist yet is compared by its absolute name.
func SameFile(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	if err1 == nil && err2 == nil {
		return os.SameFile(sa, sb)
	}
	aa, _ := filepath.Abs(a)
	ab, _ := filepath.Abs(b)
	return aa == ab
}
