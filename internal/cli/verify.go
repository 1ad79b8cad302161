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
		fmt.Fprintf(e.stdout, "FAIL %s\n", msg)
	}
	if len(failures) > 0 {
		fmt.Fprintf(e.stdout, "%s: %d check(s) failed\n", path, len(failures))
		return ExitFile
	}
	fmt.Fprintf(e.stdout, "%s: OK (%d chunks, hashes match, image decodes, tensors sized right)\n", path, len(f.Chunks))
	return ExitOK
}

// verifyFile runs every check a file can fail after it has opened (the
// structure was checked by opening it) and returns one message per failure.
func verifyFile(f *codec.File) []string {
	var out []string
	for _, c := range f.Chunks {
		payload, err := c.Payload()
		if err != nil {
			out = append(out, err.Error())
			continue
		}
		if err := c.VerifyPayload(payload); err != nil {
			out = append(out, err.Error())
		}
		switch c.Type {
		case codec.TypeLatent:
			// Opening checked shape against size; a tensor must also be finite
			// for the 0.1.0 reader to accept it.
			l, err := c.LatentOf(payload)
			if err != nil {
				out = append(out, err.Error())
			} else if n := l.CountNonFinite(); n > 0 {
				out = append(out, fmt.Sprintf("%s: chunk %d (LATN): %d NaN or infinite values", f.Path(), c.Index, n))
			}
		case codec.TypeData:
			if _, _, err := codec.DecodeImage(payload, codec.DefaultMaxPixels); err != nil {
				out = append(out, fmt.Sprintf("%s: chunk %d (DATA): %v", f.Path(), c.Index, err))
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
