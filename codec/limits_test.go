package codec

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// zerosEntry is a chunk whose payload is n zero bytes, compressed as one
// frame that states its size, built without holding the payload.
func zerosEntry(t testing.TB, typ, flags string, n int64, extra *Object) entry {
	var b bytes.Buffer
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest))
	if err != nil {
		t.Fatal(err)
	}
	enc.ResetContentSize(&b, n+chunkHeaderSize)
	hdr := append([]byte(typ), padFlags(flags)...)
	enc.Write(binaryLE32(hdr, uint32(n)))
	h := sha256.New()
	zero := make([]byte, 1<<20)
	for left := n; left > 0; left -= int64(len(zero)) {
		k := min(left, int64(len(zero)))
		enc.Write(zero[:k])
		h.Write(zero[:k])
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	rec := newRecord(typ, flags, nil, extra, true, b.Len())
	rec.Set("uncompressed_size", json.Number(strconv.FormatInt(n, 10)))
	rec.Set("hash", hex.EncodeToString(h.Sum(nil)))
	return bytesEntry(rec, b.Bytes())
}

func binaryLE32(b []byte, v uint32) []byte {
	return append(b, byte(v), byte(v>>8), byte(v>>16), byte(v>>24))
}

// TestChunkExactlyAtTheSizeLimit: a chunk of DefaultMaxChunkSize bytes
// opens and checks; one byte more is refused before anything is inflated.
func TestChunkExactlyAtTheSizeLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("inflates 256 MiB")
	}
	n := int64(DefaultMaxChunkSize)
	file := build(t, testManifest(), zerosEntry(t, TypeLatent, "F32", n, latentExtra(1, 16, 2048, int(n/4/16/2048))))
	rd, err := ReadBytes(file)
	if err != nil {
		t.Fatal(err)
	}
	if cc := rd.Check(CheckOptions{}); cc[0].Err != nil {
		t.Errorf("the chunk at the limit does not check: %v", cc[0].Err)
	}
	js := strings.Replace(string(rd.MetadataJSON()), `"uncompressed_size": `+strconv.FormatInt(n, 10), `"uncompressed_size": `+strconv.FormatInt(n+1, 10), 1)
	if _, err := ReadBytes(rebuildTable(t, file, js)); err == nil || !strings.Contains(err.Error(), "over the limit") {
		t.Errorf("a chunk one byte over the limit: %v", err)
	}
}

// TestEnvironmentOverTheJSONLimit: an environment chunk larger than any
// JSON payload may be is hashed but not held, and named as a problem.
func TestEnvironmentOverTheJSONLimit(t *testing.T) {
	rd, err := ReadBytes(build(t, testManifest(), zerosEntry(t, TypeEnv, "0000", MaxJSONSize+1, NewObject())))
	if err != nil {
		t.Fatal(err)
	}
	cc := rd.Check(CheckOptions{})[0]
	if cc.Err != nil || cc.Payload != nil {
		t.Fatalf("error %v, %d bytes kept; want the hash checked and nothing kept", cc.Err, len(cc.Payload))
	}
	if ps := cc.ChunkProblems(); len(ps) != 1 || !strings.Contains(ps[0].Error(), "over the limit") {
		t.Errorf("problems %v, want the size named", ps)
	}
}

// TestChunkCountLimit: a chunk table of more records than MaxChunks is
// refused as soon as the metadata is parsed.
func TestChunkCountLimit(t *testing.T) {
	good := build(t, testManifest(), newEntry(TypeData, "0000", testPNG(t), NewObject(), true))
	rd, err := ReadBytes(good)
	if err != nil {
		t.Fatal(err)
	}
	js := string(rd.MetadataJSON())
	i := strings.Index(js, `"chunks": [`) + len(`"chunks": [`)
	end := strings.LastIndex(js, "]")
	rec := js[i:end]
	many := js[:i] + strings.Repeat(rec+",", MaxChunks) + rec + js[end:]
	_, err = ReadBytes(rebuildTable(t, good, many))
	if err == nil || !strings.Contains(err.Error(), "lists 1025 chunks, over the limit of 1024") {
		t.Errorf("error %v, want the chunk count refused", err)
	}
}
