package thumbnail

import (
	"errors"
	"fmt"
	"image"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/thumbcache"
)

// MimeType is the MIME type of a container format, as desktop/gen5view-mime.xml
// registers it and thumbnails record it: application/x-gen5 or
// application/x-raiiaf.
func MimeType(f codec.Format) string { return "application/x-" + f.String() }

// ErrFailedBefore is returned by Cached for a file this program already
// failed to thumbnail, unchanged since: it is not tried again.
var ErrFailedBefore = errors.New("could not be thumbnailed before, and has not changed since")

// Cached returns the thumbnail of the .gen5 file at path in the standard
// size s, from the shared cache when it holds a valid one (made by us or by
// a file manager) or else from the folder's shared repository, otherwise
// made and stored in the cache for the next caller. A
// file that cannot be thumbnailed gets a fail entry and its error; until the
// file changes, later calls return ErrFailedBefore without reading it. A
// cache that cannot be written (a read-only home) does not stop the
// thumbnail from being returned.
func Cached(c *thumbcache.Cache, path string, s thumbcache.Size) (image.Image, error) {
	src, err := thumbcache.Stat(path)
	if err != nil {
		return nil, err
	}
	if img, ok := c.Lookup(src, s); ok {
		return img, nil
	}
	if c.Failed(src) {
		return nil, fmt.Errorf("%s: %w", path, ErrFailedBefore)
	}
	f, err := codec.OpenFile(path)
	if err != nil {
		_ = c.SaveFailure(src)
		return nil, codec.NamePathError(path, err)
	}
	defer f.Close()
	img, err := FromReader(f.Reader, s.Pixels())
	if err != nil {
		_ = c.SaveFailure(src)
		return nil, err
	}
	src.Mime = MimeType(f.Header.Format)
	_ = c.Save(src, s, img)
	return img, nil
}
