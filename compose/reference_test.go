package compose

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/internal/fixtures"
	"github.com/klauspost/compress/zstd"
)

// The Python reference cannot run here, so these tests check, byte by
// byte and without codec's reader, what FORMAT.md says its reader relies
// on: the header, chunks back to back with the metadata last, every zstd
// frame recording its content size and holding the whole chunk body, chunk
// headers present, records complete, hashes of the payloads, chunk_count
// agreeing, rank-4 finite latents for 0.1.0, and no ENVC (which 0.1.0a0
// refuses) unless asked for.

// referenceLayout checks data as the reference readers would read it and
// returns every problem found.
func referenceLayout(data []byte, allowEnv bool) []string {
	var probs []string
	bad := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	if len(data) < 32 {
		return []string{"shorter than the header"}
	}
	le := binary.LittleEndian
	if string(data[:4]) != "GEN5" {
		bad("magic %q", data[:4])
	}
	if data[4] != 1 || data[5] != 0 || le.Uint16(data[6:]) != 0 || le.Uint64(data[24:]) != 0 {
		bad("header version/flags/reserved % x", data[4:8])
	}
	tableOff, tableSize, count, size := int(le.Uint32(data[8:])), int(le.Uint32(data[12:])), int(le.Uint32(data[16:])), int(le.Uint32(data[20:]))
	if size != len(data) {
		bad("header file_size %d, file is %d bytes", size, len(data))
	}
	if tableOff+tableSize != len(data) {
		bad("metadata chunk [%d,+%d) does not end the file (%d bytes)", tableOff, tableSize, len(data))
		return probs
	}
	body, err := frame(data[tableOff:])
	if err != nil {
		bad("metadata chunk: %v", err)
		return probs
	}
	js, err := chunkBody(body, "META", "0000")
	if err != nil {
		bad("metadata chunk: %v", err)
		return probs
	}
	for _, c := range js {
		if c >= 0x80 {
			bad("metadata is not ASCII (json.dumps escapes every non-ASCII character)")
			break
		}
	}
	var doc struct {
		Meta struct {
			FileInfo  map[string]any   `json:"file_info"`
			ModelInfo map[string]any   `json:"model_info"`
			Chunks    []map[string]any `json:"chunks"`
		} `json:"gen5_metadata"`
	}
	if err := json.Unmarshal(js, &doc); err != nil {
		bad("metadata JSON: %v", err)
		return probs
	}
	fi := doc.Meta.FileInfo
	if fi["magic"] != "GEN5" || fi["version_major"] != 1.0 {
		bad("file_info %v", fi)
	}
	if cc, _ := fi["chunk_count"].(float64); int(cc) != len(doc.Meta.Chunks) || count != len(doc.Meta.Chunks) {
		bad("file_info.chunk_count %v, header %d, %d records", fi["chunk_count"], count, len(doc.Meta.Chunks))
	}
	for _, k := range []string{"model_name", "version", "date", "prompt", "tags"} {
		if _, ok := doc.Meta.ModelInfo[k]; !ok {
			bad("model_info.%s missing", k)
		}
	}
	next := 32
	images := 0
	for i, rec := range doc.Meta.Chunks {
		for _, k := range []string{"index", "type", "flags", "offset", "compressed_size", "uncompressed_size", "hash", "extra", "compressed"} {
			if _, ok := rec[k]; !ok {
				bad("chunk %d: %s missing", i, k)
			}
		}
		num := func(k string) int { f, _ := rec[k].(float64); return int(f) }
		typ, _ := rec["type"].(string)
		flags, _ := rec["flags"].(string)
		compressed, _ := rec["compressed"].(bool)
		extra, _ := rec["extra"].(map[string]any)
		off, csize, usize := num("offset"), num("compressed_size"), num("uncompressed_size")
		if num("index") != i || off != next || off+csize > tableOff {
			bad("chunk %d: index %d, offset %d (expected %d), size %d", i, num("index"), off, next, csize)
			return probs
		}
		next = off + csize
		stored := data[off:next]
		var b []byte
		if compressed {
			if b, err = frame(stored); err != nil {
				bad("chunk %d: %v", i, err)
				continue
			}
		} else {
			b = stored
		}
		payload, err := chunkBody(b, typ, flags)
		if err != nil {
			bad("chunk %d: %v", i, err)
			continue
		}
		if len(payload) != usize {
			bad("chunk %d: payload %d bytes, record says %d", i, len(payload), usize)
		}
		if sum := sha256.Sum256(payload); hex.EncodeToString(sum[:]) != rec["hash"] {
			bad("chunk %d: hash is not the payload's SHA-256", i)
		}
		switch typ {
		case "LATN":
			probs = append(probs, checkLatent(i, flags, extra, payload)...)
		case "DATA":
			if images++; images > 1 {
				bad("more than one DATA chunk")
			}
			if flags != "0000" {
				bad("chunk %d: DATA flags %q", i, flags)
			}
		case "ENVC":
			if !allowEnv {
				bad("chunk %d: ENVC, which the 0.1.0a0 reader refuses", i)
			}
		default:
			bad("chunk %d: type %q", i, typ)
		}
	}
	if next != tableOff {
		bad("chunks end at %d, metadata starts at %d", next, tableOff)
	}
	return probs
}

// frame checks that b is exactly one zstd frame whose header records its
// content size (python-zstandard's decompress() refuses frames without it)
// and returns its content.
func frame(b []byte) ([]byte, error) {
	if len(b) < 6 || binary.LittleEndian.Uint32(b) != 0xFD2FB528 {
		return nil, fmt.Errorf("not a zstd frame")
	}
	fhd := b[4]
	fcsFlag, single, dictFlag := fhd>>6, fhd>>5&1 == 1, fhd&3
	if fcsFlag == 0 && !single {
		return nil, fmt.Errorf("zstd frame without its content size")
	}
	pos := 5
	if !single {
		pos++ // window descriptor
	}
	pos += []int{0, 1, 2, 4}[dictFlag]
	var fcs uint64
	switch fcsFlag {
	case 0:
		fcs = uint64(b[pos])
	case 1:
		fcs = uint64(binary.LittleEndian.Uint16(b[pos:])) + 256
	case 2:
		fcs = uint64(binary.LittleEndian.Uint32(b[pos:]))
	case 3:
		fcs = binary.LittleEndian.Uint64(b[pos:])
	}
	dec, err := zstd.NewReader(nil)
	if err != nil {
		return nil, err
	}
	defer dec.Close()
	out, err := dec.DecodeAll(b, nil)
	if err != nil {
		return nil, err
	}
	if uint64(len(out)) != fcs {
		return nil, fmt.Errorf("zstd frame records %d bytes, the stored bytes hold %d (more than one frame?)", fcs, len(out))
	}
	return out, nil
}

// chunkBody checks the 12-byte chunk header and returns the payload.
func chunkBody(b []byte, typ, flags string) ([]byte, error) {
	if len(b) < 12 {
		return nil, fmt.Errorf("no chunk header")
	}
	wantFlags := []byte(flags)
	for len(wantFlags) < 4 {
		wantFlags = append(wantFlags, 0)
	}
	if string(b[:4]) != typ || !bytes.Equal(b[4:8], wantFlags) {
		return nil, fmt.Errorf("chunk header %q %q, record says %q %q", b[:4], b[4:8], typ, flags)
	}
	if n := binary.LittleEndian.Uint32(b[8:]); int(n) != len(b)-12 {
		return nil, fmt.Errorf("chunk header size %d, body holds %d", n, len(b)-12)
	}
	return b[12:], nil
}

// checkLatent applies the 0.1.0 reader's rules: rank 4, flags matching the
// dtype, the size the shape needs, and no NaN or infinity.
func checkLatent(i int, flags string, extra map[string]any, payload []byte) []string {
	var probs []string
	shape, _ := extra["shape"].([]any)
	dtype, _ := extra["dtype"].(string)
	size := map[string]int{"float16": 2, "float32": 4}[dtype]
	if size == 0 || flags != map[string]string{"float16": "F16", "float32": "F32"}[dtype] {
		return []string{fmt.Sprintf("chunk %d: dtype %q with flags %q", i, dtype, flags)}
	}
	if len(shape) != 4 {
		probs = append(probs, fmt.Sprintf("chunk %d: rank %d, the 0.1.0 reader needs 4", i, len(shape)))
	}
	n := 1
	for _, d := range shape {
		f, _ := d.(float64)
		n *= int(f)
	}
	if n*size != len(payload) {
		return append(probs, fmt.Sprintf("chunk %d: shape %v needs %d bytes, payload %d", i, shape, n*size, len(payload)))
	}
	for j := 0; j < n; j++ {
		var finite bool
		if size == 2 {
			finite = binary.LittleEndian.Uint16(payload[2*j:])&0x7c00 != 0x7c00
		} else {
			v := math.Float32frombits(binary.LittleEndian.Uint32(payload[4*j:]))
			finite = !math.IsNaN(float64(v)) && !math.IsInf(float64(v), 0)
		}
		if !finite {
			return append(probs, fmt.Sprintf("chunk %d: element %d is NaN or infinite", i, j))
		}
	}
	return probs
}

func TestReferenceReaderLayout(t *testing.T) {
	dir := t.TempDir()
	img := writePNG(t, dir, "cat.png", 512, 512, map[string]string{"parameters": a1111Text})
	big := writeNPY(t, dir, "noise.npy", tensor(t, []int{1, 4, 64, 64}, codec.Float32, 1))
	second := writeNPY(t, dir, "second.npy", tensor(t, []int{1, 4, 64, 64}, codec.Float32, 2))
	// A tensor whose compressed chunk is below 256 bytes, where a zstd
	// frame that is not single-segment would leave out its content size.
	tiny := writeNPY(t, dir, "tiny.npy", tensor(t, []int{1, 4, 1, 1}, codec.Float32, 3))
	tests := []struct {
		name       string
		noise      []string
		f16        bool
		noCompress bool
	}{
		{"compressed float32", []string{big}, false, false},
		{"compressed float16", []string{big}, true, false},
		{"uncompressed", []string{big}, false, true},
		{"uncompressed float16", []string{big, second}, true, true},
		{"two latents", []string{big, second}, false, false},
		{"tiny latent", []string{tiny}, false, false},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(dir, fmt.Sprintf("out%d.gen5", i))
			req := request(img, tc.noise...)
			req.Float16, req.NoCompress = tc.f16, tc.noCompress
			if _, err := Create(req, out); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range referenceLayout(data, false) {
				t.Error(p)
			}
		})
	}
}

// TestReferenceLayoutCheckerOnFixtures holds the checker to files the
// reference itself wrote, so that it asks for nothing the reference does
// not do, and shows that it does catch what it looks for.
func TestReferenceLayoutCheckerOnFixtures(t *testing.T) {
	for _, name := range []string{"a0_sd15_f32.gen5", "a0_sdxl_f16.gen5", "a0_two_latents.gen5", "v010_sd15_f32.gen5", "v010_uncompressed.gen5", "upstream_2025-12-29.gen5"} {
		data, err := os.ReadFile(fixtures.Path(t, name))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range referenceLayout(data, true) {
			t.Errorf("%s: %s", name, p)
		}
	}
	data, err := os.ReadFile(fixtures.Path(t, "v010_sd15_f32.gen5"))
	if err != nil {
		t.Fatal(err)
	}
	if probs := referenceLayout(data, false); len(probs) != 1 {
		t.Errorf("ENVC not reported: %q", probs)
	}
	// The a0 uncompressed layout (no chunk header) is what the reference's
	// own reader fails on.
	data, err = os.ReadFile(fixtures.Path(t, "a0_uncompressed.gen5"))
	if err != nil {
		t.Fatal(err)
	}
	if probs := referenceLayout(data, false); len(probs) == 0 {
		t.Error("headerless chunks not reported")
	}
	// A frame without its content size.
	noFCS, err := zstd.NewWriter(nil, zstd.WithSingleSegment(false))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := frame(noFCS.EncodeAll([]byte("LATNF32\x00\x00\x00\x00\x00"), nil)); err == nil || err.Error() != "zstd frame without its content size" {
		t.Error("frame without content size accepted")
	}
}
