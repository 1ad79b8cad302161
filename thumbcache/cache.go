package thumbcache

import (
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Size is one of the standard's thumbnail sizes.
type Size int

// The four sizes, by the longest side they allow.
const (
	Normal  Size = 128
	Large   Size = 256
	XLarge  Size = 512
	XXLarge Size = 1024
)

// Sizes lists the sizes from the smallest up.
var Sizes = []Size{Normal, Large, XLarge, XXLarge}

// Pixels returns the longest side a thumbnail of this size may have.
func (s Size) Pixels() int { return int(s) }

// Dir returns the directory name the standard gives this size.
func (s Size) Dir() string {
	switch s {
	case Normal:
		return "normal"
	case Large:
		return "large"
	case XLarge:
		return "x-large"
	case XXLarge:
		return "xx-large"
	}
	return ""
}

// SizeFor returns the smallest standard size whose thumbnails are at
// least px pixels on their longest side, or XXLarge when none is. A
// program wanting 100 px reads normal thumbnails and scales them down.
func SizeFor(px int) Size {
	for _, s := range Sizes {
		if px <= s.Pixels() {
			return s
		}
	}
	return XXLarge
}

// Cache is a thumbnail directory and the program that writes failures in
// it. The zero Cache is not usable; use Open or New.
type Cache struct {
	// Root is the thumbnails directory, $XDG_CACHE_HOME/thumbnails.
	Root string
	// Program names this program and its version ("gen5view-0.1.0") in
	// fail/Program/: failures are kept per program, since another one may
	// well succeed where this one failed.
	Program string
}

// Open returns the user's cache: $XDG_CACHE_HOME/thumbnails, or
// $HOME/.cache/thumbnails when XDG_CACHE_HOME is unset, empty or relative
// (the XDG Base Directory Specification says relative paths are to be
// ignored). Nothing is created until a thumbnail is saved.
func Open(program string) (*Cache, error) {
	base := os.Getenv("XDG_CACHE_HOME")
	if base == "" || !filepath.IsAbs(base) {
		home := os.Getenv("HOME")
		if home == "" || !filepath.IsAbs(home) {
			return nil, errors.New("thumbnail cache: neither XDG_CACHE_HOME nor HOME is an absolute path")
		}
		base = filepath.Join(home, ".cache")
	}
	return New(filepath.Join(base, "thumbnails"), program)
}

// New returns the cache rooted at dir, for tests and for programs that keep
// their own.
func New(dir, program string) (*Cache, error) {
	if program == "" || strings.ContainsAny(program, "/\x00") || program == "." || program == ".." {
		return nil, fmt.Errorf("thumbnail cache: %q cannot name a fail directory", program)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	return &Cache{Root: abs, Program: program}, nil
}

// Name returns a thumbnail's file name: the MD5 of the canonical URI in
// lower-case hex, and ".png".
func Name(uri string) string {
	sum := md5.Sum([]byte(uri))
	return hex.EncodeToString(sum[:]) + ".png"
}

// Path returns where the thumbnail of the given size for uri lives.
func (c *Cache) Path(uri string, s Size) string {
	return filepath.Join(c.Root, s.Dir(), Name(uri))
}

// FailPath returns where this program records that it could not make a
// thumbnail for uri.
func (c *Cache) FailPath(uri string) string {
	return filepath.Join(c.Root, "fail", c.Program, Name(uri))
}

// Source is what a thumbnail records of its original, and what decides
// whether it is still valid.
type Source struct {
	// URI is the canonical file URI (FileURI).
	URI string
	// MTime is the modification time in whole seconds since 1970, as
	// stat's st_mtime.
	MTime int64
	// Size is the file's size in bytes.
	Size int64
	// Mime is the MIME type, when known ("application/x-gen5").
	Mime string
}

// Stat describes the file at path as the cache records it.
func Stat(path string) (Source, error) {
	st, err := os.Stat(path)
	if err != nil {
		return Source{}, err
	}
	if !st.Mode().IsRegular() {
		return Source{}, fmt.Errorf("%s: not a regular file", path)
	}
	uri, err := FileURI(path)
	if err != nil {
		return Source{}, err
	}
	return Source{URI: uri, MTime: st.ModTime().Unix(), Size: st.Size()}, nil
}

// Attrs are the text entries a thumbnail of src carries: Thumb::URI,
// Thumb::MTime and Thumb::Size, Thumb::Mimetype when known, and Software
// (the program that made it) when given.
func (src Source) Attrs(software string) []Attr {
	a := []Attr{
		{KeyURI, src.URI},
		{KeyMTime, strconv.FormatInt(src.MTime, 10)},
		{KeySize, strconv.FormatInt(src.Size, 10)},
	}
	if src.Mime != "" {
		a = append(a, Attr{KeyMime, src.Mime})
	}
	if software != "" {
		a = append(a, Attr{KeySoftware, software})
	}
	return a
}

// Matches reports whether a thumbnail's text entries describe src as it is
// now: the same URI and modification time, and the same size when the
// thumbnail records one. A missing Thumb::MTime makes it invalid (the key
// is required), and so does an mtime that differs in either direction: a
// file moved over the original may be older than the thumbnail.
func (src Source) Matches(text map[string]string) bool {
	if text[KeyURI] != src.URI {
		return false
	}
	if _, ok := text[KeyMTime]; !ok {
		return false
	}
	return src.timeAndSizeMatch(text)
}

// timeAndSizeMatch reports whether the modification time and size
// entries of a thumbnail that has them are src's.
func (src Source) timeAndSizeMatch(text map[string]string) bool {
	return intEntryIs(text, KeyMTime, src.MTime) && intEntryIs(text, KeySize, src.Size)
}

// intEntryIs reports whether the integer text entry key is want, or
// absent.
func intEntryIs(text map[string]string, key string, want int64) bool {
	v, ok := text[key]
	if !ok {
		return true
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	return err == nil && n == want
}

// Valid reports whether the thumbnail file at thumbPath is one of src as
// it is now. It reads the text chunks only.
func Valid(thumbPath string, src Source) bool {
	f, err := os.Open(thumbPath)
	if err != nil {
		return false
	}
	defer f.Close()
	text, err := ReadText(f)
	return err == nil && src.Matches(text)
}

// Lookup returns the valid thumbnail of size s for src, decoded, and
// whether there is one. It looks where the standard says, in its order:
// the personal cache first, then the shared repository in the file's own
// folder (SharedDir), which is only read. A thumbnail that is stale,
// unreadable, corrupt or larger than s is a miss; a personal one is
// replaced by the next Save.
func (c *Cache) Lookup(src Source, s Size) (image.Image, bool) {
	if img, ok := readThumbnail(c.Path(src.URI, s), s, src.Matches); ok {
		return img, true
	}
	return lookupShared(src, s)
}

// maxThumbnailBytes bounds the thumbnail files read: an xx-large one
// (1024×1024 RGBA) is at most a little over 4 MiB even uncompressed.
const maxThumbnailBytes = 8 << 20

// readThumbnail decodes the thumbnail at path when it is a regular file
// whose text entries pass valid and whose pixels fit size s. A shared
// repository may sit on any medium, so the checks come before the decode:
// a FIFO, a device or a huge file is not opened or read, and a PNG whose
// header claims more pixels than s allows is not decoded.
func readThumbnail(path string, s Size, valid func(map[string]string) bool) (image.Image, bool) {
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() || st.Size() > maxThumbnailBytes {
		return nil, false
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	text, err := ReadText(f)
	if err != nil || !valid(text) {
		return nil, false
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, false
	}
	cfg, err := png.DecodeConfig(f)
	if err != nil || cfg.Width > s.Pixels() || cfg.Height > s.Pixels() {
		return nil, false
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, false
	}
	img, err := png.Decode(f)
	if err != nil {
		return nil, false
	}
	return img, true
}

// Save stores img as the thumbnail of size s for src. img must already be
// scaled to fit s (its longest side at most s.Pixels()); smaller images,
// such as those of small originals, are stored as they are, never scaled
// up. Files inside the cache itself are refused, as the standard asks.
func (c *Cache) Save(src Source, s Size, img image.Image) error {
	if s.Dir() == "" {
		return fmt.Errorf("thumbnail cache: %d is not a standard thumbnail size", int(s))
	}
	b := img.Bounds()
	if max(b.Dx(), b.Dy()) > s.Pixels() {
		return fmt.Errorf("thumbnail cache: a %dx%d image is too large for %s (%d px)", b.Dx(), b.Dy(), s.Dir(), s.Pixels())
	}
	if err := c.checkSource(src); err != nil {
		return err
	}
	return c.write(c.Path(src.URI, s), img, src.Attrs(c.Program))
}

// SaveFailure records that this program could not make a thumbnail of src
// as it is now: an empty (1×1, transparent) PNG with the same text entries
// as a thumbnail, under fail/Program/.
func (c *Cache) SaveFailure(src Source) error {
	if err := c.checkSource(src); err != nil {
		return err
	}
	return c.write(c.FailPath(src.URI), image.NewNRGBA(image.Rect(0, 0, 1, 1)), src.Attrs(c.Program))
}

// Failed reports whether this program recorded a failure for src as it is
// now. A failure recorded for an older version of the file does not count:
// the new one may well work.
func (c *Cache) Failed(src Source) bool {
	return Valid(c.FailPath(src.URI), src)
}

// Remove deletes every thumbnail and this program's fail entry for uri,
// for a file that was deleted. Missing ones are not an error.
func (c *Cache) Remove(uri string) error {
	paths := []string{c.FailPath(uri)}
	for _, s := range Sizes {
		paths = append(paths, c.Path(uri, s))
	}
	var errs []error
	for _, p := range paths {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (c *Cache) checkSource(src Source) error {
	if !strings.HasPrefix(src.URI, "file:///") {
		return fmt.Errorf("thumbnail cache: %q is not a canonical file URI", src.URI)
	}
	root, err := FileURI(c.Root)
	if err != nil {
		return err
	}
	if strings.HasPrefix(src.URI, root+"/") {
		return fmt.Errorf("thumbnail cache: %s lies inside the thumbnail cache, which is never thumbnailed", src.URI)
	}
	return nil
}

// write creates the directories it needs (0700) and writes the PNG through
// a temporary file in the same directory (0600), renamed over path.
func (c *Cache) write(path string, img image.Image, attrs []Attr) (err error) {
	dir := filepath.Dir(path)
	if err := mkdirPrivate(dir); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".*.tmp") // created 0600
	if err != nil {
		return fmt.Errorf("thumbnail cache: %v", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = EncodePNG(tmp, img, attrs); err != nil {
		return fmt.Errorf("thumbnail cache: %v", err)
	}
	if err = tmp.Chmod(0o600); err != nil {
		return fmt.Errorf("thumbnail cache: %v", err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("thumbnail cache: %v", err)
	}
	// A thumbnail can always be made again, so it is not fsynced: losing
	// one to a crash costs a redraw, while an fsync per file would slow a
	// folder of hundreds.
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("thumbnail cache: %v", err)
	}
	return nil
}

// mkdirPrivate creates dir and whichever of its parents are missing with
// mode 0700, as the thumbnail and XDG base directory standards ask.
// Directories that already exist are left as they are: the user's own
// choice of permissions on ~/.cache is not ours to change.
func mkdirPrivate(dir string) error {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil {
			break
		}
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	for i := len(missing) - 1; i >= 0; i-- {
		if err := os.Mkdir(missing[i], 0o700); err != nil && !errors.Is(err, os.ErrExist) {
			return fmt.Errorf("thumbnail cache: %v", err)
		}
		// Mkdir's mode passes through the umask; 0700 is what the
		// standard asks whatever the umask.
		if err := os.Chmod(missing[i], 0o700); err != nil {
			return fmt.Errorf("thumbnail cache: %v", err)
		}
	}
	return nil
}
