package thumbcache

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// pathSafe reports whether an ASCII byte stays as it is in a file URI's
// path. It is GLib's table for g_filename_to_uri (g_escape_uri_string with
// UNSAFE_PATH): the RFC 3986 unreserved characters, "/" and the
// sub-delimiters ! $ & ' ( ) * + , = with : and @. Everything else —
// space, " # % ; < > ? [ \ ] ^ ` { | } DEL, control characters and every
// byte of a non-ASCII name — is written as %XX with upper-case hex digits.
// The cache's file names are MD5 sums of these URIs, so one character
// escaped differently from GLib would miss every thumbnail a GTK file
// manager made.
func pathSafe(b byte) bool {
	switch {
	case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		return true
	}
	return strings.IndexByte("-._~/!$&'()*+,=:@", b) >= 0
}

// FileURI returns the canonical file URI of a local path, as the cache
// names thumbnails by: file:// followed by the absolute, cleaned path,
// percent-encoded byte by byte as GLib's g_filename_to_uri does. A relative
// path is made absolute against the working directory; symbolic links are
// not resolved (a file manager names a file by the path it shows).
func FileURI(path string) (string, error) {
	if path == "" {
		return "", errors.New("empty path")
	}
	if strings.IndexByte(path, 0) >= 0 {
		return "", fmt.Errorf("path %q holds a NUL byte", path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	return "file://" + escapePath(abs), nil
}

// escapePath percent-encodes every byte of a path that pathSafe does not
// keep, with upper-case hex digits.
func escapePath(p string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(p) * 3)
	for i := 0; i < len(p); i++ {
		c := p[i]
		if pathSafe(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// PathFromURI returns the local path a file URI names, decoding every %XX
// escape (as g_filename_from_uri does). It accepts file:///path and
// file://localhost/path, and refuses other hosts and schemes, which name
// files this machine cannot open directly.
func PathFromURI(uri string) (string, error) {
	rest, ok := cutPrefixFold(uri, "file://")
	if !ok {
		return "", fmt.Errorf("%q is not a file:// URI", uri)
	}
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		return "", fmt.Errorf("file URI %q has a query or fragment", uri)
	}
	slash := strings.IndexByte(rest, '/')
	if slash < 0 {
		return "", fmt.Errorf("file URI %q has no path", uri)
	}
	if host := rest[:slash]; host != "" && !strings.EqualFold(host, "localhost") {
		return "", fmt.Errorf("file URI %q names another host (%s)", uri, host)
	}
	p, err := unescape(rest[slash:])
	if err != nil {
		return "", fmt.Errorf("file URI %q: %v", uri, err)
	}
	return p, nil
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// unescape decodes %XX escapes. Unlike url.PathUnescape it leaves "+"
// alone and refuses an escaped NUL or "/", which no file name can hold.
func unescape(s string) (string, error) {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		if i+2 >= len(s) || unhex(s[i+1]) < 0 || unhex(s[i+2]) < 0 {
			return "", fmt.Errorf("bad escape at byte %d", i)
		}
		d := byte(unhex(s[i+1])<<4 | unhex(s[i+2]))
		if d == 0 || d == '/' {
			return "", fmt.Errorf("escaped %q at byte %d", d, i)
		}
		b.WriteByte(d)
		i += 2
	}
	return b.String(), nil
}

func unhex(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}
