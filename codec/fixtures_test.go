package codec

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gen5viewer/gen5view/internal/fixtures"
)

// expected is what the Python reference decoder returned for a fixture.
type expected struct {
	Header   map[string]any `json:"header"`
	Metadata any            `json:"metadata"`
	Latents  []struct {
		DType  string `json:"dtype"`
		File   string `json:"file"`
		SHA256 string `json:"sha256"`
		Shape  []int  `json:"shape"`
	} `json:"latents"`
	Image *struct {
		SHA256 string `json:"sha256"`
		Size   int    `json:"size"`
	} `json:"image"`
	Env any `json:"env"`
}

// fixtureNames lists every NAME with a NAME.gen5 and NAME.expected.json.
func fixtureNames(t *testing.T) (string, []string) {
	dir := fixtures.Dir(t)
	matches, err := filepath.Glob(filepath.Join(dir, "*.expected.json"))
	if err != nil || len(matches) == 0 {
		t.Fatalf("no fixtures in %s", dir)
	}
	var names []string
	for _, m := range matches {
		names = append(names, strings.TrimSuffix(filepath.Base(m), ".expected.json"))
	}
	return dir, names
}

func loadExpected(t *testing.T, dir, name string) expected {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name+".expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var e expected
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatal(err)
	}
	return e
}

// plainJSON turns a value into what encoding/json decodes it to, so that an
// ordered tree and the reference's dict compare by content.
func plainJSON(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestFixturesDecode(t *testing.T) {
	dir, names := fixtureNames(t)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			want := loadExpected(t, dir, name)
			f, err := OpenFile(filepath.Join(dir, name+".gen5"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			checkHeaderManifest(t, f, want)

			lats := f.Latents()
			if len(lats) != len(want.Latents) {
				t.Fatalf("%d latents, want %d", len(lats), len(want.Latents))
			}
			for i, c := range lats {
				l, err := c.LatentVerified()
				if err != nil {
					t.Fatalf("latent %d: %v", i, err)
				}
				w := want.Latents[i]
				sum := sha256.Sum256(l.Raw)
				if hex.EncodeToString(sum[:]) != w.SHA256 {
					t.Errorf("latent %d: sha256 differs", i)
				}
				npy := checkLatentNPY(t, dir, i, l, w.Shape, w.DType, w.File)
				// Our own .npy of the elements must be byte-identical to
				// numpy's.
				var ours bytes.Buffer
				if err := WriteNPY(&ours, &l.Tensor); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(ours.Bytes(), npy) {
					t.Errorf("WriteNPY differs from numpy's %s (%d vs %d bytes)", w.File, ours.Len(), len(npy))
				}
			}
			checkImageEnv(t, f, want)
		})
	}
}

// checkHeaderManifest compares the header and the manifest f read with the
// reference decoder's, and checks every chunk's hash.
func checkHeaderManifest(t *testing.T, f *File, want expected) {
	t.Helper()
	if got := plainJSON(t, f.Header); !reflect.DeepEqual(got, plainJSON(t, want.Header)) {
		t.Errorf("header = %v, want %v", got, want.Header)
	}
	if got := plainJSON(t, f.Manifest.Root()); !reflect.DeepEqual(got, plainJSON(t, want.Metadata)) {
		t.Errorf("manifest differs:\n got %v\nwant %v", got, want.Metadata)
	}
	if errs := f.Verify(); len(errs) != 0 {
		t.Errorf("verify: %v", errs)
	}
}

// checkLatentNPY compares latent i, as decoded, with the shape and element
// type the reference gave and with the elements of the .npy file numpy
// wrote of it, which it returns.
func checkLatentNPY(t *testing.T, dir string, i int, l *Latent, shape []int, dtype, file string) []byte {
	t.Helper()
	if !reflect.DeepEqual(l.Shape, shape) || string(l.DType) != dtype {
		t.Errorf("latent %d: %v %s, want %v %s", i, l.Shape, l.DType, shape, dtype)
	}
	npy, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	ref, _, err := ReadNPY(bytes.NewReader(npy), int64(len(npy)))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if !bytes.Equal(ref.Raw, l.Raw) || !reflect.DeepEqual(ref.Shape, l.Shape) {
		t.Errorf("latent %d differs from %s", i, file)
	}
	return npy
}

// checkImageEnv compares the image bytes and the environment f holds with
// the reference decoder's: each there exactly when the reference found it.
func checkImageEnv(t *testing.T, f *File, want expected) {
	t.Helper()
	img := f.Image()
	if (img == nil) != (want.Image == nil) {
		t.Fatalf("image present = %v, want %v", img != nil, want.Image != nil)
	}
	if img != nil {
		p, err := img.Payload()
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(p)
		if len(p) != want.Image.Size || hex.EncodeToString(sum[:]) != want.Image.SHA256 {
			t.Errorf("image: %d bytes %x, want %d %s", len(p), sum, want.Image.Size, want.Image.SHA256)
		}
	}
	env := f.Env()
	if (env == nil) != (want.Env == nil) {
		t.Fatalf("env present = %v, want %v", env != nil, want.Env != nil)
	}
	if env != nil {
		p, err := env.Payload()
		if err != nil {
			t.Fatal(err)
		}
		var got any
		if err := json.Unmarshal(p, &got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(withoutDigests(got), withoutDigests(plainJSON(t, want.Env))) {
			t.Errorf("env = %v, want %v", got, want.Env)
		}
	}
}

// withoutDigests drops each ENVC component's digest, which the reference
// decoders leave out of what they return.
func withoutDigests(v any) any {
	if m, ok := v.(map[string]any); ok {
		if comps, ok := m["components"].([]any); ok {
			for _, c := range comps {
				delete(c.(map[string]any), "component_sha256_digest")
			}
		}
	}
	return v
}

// An untouched manifest must serialise to exactly the bytes the reference
// wrote, or every save would rewrite the metadata of files nobody edited.
func TestFixturesManifestRoundTrip(t *testing.T) {
	dir, names := fixtureNames(t)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			f, err := OpenFile(filepath.Join(dir, name+".gen5"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			got, err := f.Manifest.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, f.MetadataJSON()) {
				t.Errorf("re-encoded manifest differs from the stored one:\n%s\n---\n%s", got, f.MetadataJSON())
			}
		})
	}
}
