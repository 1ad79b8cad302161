package codec

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gen5viewer/gen5view/internal/fixtures"
)

// A save copies every chunk as stored, a damaged one included: the copy is
// checked against the original's bytes, not against the record's hash, so
// editing the metadata of a damaged file keeps the damage for verify to
// report instead of refusing the edit.
func TestSaveKeepsDamagedChunkAsStored(t *testing.T) {
	path := fixtures.Copy(t, "a0_uncompressed.gen5", t.TempDir())
	f, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c := f.Chunks[0]
	f.Close()
	data, _ := os.ReadFile(path)
	data[c.Offset+c.CompressedSize-1] ^= 1
	os.WriteFile(path, data, 0o644)

	f, err = OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := f.Manifest.Clone()
	m.SetPrompt("edited")
	out := filepath.Join(t.TempDir(), "out.gen5")
	if err := f.Save(out, m); err != nil {
		t.Fatalf("save: %v", err)
	}
	g, err := OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if errs := g.Verify(); len(errs) != 1 {
		t.Errorf("the saved copy has %d failing chunks, want the 1 damaged one: %v", len(errs), errs)
	}
	a, _ := f.Chunks[0].Stored()
	b, _ := g.Chunks[0].Stored()
	if !bytes.Equal(a, b) {
		t.Error("the damaged chunk was not copied as stored")
	}
}

// The read-back check of a rewrite catches a copy whose stored bytes or
// records differ from the original's, and passes a faithful one.
func TestCheckRewrittenComparesStoredBytes(t *testing.T) {
	dir := t.TempDir()
	path := fixtures.Copy(t, "a0_sd15_f32.gen5", dir)
	f, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := f.Manifest.Clone()
	if err := checkRewritten(path, f.Reader, m); err != nil {
		t.Errorf("the file itself: %v", err)
	}

	bad := filepath.Join(dir, "bad.gen5")
	data, _ := os.ReadFile(path)
	c := f.Chunks[1]
	data[c.Offset+c.CompressedSize/2] ^= 1
	os.WriteFile(bad, data, 0o644)
	if err := checkRewritten(bad, f.Reader, m); err == nil || !strings.Contains(err.Error(), "differ") {
		t.Errorf("a changed stored byte: err = %v", err)
	}

	other := fixtures.Copy(t, "a0_sdxl_f16.gen5", dir)
	if err := checkRewritten(other, f.Reader, m); err == nil {
		t.Error("another file's chunks passed as a copy")
	}
}

// A save into a file copies the chunks' stored bytes file to file (by
// copy_file_range where the system has it) between the buffered header and
// metadata: the file it writes is byte for byte what Rewrite writes into
// memory, for a file of several chunks.
func TestSaveCopiesFileToFileAsRewrite(t *testing.T) {
	for _, name := range []string{"v010_two_latents.gen5", "a0_sd15_f32.gen5"} {
		f, err := OpenFile(fixtures.Path(t, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		m := f.Manifest.Clone()
		if err := m.SetTags([]string{"copied"}); err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := f.Rewrite(&want, m); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(t.TempDir(), name)
		if err := f.Save(out, m); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s: the saved file (%d bytes) differs from Rewrite's (%d bytes)", name, len(got), want.Len())
		}
	}
}
