package cli

import (
	"errors"
	"fmt"
	"io/fs"

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
