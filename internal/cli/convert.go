package cli

import (
	"errors"
	"fmt"
	"os"

	"github.com/gen5viewer/gen5view/codec"
)

func init() {
	register("convert", "write a .gen5 file as .raiiaf or a .raiiaf as .gen5 (latents bit for bit, image as stored)", runConvert)
}

func runConvert(e *env, args []string) int {
	fs := e.flags("convert", "[--format gen5|raiiaf] [--zfp] [--force] IN OUT\n\n"+
		"Writes IN's latents bit for bit, its image and environment byte for byte\n"+
		"and its metadata under the other format's root key. The format of OUT\n"+
		"comes from its extension (.gen5 or .raiiaf) unless --format is given.")
	format := fs.String("format", "", "the `format` of OUT: gen5 or raiiaf")
	zfpAlways := fs.Bool("zfp", false, "store float32 latents of a .raiiaf OUT as zfp streams even when larger than raw, as the Python reference does")
	force := fs.Bool("force", false, "replace OUT if it exists")
	pos, code, ok := e.parse(fs, args, 2, 2)
	if !ok {
		return code
	}
	in, out := pos[0], pos[1]
	to, err := outputFormat(*format, out)
	if err != nil {
		return e.usageError("convert", "%v", err)
	}
	if err := checkOutput(out, *force); err != nil {
		return e.fail(err)
	}
	rd, err := openFile(in)
	if err != nil {
		return e.fail(err)
	}
	defer rd.Close()
	if rd.Header.Format == to {
		return e.fail(fmt.Errorf("%s: is already a %s file; nothing to convert", in, to.Ext()))
	}
	c, notes, err := rd.ConvertContents(to)
	if err != nil {
		return e.fail(fmt.Errorf("%s: not converted: %w", in, err))
	}
	if *zfpAlways {
		c.ZFP, c.Compress = codec.ZFPAlways, true
	}
	if err := codec.WriteNewFile(out, c); err != nil {
		return e.fail(codec.NamePathError(out, err))
	}
	for _, n := range notes {
		fmt.Fprintf(e.stdout, "note: %s\n", oneLine(n))
	}
	written, err := openFile(out)
	if err != nil {
		return e.fail(err)
	}
	defer written.Close()
	for _, l := range written.Latents() {
		fmt.Fprintf(e.stdout, "latent %d: %s\n", l.Index, l.Storage())
	}
	fmt.Fprintf(e.stdout, "wrote %s (%s, %d chunks, %s bytes)\n", out, to.Ext(), len(written.Chunks), thousands(written.Size()))
	return ExitOK
}

// outputFormat is the format named on the command line, or else the one
// OUT's extension names.
func outputFormat(flagValue, out string) (codec.Format, error) {
	if flagValue != "" {
		f, ok := codec.ParseFormat(flagValue)
		if !ok {
			return f, fmt.Errorf("unknown format %q: give gen5 or raiiaf", flagValue)
		}
		if g, named := codec.FormatOfPath(out); named && g != f {
			return f, fmt.Errorf("%s is named %s but --format says %s", out, g.Ext(), f)
		}
		return f, nil
	}
	f, ok := codec.FormatOfPath(out)
	if !ok {
		return f, fmt.Errorf("cannot tell the format from %s: name it .gen5 or .raiiaf, or give --format", out)
	}
	return f, nil
}

// checkOutput refuses to replace an existing file unless force is given.
func checkOutput(out string, force bool) error {
	if force {
		return nil
	}
	if _, err := os.Lstat(out); err == nil {
		return fmt.Errorf("%s already exists (give --force to replace it)", out)
	} else if !errors.Is(err, os.ErrNotExist) {
		return codec.NamePathError(out, err)
	}
	return nil
}
