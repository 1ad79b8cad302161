package cli

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/internal/fixtures"
)

// gen5ReferenceScript decodes each file given with the Python gen5
// reference's own file_decoder (0.1.0) and prints, per file, what it
// returned: the header, the metadata, each latent's shape, dtype, SHA-256
// of its elements and statistics, the image's size and SHA-256, and the
// environment; or the error it raised. torch and pynvml, which the
// reference imports for its environment chunk, are stubbed as the
// fixtures' writer stubbed them.
const gen5ReferenceScript = `
import json, os, sys, types, io, contextlib, hashlib, warnings
stub = types.ModuleType("torch")
stub.__version__ = "2.1.0+cu121"
stub.version = types.SimpleNamespace(cuda="12.1")
stub.cuda = types.SimpleNamespace(is_available=lambda: True)
sys.modules["torch"] = stub
sys.modules["pynvml"] = types.ModuleType("pynvml")
sys.path.insert(0, sys.argv[1])
import numpy as np
from gen5 import Gen5FileHandler
warnings.simplefilter("ignore")
def plain(v):
    if isinstance(v, bytes):
        return v.hex()
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    if hasattr(v, "components"):
        return {"env_version": v.env_version, "components": plain(v.components)}
    return v
res = {}
for path in sys.argv[2:]:
    r = {}
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            d = Gen5FileHandler().file_decoder(path)
        r["header"] = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in d["header"].items()}
        r["metadata"] = d["metadata"]
        r["latents"] = [{"shape": list(a.shape), "dtype": str(a.dtype),
                         "sha256": hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest(),
                         "min": float(a.min()), "max": float(a.max()),
                         "mean": float(a.astype(np.float64).mean()), "std": float(a.astype(np.float64).std())}
                        for a in d["chunks"]["latent"]]
        img = d["chunks"].get("image")
        if img is not None:
            r["image"] = {"size": len(img), "sha256": hashlib.sha256(img).hexdigest()}
        if "env" in d["chunks"]:
            r["env"] = plain(d["chunks"]["env"])
    except Exception as e:
        r["error"] = "%s: %s" % (type(e).__name__, e)
    res[path] = r
json.dump(res, sys.stdout)
`

// gen5Reference returns a Python that has the gen5 reference's
// dependencies and its source tree, the directory holding gen5/, from
// $GEN5_REFERENCE (gen5 0.1.0: the last commit of AnuroopVJ/RAIIAF before
// the package was renamed raiiaf); the test is skipped otherwise.
func gen5Reference(t *testing.T) (python, dir string) {
	dir = os.Getenv("GEN5_REFERENCE")
	if dir == "" {
		t.Skip("GEN5_REFERENCE is not set: set it to a checkout of the Python gen5 reference (0.1.0) to compare info --json with its file_decoder")
	}
	if _, err := os.Stat(filepath.Join(dir, "gen5", "handlers", "file_handler.py")); err != nil {
		t.Skipf("GEN5_REFERENCE=%s holds no gen5/handlers/file_handler.py", dir)
	}
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(py, "-c", "import zstandard, numpy, jsonschema, PIL").Run() == nil {
			return py, dir
		}
	}
	t.Skip("no python3 with zstandard, numpy, jsonschema and PIL (Debian: python3-zstandard python3-numpy python3-jsonschema python3-pil)")
	return "", ""
}

// referenceDecode is what gen5ReferenceScript prints for one file, and
// what info --json prints of the same parts.
type referenceDecode struct {
	Error    string         `json:"error"`
	Header   map[string]any `json:"header"`
	Metadata any            `json:"metadata"`
	Latents  []struct {
		Shape               []int
		DType               string
		SHA256              string
		Min, Max, Mean, Std float64
	} `json:"latents"`
	Image *struct {
		Size   int
		SHA256 string
	} `json:"image"`
	Env any `json:"env"`
}

// info --json says of every fixture what the reference's file_decoder
// returns for it: the same header and metadata, latents of the same shape,
// dtype, elements and statistics, the same image bytes and environment.
// The one file it refuses, a 0.1.0a0 file with a chunk stored without its
// chunk header, is the one kind this package reads and 0.1.0 does not.
func TestInfoJSONMatchesLiveReference(t *testing.T) {
	python, ref := gen5Reference(t)
	paths, err := filepath.Glob(filepath.Join(fixtures.Dir(t), "*.gen5"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	out, err := exec.Command(python, append([]string{"-c", gen5ReferenceScript, ref}, paths...)...).Output()
	if err != nil {
		t.Fatalf("reference: %v", err)
	}
	var results map[string]referenceDecode
	if err := json.Unmarshal(out, &results); err != nil {
		t.Fatal(err)
	}
	refused := 0
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			r := results[path]
			if headerless(t, path) {
				refused++
				if r.Error == "" {
					t.Error("the reference reads a file with a chunk stored without its header")
				}
				return
			}
			if r.Error != "" {
				t.Fatalf("the reference fails: %s", r.Error)
			}
			code, js, stderr := run("info", "--json", path)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var got referenceDecode
			if err := json.Unmarshal([]byte(js), &got); err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				what      string
				got, want any
			}{{"header", got.Header, r.Header}, {"metadata", got.Metadata, r.Metadata}, {"env", got.Env, r.Env}} {
				if g, w := jsonText(c.got), jsonText(c.want); g != w {
					t.Errorf("%s differs:\n got %s\nwant %s", c.what, g, w)
				}
			}
			if len(got.Latents) != len(r.Latents) {
				t.Fatalf("%d latents, the reference %d", len(got.Latents), len(r.Latents))
			}
			for i, g := range got.Latents {
				w := r.Latents[i]
				if fmt.Sprint(g.Shape) != fmt.Sprint(w.Shape) || g.DType != w.DType || g.SHA256 != w.SHA256 {
					t.Errorf("latent %d: %v %s %s, the reference %v %s %s", i, g.Shape, g.DType, g.SHA256, w.Shape, w.DType, w.SHA256)
				}
				for _, s := range [][3]any{{"min", g.Min, w.Min}, {"max", g.Max, w.Max}, {"mean", g.Mean, w.Mean}, {"std", g.Std, w.Std}} {
					if a, b := s[1].(float64), s[2].(float64); math.Abs(a-b) > 1e-9*max(1, math.Abs(b)) {
						t.Errorf("latent %d %s %v, the reference %v", i, s[0], a, b)
					}
				}
			}
			if (got.Image == nil) != (r.Image == nil) || got.Image != nil && *got.Image != *r.Image {
				t.Errorf("image %+v, the reference %+v", got.Image, r.Image)
			}
		})
	}
	if refused == 0 {
		t.Error("no fixture has a chunk stored without its header: the reference's refusal is not tested")
	}
}

// headerless reports whether a file has a chunk stored without its chunk
// header, as 0.1.0a0 stored uncompressed chunks.
func headerless(t *testing.T, path string) bool {
	f, err := codec.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, c := range f.Chunks {
		if c.Headerless() {
			return true
		}
	}
	return false
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
