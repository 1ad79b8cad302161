package zfp_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/gen5viewer/gen5view/codec/zfp"
)

// A stream cut anywhere is an error, never a panic or a read past its end.
func TestDecodeTruncated(t *testing.T) {
	for _, fs := range fixtureStreams(t) {
		if len(fs.stream) > 20000 {
			continue
		}
		// The last bytes may be padding; cut well before them.
		for cut := 0; cut < len(fs.stream)-16; cut += 1 + cut/7 {
			_, err := zfp.DecodeFloat32(fs.stream[:cut:cut], fs.shape)
			if err == nil {
				t.Fatalf("%s cut to %d bytes: no error", fs.name, cut)
			}
		}
	}
}

func TestDecodeRefusesMismatch(t *testing.T) {
	fs := fixtureStreams(t)[0]
	wrong := append([]int(nil), fs.shape...)
	wrong[0]++
	for _, c := range []struct {
		name  string
		run   func() error
		error string
	}{
		{"shape", func() error { _, err := zfp.DecodeFloat32(fs.stream, wrong); return err }, "shape"},
		{"rank", func() error { _, err := zfp.DecodeFloat32(fs.stream, fs.shape[1:]); return err }, "shape"},
		{"type", func() error { _, err := zfp.DecodeFloat64(fs.stream, fs.shape); return err }, "float32 values, float64 expected"},
		{"magic", func() error {
			_, err := zfp.DecodeFloat32(append([]byte("zfq"), fs.stream[3:]...), fs.shape)
			return err
		}, "not a zfp stream"},
		{"version", func() error {
			s := append([]byte(nil), fs.stream...)
			s[3] = 4
			_, err := zfp.DecodeFloat32(s, fs.shape)
			return err
		}, "codec version 4"},
		{"empty", func() error { _, err := zfp.DecodeFloat32(nil, fs.shape); return err }, "not a zfp stream"},
		{"header only", func() error { _, err := zfp.DecodeFloat32(fs.stream[:12], fs.shape); return err }, "truncated"},
	} {
		err := c.run()
		if err == nil || !strings.Contains(err.Error(), c.error) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.error)
		}
	}
}

// A header that claims a huge array over a few bytes is refused before
// anything is allocated for it.
func TestDecodeRefusesHugeClaim(t *testing.T) {
	// 4D float32, 4096 on every axis, reversible; no block data.
	stream := []byte{'z', 'f', 'p', 5, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x88, 0, 0, 0, 0}
	h, err := zfp.ReadHeader(stream)
	if err != nil {
		t.Fatal(err)
	}
	if h.NX != 4096 || h.NW != 4096 || !h.Reversible() {
		t.Fatalf("header read as %+v", h)
	}
	_, err = zfp.CheckHeader(stream, zfp.Float32, h.Shape())
	if !errors.Is(err, zfp.ErrTruncated) {
		t.Fatalf("error %v, want a truncated stream", err)
	}
}

// Damaged streams decode to something or fail, never panic.
func TestDecodeFlippedBits(t *testing.T) {
	for _, fs := range fixtureStreams(t) {
		if len(fs.stream) > 20000 {
			continue
		}
		s := append([]byte(nil), fs.stream...)
		for i := 12 * 8; i < len(s)*8; i += 499 {
			s[i/8] ^= 1 << (i % 8)
			zfp.DecodeFloat32(s, fs.shape)
			s[i/8] ^= 1 << (i % 8)
		}
	}
}
