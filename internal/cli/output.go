package cli

import (
	"bufio"
	"io"

	"github.com/gen5viewer/gen5view/codec"
)

// stdoutName is the output path that means standard output.
const stdoutName = "-"

// writeOutput writes one output file: to standard output when path is "-",
// otherwise atomically through codec.WriteFileAtomic, which replaces only
// a regular file (or the regular file a symbolic link points to).
func writeOutput(e *env, path string, write func(io.Writer) error) error {
	if path != stdoutName {
		return codec.WriteFileAtomic(path, 0o644, write, nil)
	}
	bw := bufio.NewWriter(e.stdout)
	if err := write(bw); err != nil {
		return err
	}
	return bw.Flush()
}

// outputName is how an output path is named in messages.
func outputName(path string) string {
	if path == stdoutName {
		return "standard output"
	}
	return path
}
