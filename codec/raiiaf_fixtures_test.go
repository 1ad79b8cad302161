package codec

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gen5viewer/gen5view/internal/fixtures"
)

// raiiafExpected is what the raiiaf reference decoder returned for a
// fixture, with how each latent is stored.
type raiiafExpected struct {
	expected
	Latents []struct {
		DType             string `json:"dtype"`
		File              string `json:"file"`
		SHA256            string `json:"sha256"`
		Shape             []int  `json:"shape"`
		RecordHashMatches bool   `json:"record_hash_matches"`
		Stored            struct {
			Compressed bool  `json:"compressed"`
			LenHeader  int64 `json:"len_header"`
			LenData    int64 `json:"len_data"`
			ZFP        *struct {
				ModeName string `json:"mode_name"`
			} `json:"zfp"`
		} `json:"stored"`
	} `json:"latents"`
}

func raiiafFixtures(t *testing.T) (string, []string) {
	dir := filepath.Join(fixtures.Dir(t), "raiiaf")
	matches, err := filepath.Glob(filepath.Join(dir, "*.raiiaf"))
	if err != nil || len(matches) < 14 {
		t.Fatalf("expected 14 .raiiaf fixtures in %s, found %d", dir, len(matches))
	}
	var names []string
	for _, m := range matches {
		names = append(names, strings.TrimSuffix(filepath.Base(m), ".raiiaf"))
	}
	return dir, names
}

// Every .raiiaf fixture decodes to what the reference decoded: header,
// manifest, each latent (bit for bit, from zfp streams lossless and lossy
// and from raw chunks), the image bytes and the environment.
func TestRaiiafFixturesDecode(t *testing.T) {
	dir, names := raiiafFixtures(t)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			var want raiiafExpected
			js, err := os.ReadFile(filepath.Join(dir, name+".expected.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(js, &want); err != nil {
				t.Fatal(err)
			}
			f, err := OpenFile(filepath.Join(dir, name+".raiiaf"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if f.Header.Format != Raiiaf || f.Manifest.Format() != Raiiaf {
				t.Fatalf("read as %v with a %v manifest", f.Header.Format, f.Manifest.Format())
			}
			checkHeaderManifest(t, f, want.expected)
			lats := f.Latents()
			if len(lats) != len(want.Latents) {
				t.Fatalf("%d latents, want %d", len(lats), len(want.Latents))
			}
			for i, c := range lats {
				w := want.Latents[i]
				if !w.Stored.Compressed {
					// The reference reports no split for a raw chunk; the
					// record has the header and payload sizes.
					w.Stored.LenHeader, w.Stored.LenData = chunkHeaderSize, c.UncompressedSize
				}
				if c.Compressed != w.Stored.Compressed || c.LenHeader != w.Stored.LenHeader || c.LenData != w.Stored.LenData {
					t.Errorf("latent %d stored as compressed=%v %d+%d, want %v %d+%d", i, c.Compressed, c.LenHeader, c.LenData, w.Stored.Compressed, w.Stored.LenHeader, w.Stored.LenData)
				}
				if w.Stored.ZFP != nil && !strings.HasPrefix(c.Storage(), "zfp "+strings.ReplaceAll(w.Stored.ZFP.ModeName, "-", " ")) {
					t.Errorf("latent %d storage %q, want zfp %s", i, c.Storage(), w.Stored.ZFP.ModeName)
				}
				if c.Lossy() == w.RecordHashMatches {
					t.Errorf("latent %d: lossy=%v but the record hash matches=%v", i, c.Lossy(), w.RecordHashMatches)
				}
				l, err := c.LatentVerified()
				if err != nil {
					t.Fatalf("latent %d: %v", i, err)
				}
				sum := sha256.Sum256(l.Raw)
				if got := hex.EncodeToString(sum[:]); got != w.SHA256 || (got == c.Hash) != w.RecordHashMatches {
					t.Errorf("latent %d: sha256 %s, want %s (record %s)", i, got, w.SHA256, c.Hash)
				}
				checkLatentNPY(t, dir, i, l, w.Shape, w.DType, w.File)
			}
			if f.Env() == nil {
				t.Error("no ENVC chunk")
			}
			checkImageEnv(t, f, want.expected)
			// An untouched manifest serialises to the very bytes stored.
			js, err = f.Manifest.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(js, f.MetadataJSON()) {
				t.Errorf("re-encoded manifest differs from the stored one")
			}
		})
	}
}
