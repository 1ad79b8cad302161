package thumbcache

import (
	"image"
	"path/filepath"
)

// SharedDir is the directory, beside the files it describes, that holds a
// shared thumbnail repository: a read-only set of thumbnails made once for
// everyone who opens the folder (on a CD, a network share, a photo
// archive), laid out as the personal cache is.
const SharedDir = ".sh_thumbnails"

// SharedURI returns the URI a shared repository knows the file at path by:
// "./" and the file's name, percent-encoded as in a canonical file URI.
// Shared thumbnails are named by the MD5 of this relative URI, since the
// folder may be mounted at a different place for each reader.
func SharedURI(path string) string {
	return "./" + escapePath(filepath.Base(path))
}

// SharedPath returns where the shared repository in the folder of the file
// at path keeps its thumbnail of size s.
func SharedPath(path string, s Size) string {
	return filepath.Join(filepath.Dir(path), SharedDir, s.Dir(), Name(SharedURI(path)))
}

// lookupShared returns the shared repository's thumbnail of size s for
// src, when the folder has one and it is valid. The repository is only
// read, never written: the standard leaves making one to a deliberate
// request of the user.
func lookupShared(src Source, s Size) (image.Image, bool) {
	path, err := PathFromURI(src.URI)
	if err != nil {
		return nil, false
	}
	return readThumbnail(SharedPath(path, s), s, func(text map[string]string) bool {
		return src.matchesShared(SharedURI(path), text)
	})
}

// matchesShared is Matches for a shared thumbnail, by the standard's rule
// for them: every entry is optional (a repository on a medium without
// stable names or times may leave them out), but each one present must
// match — the relative URI, the modification time and the size.
func (src Source) matchesShared(uri string, text map[string]string) bool {
	if u, ok := text[KeyURI]; ok && u != uri {
		return false
	}
	return src.timeAndSizeMatch(text)
}
