package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/gen5viewer/gen5view/codec"
)

// openFile opens a .gen5 file, turning "no such file" and friends into a
// message that names the file.
func openFile(path string) (*codec.File, error) {
	f, err := codec.OpenFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%s: %v", path, pe.Err)
		}
		return nil, err
	}
	return f, nil
}

// readWhole reads a .gen5 file into memory and opens it there, for
// commands that read every chunk.
func readWhole(path string) (*codec.Reader, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%s: %v", path, pe.Err)
		}
		return nil, err
	}
	rd, err := codec.ReadBytes(data)
	if err != nil {
		var fe *codec.FormatError
		var ue *codec.UnsupportedError
		if errors.As(err, &fe) {
			fe.File = path
		} else if errors.As(err, &ue) {
			ue.File = path
		}
		return nil, err
	}
	rd.Name = path
	return rd, nil
}
