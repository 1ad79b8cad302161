// Package zfp reads and writes zfp 1.0 compressed streams (codec version 5)
// in pure Go: the format the .raiiaf container stores its latents in.
//
// zfp cuts a 1- to 4-dimensional array into blocks of 4^d values and codes
// each block on its own: a block-floating-point or bit-pattern integer
// conversion, a decorrelating transform, a reordering by frequency and an
// embedded bit-plane coder. A stream starts with zfp's full header (magic,
// codec version, scalar type, sizes and mode), which this package requires.
//
// Decoding covers every scalar type (int32, int64, float32, float64), every
// dimensionality and every mode zfp 1.0 writes (fixed rate, fixed precision,
// fixed accuracy, reversible and the 64-bit expert form), and reproduces zfp's
// default build bit for bit: no rounding correction at decode
// (ZFP_ROUND_NEVER) and 2·d+2 guard planes in fixed-accuracy mode.
// Encoding covers the reversible (lossless) mode, the only one the
// .raiiaf writer uses, and matches zfp's own output byte for byte.
//
// Decoding is bounded: the caller states the shape it expects and the
// header must agree before anything is allocated; a stream that ends early
// or holds impossible values is an error, never a panic or a read past its
// end.
package zfp
