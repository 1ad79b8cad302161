package cli

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/gen5viewer/gen5view/codec"
)

// openFile opens a .gen5 file, naming the file in every error.
func openFile(path string) (*codec.File, error) {
	f, err := codec.OpenFile(path)
	return f, namePathError(path, err)
}

// namePathError turns an *fs.PathError ("open x: no such file or
// directory") into "PATH: no such file or directory", the one-line form
// every other error has; other errors already name the file.
func namePathError(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %v", path, pe.Err)
	}
	return err
}
