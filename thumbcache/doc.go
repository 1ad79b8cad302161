// Package thumbcache reads and writes the shared thumbnail cache described
// by the freedesktop.org Thumbnail Managing Standard (version 0.9), the
// cache that Nautilus, Nemo, Caja, Thunar (through tumbler), PCManFM and
// others keep. A thumbnail made by a file manager is reused here, and one
// made here is reused by them.
//
// The layout, for a file whose canonical URI is U:
//
//	$XDG_CACHE_HOME/thumbnails/normal/md5(U).png     at most 128×128
//	$XDG_CACHE_HOME/thumbnails/large/md5(U).png      at most 256×256
//	$XDG_CACHE_HOME/thumbnails/x-large/md5(U).png    at most 512×512
//	$XDG_CACHE_HOME/thumbnails/xx-large/md5(U).png   at most 1024×1024
//	$XDG_CACHE_HOME/thumbnails/fail/PROGRAM-VERSION/md5(U).png
//
// ($HOME/.cache when XDG_CACHE_HOME is unset, empty or relative.) U is the
// file URI exactly as GLib's g_filename_to_uri writes it (FileURI), since
// the MD5 of any other spelling names another file. Each thumbnail is an
// 8-bit RGBA, non-interlaced PNG carrying the original's URI, modification
// time and size in tEXt chunks (Thumb::URI, Thumb::MTime, Thumb::Size); it
// is valid only while those still match the original. A fail entry records
// that this program could not make a thumbnail of that version of the file,
// so it is not tried again until the file changes.
//
// A folder may also carry a shared repository, DIR/.sh_thumbnails/ with
// the same size directories, its thumbnails named by the MD5 of "./NAME"
// (SharedURI) so that they survive the folder being mounted elsewhere.
// Lookup reads it after the personal cache, as the standard orders; it is
// never written, which the standard leaves to a deliberate request of the
// user. Its thumbnails may leave out any text entry, but each one present
// must match.
//
// Directories are created 0700 and files written 0600, each through a
// temporary file in the same directory that is renamed into place, so a
// reader never sees half a thumbnail. The package knows nothing of .gen5
// files: it stores and checks images.
package thumbcache
