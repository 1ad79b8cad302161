// Package thumbnail draws the small preview of a .gen5 file that file
// managers (through `gen5view thumbnail`) and the folder view show: the
// embedded picture scaled down, or, for a file without one, a heatmap of
// its initial noise so that even such files are told apart at a glance.
//
// File makes a thumbnail; Cached goes through the shared freedesktop cache
// (package thumbcache) first and stores what it makes there, or records a
// failure, so the viewer reuses a file manager's thumbnails and they reuse
// ours.
//
// Making a thumbnail reads only what it shows: the header and metadata
// chunk, then the DATA chunk. No latent is inflated (unless there is no
// picture) and no chunk is hashed; checking the file is `verify`'s job.
//
// Scaling keeps the aspect ratio and never enlarges a picture. It is done
// in two steps: a box filter first averages whole k×k blocks of source
// pixels (k the whole part of the ratio), which reads each source pixel
// once and leaves the picture at most twice the wanted size; Catmull-Rom
// then resamples the rest of the ratio. A 1024-pixel picture at 512, 256 or
// 128 needs the box step alone. (Catmull-Rom on the full picture reads
// (2·ratio)² pixels per output pixel: several times the work, for a result
// that aliases more.)
//
// Decoding is nearly all of the cost, so the box step runs inside it. The
// 8-bit RGB and RGBA PNGs that generators write are inflated (with
// klauspost/compress, a third faster than compress/zlib), unfiltered and
// averaged row by row, never held at full size; other PNGs go through
// image/png. JPEG and WebP are decoded whole (the standard library has no
// reduced-size JPEG decode and no well-kept pure-Go one exists), and their
// Y′CbCr planes are averaged before conversion to RGB, which is the same
// as converting first, since the conversion is affine, at a third of the
// cost. A JPEG is then turned upright as its Exif Orientation says, the
// way file managers show it.
package thumbnail
