package codec

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// countingEncoder counts the compressions settleTable asks for.
type countingEncoder struct {
	enc *zstd.Encoder
	n   int
}

func (c *countingEncoder) EncodeAll(src, dst []byte) []byte {
	c.n++
	return c.enc.EncodeAll(src, dst)
}

// Every manifest of a range of sizes and texts states the size of the
// file it ends, in a metadata chunk that is one zstd frame recording its
// content size (what the reference's reader needs), its digits in the raw
// block that opens the frame, so that the size was found with one
// compression.
func TestMetadataFrameStatesItsFileSize(t *testing.T) {
	lat := sampleTensor(t, []int{1, 4, 8, 8}, Float32)
	for i := range 300 {
		m := NewManifest()
		m.SetModelInfo("model_name", "SD 1.5")
		m.SetPrompt(fmt.Sprintf("prompt %d %s", i*7919, strings.Repeat("ab ", i%37)))
		if err := m.SetTags([]string{"tag", fmt.Sprint("t", i)}); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := Write(&buf, Contents{Manifest: m, Latents: []NewLatent{{Key: "initial_noise", Tensor: lat}}, Compress: true}); err != nil {
			t.Fatal(err)
		}
		rd, err := ReadBytes(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		fi, _ := rd.Manifest.Meta().Object("file_info")
		if n, _ := intValue(fi.values["file_size"]); int(n) != buf.Len() {
			t.Fatalf("manifest %d: file_info.file_size %d, file is %d bytes", i, n, buf.Len())
		}
		if errs := rd.ReferenceProblems(); len(errs) > 0 {
			t.Fatalf("manifest %d: %v", i, errs)
		}
		if errs := rd.Verify(); len(errs) > 0 {
			t.Fatalf("manifest %d: %v", i, errs)
		}
		table := buf.Bytes()[rd.Header.ChunkTableOffset:]
		hl := frameHeaderLen(12 + len(rd.MetadataJSON()))
		raw := int(table[hl]) | int(table[hl+1])<<8 | int(table[hl+2])<<16
		digits := fmt.Sprintf(`"file_size": %d`, buf.Len())
		if raw&7 != 0 || !bytes.HasSuffix(table[hl+3:hl+3+raw>>3], []byte(digits)) {
			t.Fatalf("manifest %d: the frame does not open with a raw block holding %s", i, digits)
		}
		// An independent decoder reads the frame as one.
		dec, _ := zstd.NewReader(nil)
		body, err := dec.DecodeAll(table, nil)
		dec.Close()
		if err != nil || !bytes.Equal(body[12:], rd.MetadataJSON()) {
			t.Fatalf("manifest %d: the metadata frame decodes to %d bytes (%v)", i, len(body), err)
		}
	}
}

// The split frame costs one compression of the manifest, whatever its
// digits.
func TestSplitMetaFrameCompressesOnce(t *testing.T) {
	js := []byte(`{"gen5_metadata": {"file_info": {"file_size": XX, "chunk_count": 2}, "model_info": {"prompt": "` + strings.Repeat("a cat ", 200) + `"}}}`)
	at := bytes.Index(js, []byte("XX"))
	body := func(size int64) []byte {
		b := []byte(TypeMeta + "0000....")
		b = append(b, js[:at]...)
		b = append(b, fmt.Sprint(size)...)
		return append(b, js[at+2:]...)
	}
	enc := &countingEncoder{enc: metadataEncoders()[0]}
	for _, off := range []int64{32, 99_000, 999_950, 1 << 31} {
		enc.n = 0
		size, frame, err := splitMetaFrame(body, 12+at, js[at+2:], off, enc)
		if err != nil {
			t.Fatal(err)
		}
		if enc.n != 1 || size != off+int64(len(frame)) {
			t.Errorf("offset %d: %d compressions, size %d for a frame ending at %d", off, enc.n, size, off+int64(len(frame)))
		}
		dec, _ := zstd.NewReader(nil)
		got, err := dec.DecodeAll(frame, nil)
		dec.Close()
		if err != nil || !bytes.Equal(got, body(size)) {
			t.Errorf("offset %d: the frame decodes to %q (%v)", off, got, err)
		}
	}
}
