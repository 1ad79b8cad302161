// Package codec reads and writes .gen5 files, the containers the Python
// gen5 package writes for a generated picture, and .raiiaf, their renamed
// successor.
//
// A file is a fixed header, then chunks back to back, then the metadata
// chunk (the chunk table) last, which the header points at, as a zip file
// ends with its directory. Each chunk is a 12-byte chunk header and a
// payload, optionally one Zstandard frame: LATN chunks hold latent tensors
// (the initial noise), DATA the picture, ENV the environment it was made
// in. The metadata chunk is a JSON manifest: file_info, model_info (prompt,
// tags, generation settings, hardware) and one record per chunk with its
// offset, sizes, SHA-256 and type-specific extra fields. Header,
// ChunkRecord and Manifest document the layout field by field; Format says
// where .raiiaf differs.
//
// OpenFile (or NewReader over any io.ReaderAt) reads the header and the
// manifest only; a Chunk is read when asked, so opening a large file costs
// little. The Manifest is kept as an ordered JSON tree so that keys this
// package does not know survive an edit and an untouched manifest writes
// back byte for byte; its getters never change it. An Edit changes a copy of
// a manifest by the format's rules, File.Save writes it back, copying every
// chunk's stored bytes unchanged, and Write makes a new file. Validate
// applies the reference's schema, which Save and Write apply before writing.
//
// Errors name the file and what is wrong in one line: FormatError for a
// file that breaks the format, UnsupportedError for one that is valid but
// beyond this package, HashError for a payload that does not match its
// record, FieldError for a manifest value the schema refuses.
package codec
