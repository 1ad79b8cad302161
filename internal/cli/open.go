package cli

import "github.com/gen5viewer/gen5view/codec"

// openFile opens a .gen5 file, naming the file in every error.
func openFile(path string) (*codec.File, error) {
	f, err := codec.OpenFile(path)
	return f, codec.NamePathError(path, err)
}
