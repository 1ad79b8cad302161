package cli

import (
	"fmt"

	"github.com/gen5viewer/gen5view/codec"
)

func init() {
	register("verify", "check that the Python reference reads the file as it is shown: structure, hashes, image, tensors, metadata; exit 1 on any failure", runVerify)
}

func runVerify(e *env, args []string) int {
	fs := e.flags("verify", "FILE")
	pos, code, ok := e.parse(fs, args, 1, 1)
	if !ok {
		return code
	}
	path := pos[0]
	f, err := openFile(path)
	if err != nil {
		return e.fail(err)
	}
	defer f.Close()
	failures := verifyFile(f)
	for _, msg := range failures {
		fmt.Fprintf(e.stdout, "FAIL %s\n", oneLine(msg))
	}
	if len(failures) > 0 {
		fmt.Fprintf(e.stdout, "%s: %d check(s) failed\n", termText(path), len(failures))
		return ExitFile
	}
	fmt.Fprintf(e.stdout, "%s: OK (%d chunks, hashes match, image decodes, tensors sized right)\n", termText(path), len(f.Chunks))
	return ExitOK
}

// verifyFile runs every check a file can fail after it has opened (the
// structure was checked by opening it) and returns one message per failure.
// The chunks are checked in one streaming pass; the picture is checked to
// decode as its payload streams in, without keeping its pixels.
func verifyFile(f *codec.File) []string {
	var out []string
	for _, cc := range f.Check(codec.CheckOptions{ValidateImage: true}) {
		c := cc.Chunk
		if cc.Err != nil {
			out = append(out, cc.Err.Error())
		}
		if !cc.Readable() {
			continue
		}
		if c.Type == codec.TypeData && cc.ImageErr != nil {
			out = append(out, fmt.Sprintf("%s: chunk %d (DATA): %v", f.Path(), c.Index, cc.ImageErr))
		}
		// A tensor the 0.1.0 reader refuses (NaN, Inf) or that holds no
		// values, an environment that is not UTF-8 JSON.
		for _, err := range cc.ChunkProblems() {
			out = append(out, err.Error())
		}
	}
	// The file must read the same in the reference as it is shown here.
	for _, err := range f.ReferenceProblems() {
		out = append(out, err.Error())
	}
	if errs := codec.ValidateAll(f.Manifest); len(errs) > 0 {
		for _, fe := range errs {
			out = append(out, fmt.Sprintf("%s: metadata: %v", f.Path(), fe))
		}
	}
	return out
}
