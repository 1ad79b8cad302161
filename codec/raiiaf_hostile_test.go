package codec

import (
	"encoding/binary"
	"strings"
	"testing"
)

// rebuildRaiiafTable replaces a .raiiaf file's metadata chunk with one
// holding js.
func rebuildRaiiafTable(t *testing.T, file []byte, js string) []byte {
	off := binary.LittleEndian.Uint32(file[9:])
	body := append([]byte("META0000"), binary.LittleEndian.AppendUint32(nil, uint32(len(js)))...)
	table := compressFrame(append(body, js...))
	out := append(append([]byte{}, file[:off]...), table...)
	binary.LittleEndian.PutUint32(out[13:], uint32(len(table)))
	binary.LittleEndian.PutUint64(out[21:], uint64(len(out)))
	return out
}

// Damaged .raiiaf files are refused with a one-line error that says what is
// wrong, at open or when the latent is read, never with a panic.
func TestRaiiafHostileInputs(t *testing.T) {
	good := fixtureBytes(t, "raiiaf/v110_odd_shape.raiiaf")
	rd, err := ReadBytes(good)
	if err != nil {
		t.Fatal(err)
	}
	js := string(rd.MetadataJSON())
	lat := rd.Latents()[0]
	zfpAt := lat.Offset + lat.LenHeader
	mutate := func(f func(b []byte)) []byte {
		b := append([]byte{}, good...)
		f(b)
		return b
	}
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"short header", good[:32], "shorter than the 33-byte .raiiaf header"},
		{"version 0", mutate(func(b []byte) { b[6] = 0 }), "version 0.0"},
		{"truncated", good[:len(good)-100], "truncated"},
		{"split missing", rebuildRaiiafTable(t, good, strings.Replace(js, `"len_header": 21`, `"len_header": null`, 1)), "without the split"},
		{"split wrong", rebuildRaiiafTable(t, good, strings.Replace(js, `"len_header": 21`, `"len_header": 22`, 1)), "differ from compressed_size"},
		{"not zfp", mutate(func(b []byte) { copy(b[zfpAt:], "zfq") }), "not a zfp stream"},
		{"zfp version", mutate(func(b []byte) { b[zfpAt+3] = 6 }), "codec version 6"},
		{"zfp float64", mutate(func(b []byte) { b[zfpAt+4] |= 3 }), "float64 values"},
		{"zfp shape", mutate(func(b []byte) { b[zfpAt+5] ^= 0x10 }), "the record's shape 3×5×7×9 has 945"},
		{"shape", rebuildRaiiafTable(t, good, strings.Replace(js, "9\n          ]", "10\n          ]", 1)), "needs"},
	} {
		_, err := ReadBytes(c.data)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error %v, want one line containing %q", c.name, err, c.want)
		}
	}

	// Damage inside the zfp stream or its header frame shows when the
	// latent is read: as an error, or as a hash mismatch.
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"stream cut", mutate(func(b []byte) {
			for i := zfpAt + 200; i < zfpAt+lat.LenData; i++ {
				b[i] = 0xff
			}
		}), ""},
		{"frame flags", mutate(func(b []byte) { copy(b[lat.Offset+9+4:], "F64\x00") }), "stored flags"},
		{"frame size", mutate(func(b []byte) { b[lat.Offset+9+8]++ }), "payload bytes"},
		{"frame type", mutate(func(b []byte) { copy(b[lat.Offset+9:], "DATA") }), "stored chunk header says \"DATA\""},
	} {
		rd, err := ReadBytes(c.data)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		err = rd.Latents()[0].Verify()
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: Verify %v, want one line containing %q", c.name, err, c.want)
		}
	}
}

// A compressed latent whose chunk header says F16 holds a float32 zfp
// stream (zfp has no float16); the reference casts the decoded values to
// float16, and so does this reader.
func TestRaiiafZFPWithF16Flags(t *testing.T) {
	good := fixtureBytes(t, "raiiaf/v110_odd_shape.raiiaf")
	rd, err := ReadBytes(good)
	if err != nil {
		t.Fatal(err)
	}
	want, err := rd.Latents()[0].Latent()
	if err != nil {
		t.Fatal(err)
	}
	js := string(rd.MetadataJSON())
	js = strings.Replace(js, `"flags": "F32"`, `"flags": "F16"`, 1)
	js = strings.Replace(js, `"dtype": "float32"`, `"dtype": "float16"`, 1)
	js = strings.Replace(js, `"uncompressed_size": 3780`, `"uncompressed_size": 1890`, 1)
	b := rebuildRaiiafTable(t, good, js)
	at := rd.Latents()[0].Offset + 9 // the chunk header inside the 21-byte frame
	copy(b[at+4:], "F16\x00")
	binary.LittleEndian.PutUint32(b[at+8:], 1890)
	f16, err := ReadBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	got, err := f16.Latents()[0].Latent()
	if err != nil {
		t.Fatal(err)
	}
	wantF16 := want.Tensor.ToFloat16()
	if got.DType != Float16 || string(got.Raw) != string(wantF16.Raw) {
		t.Errorf("read as %s, equal to the float16 rounding: %v", got.DType, string(got.Raw) == string(wantF16.Raw))
	}
}
