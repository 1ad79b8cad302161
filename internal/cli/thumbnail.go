package cli

import (
	"io"
	"strings"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/internal/version"
	"github.com/gen5viewer/gen5view/thumbcache"
	"github.com/gen5viewer/gen5view/thumbnail"
)

func init() {
	register("thumbnail", "write a PNG preview, as file managers ask a thumbnailer", runThumbnail)
}

// runThumbnail is the thumbnailer file managers run through
// desktop/gen5view.thumbnailer ("gen5view thumbnail -s %s %u %o"). It
// writes the picture only: the file manager stores it in the shared cache
// itself (under a name and with checks of its own), so this command
// neither reads nor writes the cache. The PNG still carries the
// standard's Thumb::URI, Thumb::MTime and Thumb::Size, so it is a valid
// cache entry wherever it is put.
func runThumbnail(e *env, args []string) int {
	fs := e.flags("thumbnail", "[-s SIZE] INPUT OUTPUT.png\n\nINPUT is a .gen5 or .raiiaf path or a file:// URI; OUTPUT - is standard output. The PNG shows the picture, its longer\nside SIZE pixels at most (never enlarged), or a heatmap of the initial noise\nfor a file without a picture.")
	size := fs.Int("s", thumbnail.DefaultSize, "longest side of the thumbnail in `pixels` (1 to 2048)")
	pos, code, ok := e.parse(fs, args, 2, 2)
	if !ok {
		return code
	}
	if *size < 1 || *size > thumbnail.MaxSize {
		return e.usageError("thumbnail", "-s %d: the size must be 1 to %d pixels", *size, thumbnail.MaxSize)
	}
	in, out := pos[0], pos[1]
	if isURI(in) {
		p, err := thumbcache.PathFromURI(in)
		if err != nil {
			return e.fail(err)
		}
		in = p
	}
	src, err := thumbcache.Stat(in)
	if err != nil {
		return e.fail(codec.NamePathError(in, err))
	}
	f, err := openFile(in)
	if err != nil {
		return e.fail(err)
	}
	defer f.Close()
	img, err := thumbnail.FromReader(f.Reader, *size)
	if err != nil {
		return e.fail(err)
	}
	src.Mime = thumbnail.MimeType(f.Header.Format)
	attrs := src.Attrs(version.Program())
	write := func(w io.Writer) error { return thumbcache.EncodePNG(w, img, attrs) }
	if err := writeOutput(e, out, write); err != nil {
		return e.fail(err)
	}
	return ExitOK
}

// isURI tells a file:// URI from a path; file managers pass either.
func isURI(s string) bool {
	return len(s) >= 7 && strings.EqualFold(s[:7], "file://")
}
