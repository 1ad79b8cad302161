package prefill

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Limits on what one image may make us read or allocate. A generator's
// parameters and even a ComfyUI workflow are tens of kilobytes, so these are
// generous for real files and still stop a crafted one from exhausting memory.
const (
	// maxPNGChunk caps a declared chunk length. The PNG format allows up to
	// 2³¹−1, but a text chunk that large is an attack, not a picture.
	maxPNGChunk = 64 << 20
	// maxInflate caps what one compressed text chunk may inflate to, so a
	// small zlib bomb cannot grow into gigabytes.
	maxInflate = 8 << 20
	// maxTextTotal caps all the text of one image together: many chunks
	// each under maxInflate must not add up to an unbounded total.
	maxTextTotal = 32 << 20
)

const pngSignature = "\x89PNG\r\n\x1a\n"

// PNGText returns the text chunks of the PNG read from r, keyed by their
// keyword: tEXt (Latin-1, converted to UTF-8), zTXt (zlib) and iTXt (UTF-8,
// compressed or not). It reads chunk headers and skips every other chunk's
// bytes without decoding them, and stops at the first IDAT or IEND: the
// generators this package knows (A1111, Forge, SD.Next, ComfyUI, all through
// PIL) write their text before the image data, and reading on would mean
// reading the whole picture.
//
// Chunk CRCs are not checked: a prefill only proposes values that the user
// sees and can correct, and text behind a bad checksum is better shown than
// refused. Everything else is checked: the signature, every declared length (at most 64 MiB),
// and each compressed chunk's zlib stream, which may inflate to at most 8 MiB,
// with 32 MiB for all the text of one image. Breaking any of these, or data
// that ends before IDAT, gives a *FormatError. When a keyword appears twice
// the later chunk wins, as it does in PIL.
func PNGText(r io.Reader) (map[string]string, error) {
	var sig [8]byte
	if _, err := io.ReadFull(r, sig[:]); err != nil {
		return nil, formatErr("PNG", "shorter than the 8-byte signature")
	}
	if string(sig[:]) != pngSignature {
		return nil, formatErr("PNG", "missing the PNG signature")
	}
	text := map[string]string{}
	budget := maxTextTotal
	var hdr [8]byte
	for {
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
			return text, formatErr("PNG", "data ends before the image data (no IDAT or IEND)")
		}
		n := binary.BigEndian.Uint32(hdr[:4])
		typ := string(hdr[4:8])
		if !validChunkType(hdr[4:8]) {
			return text, formatErr("PNG", fmt.Sprintf("invalid chunk type %q", typ))
		}
		if n > 1<<31-1 {
			return text, formatErr("PNG", fmt.Sprintf("%s chunk declares length %d, over the format's 2³¹−1", typ, n))
		}
		if typ == "IDAT" || typ == "IEND" {
			return text, nil
		}
		if n > maxPNGChunk {
			return text, formatErr("PNG", fmt.Sprintf("%s chunk declares %d bytes, over the limit of %s", typ, n, sizeString(maxPNGChunk)))
		}
		switch typ {
		case "tEXt", "zTXt", "iTXt":
		default:
			// Skipped, CRC included. io.CopyN reads and drops, so a huge
			// declared length costs reading, never allocating.
			if _, err := io.CopyN(io.Discard, r, int64(n)+4); err != nil {
				return text, formatErr("PNG", fmt.Sprintf("%s chunk truncated", typ))
			}
			continue
		}
		if int(n) > budget {
			return text, errTextTotal()
		}
		// io.ReadAll grows with the data that actually arrives, so a length
		// the file does not back allocates no more than the file holds.
		data, err := io.ReadAll(io.LimitReader(r, int64(n)))
		if err != nil || len(data) < int(n) {
			return text, formatErr("PNG", fmt.Sprintf("%s chunk truncated", typ))
		}
		var crc [4]byte
		if _, err := io.ReadFull(r, crc[:]); err != nil {
			return text, formatErr("PNG", fmt.Sprintf("%s chunk truncated before its CRC", typ))
		}
		key, val, err := decodeTextChunk(typ, data, min(maxInflate, budget))
		if errors.Is(err, errInflateLimit) && budget < maxInflate {
			return text, errTextTotal()
		}
		if err != nil {
			return text, formatErr("PNG", err.Error())
		}
		budget -= len(val)
		if budget < 0 {
			return text, errTextTotal()
		}
		text[key] = val
	}
}

// validChunkType reports whether b is four ASCII letters, as the PNG format
// requires; anything else means we have lost sync with the chunk stream.
func validChunkType(b []byte) bool {
	for _, c := range b {
		if (c < 'A' || c > 'Z') && (c < 'a' || c > 'z') {
			return false
		}
	}
	return true
}

// errTextTotal reports an image whose text chunks together pass maxTextTotal.
func errTextTotal() error {
	return formatErr("PNG", "text chunks add up to more than "+sizeString(maxTextTotal))
}

// decodeTextChunk splits one tEXt, zTXt or iTXt payload into keyword and
// UTF-8 text. limit bounds what a compressed payload may inflate to; past
// it the error wraps errInflateLimit.
func decodeTextChunk(typ string, data []byte, limit int) (key, val string, err error) {
	nul := bytes.IndexByte(data, 0)
	if nul < 1 {
		return "", "", errors.New(typ + " chunk without a keyword")
	}
	key = latin1(data[:nul])
	rest := data[nul+1:]
	switch typ {
	case "tEXt":
		return key, latin1(rest), nil
	case "zTXt":
		if len(rest) < 1 || rest[0] != 0 {
			return "", "", fmt.Errorf("zTXt chunk %q: unknown compression method", key)
		}
		b, err := inflate(rest[1:], min(maxInflate, limit))
		if err != nil {
			return "", "", fmt.Errorf("zTXt chunk %q: %w", key, err)
		}
		return key, latin1(b), nil
	}
	// iTXt: compression flag, method, language tag\0, translated keyword\0, text.
	if len(rest) < 2 {
		return "", "", fmt.Errorf("iTXt chunk %q truncated", key)
	}
	compressed, method := rest[0], rest[1]
	rest = rest[2:]
	for range 2 { // skip the language tag and the translated keyword
		i := bytes.IndexByte(rest, 0)
		if i < 0 {
			return "", "", fmt.Errorf("iTXt chunk %q truncated", key)
		}
		rest = rest[i+1:]
	}
	switch {
	case compressed == 0:
	case compressed == 1 && method == 0:
		if rest, err = inflate(rest, min(maxInflate, limit)); err != nil {
			return "", "", fmt.Errorf("iTXt chunk %q: %w", key, err)
		}
	default:
		return "", "", fmt.Errorf("iTXt chunk %q: unknown compression flag %d, method %d", key, compressed, method)
	}
	return key, toValidUTF8(rest), nil
}

// errInflateLimit is what inflate wraps when a stream grows past its limit.
var errInflateLimit = errors.New("inflates past the limit")

// inflate decompresses a zlib stream, refusing to produce more than limit
// bytes. Reading to the end also checks the stream's Adler-32.
func inflate(b []byte, limit int) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("corrupt zlib data: %v", err)
	}
	defer zr.Close()
	out, err := io.ReadAll(io.LimitReader(zr, int64(limit)+1))
	if len(out) > limit {
		return nil, fmt.Errorf("%w of %s", errInflateLimit, sizeString(limit))
	}
	if err != nil {
		return nil, fmt.Errorf("corrupt zlib data: %v", err)
	}
	return out, nil
}

// latin1 converts ISO 8859-1 bytes, the encoding of tEXt and zTXt, to UTF-8.
func latin1(b []byte) string {
	ascii := true
	for _, c := range b {
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/2)
	for _, c := range b {
		sb.WriteRune(rune(c))
	}
	return sb.String()
}

// toValidUTF8 returns b as a string, replacing invalid sequences with U+FFFD
// so that what reaches the metadata is always valid JSON text.
func toValidUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// sizeString writes a byte count for an error message: whole MiB when it is
// one, bytes otherwise.
func sizeString(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
