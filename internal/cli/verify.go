package cli

import (
	"fmt"

	"github.com/gen5viewer/gen5view/codec"
)

func init() {
	register("verify", "check structure, hashes, image and tensors; exit 1 on any failure", runVerify)
}

func runVerify(e *env, args []string) int {
	fs := e.flags("verify", "FILE.gen5")
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
// The chunks are checked in one streaming pass; the picture is decoded as
// its payload streams in.
func verifyFile(f *codec.File) []string {
	var out []string
	for _, cc := range f.Check(codec.CheckOptions{DecodeImage: true}) {
		c := cc.Chunk
		if cc.Err != nil {
			out = append(out, cc.Err.Error())
		}
		if !cc.Readable() {
			continue
		}
		switch c.Type {
		case codec.TypeLatent:
			// Opening checked shape against size; a tensor must also be finite
			// for the 0.1.0 reader to accept it.
			if cc.NonFinite > 0 {
				out = append(out, fmt.Sprintf("%s: chunk %d (LATN): %d NaN or infinite values", f.Path(), c.Index, cc.NonFinite))
			}
		case codec.TypeData:
			if cc.ImageErr != nil {
				out = append(out, fmt.Sprintf("%s: chunk %d (DATA): %v", f.Path(), c.Index, cc.ImageErr))
			}
		}
	}
	if errs := codec.ValidateAll(f.Manifest); len(errs) > 0 {
		for _, fe := range errs {
			out = append(out, fmt.Sprintf("%s: metadata: %v", f.Path(), fe))
		}
	}
	return out
}
