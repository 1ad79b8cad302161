package codec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"
)

// referenceScript decodes each listed file with the raiiaf reference's own
// file_decoder and writes what it returned: each latent as .npy, the image
// bytes, and the manifest. torch and pynvml, which the reference imports
// for its environment chunk, are stubbed as the fixtures' writer stubbed
// them (a CUDA machine, so NVML is not asked).
const referenceScript = `
import json, os, sys, types, io, contextlib
stub = types.ModuleType("torch")
stub.__version__ = "2.1.0+cu121"
stub.version = types.SimpleNamespace(cuda="12.1")
stub.cuda = types.SimpleNamespace(is_available=lambda: True)
sys.modules["torch"] = stub
sys.modules["pynvml"] = types.ModuleType("pynvml")
sys.path.insert(0, sys.argv[1])
import numpy as np
from raiiaf.handlers.file_handler import raiiafFileHandler
out = sys.argv[2]
results = {}
for name in json.load(open(os.path.join(out, "files.json"))):
    r = {}
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            d = raiiafFileHandler().file_decoder(os.path.join(out, name))
        r["latents"] = []
        for i, a in enumerate(d["chunks"]["latent"]):
            p = os.path.join(out, "%s.latent%d.npy" % (name, i))
            np.save(p, a)
            r["latents"].append(p)
        img = d["chunks"].get("image")
        if img is not None:
            p = os.path.join(out, name + ".image")
            open(p, "wb").write(img)
            r["image"] = p
        r["metadata"] = d["metadata"]
    except Exception as e:
        r["error"] = "%s: %s" % (type(e).__name__, e)
    results[name] = r
json.dump(results, open(os.path.join(out, "results.json"), "w"))
`

// referenceDir is the raiiaf reference's source tree (tag v1.1.0 of
// AnuroopVJ/RAIIAF, the directory holding raiiaf/), from $RAIIAF_REFERENCE,
// with a Python that has its dependencies; the test is skipped otherwise.
func referenceDir(t *testing.T) (python, dir string) {
	dir = os.Getenv("RAIIAF_REFERENCE")
	if dir == "" {
		t.Skip("RAIIAF_REFERENCE is not set: set it to a checkout of the raiiaf reference (v1.1.0) to check that it reads the files written here")
	}
	if _, err := os.Stat(filepath.Join(dir, "raiiaf", "handlers", "file_handler.py")); err != nil {
		t.Skipf("RAIIAF_REFERENCE=%s holds no raiiaf/handlers/file_handler.py", dir)
	}
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(py, "-c", "import zfpy, zstandard, numpy, jsonschema, PIL").Run() == nil {
			return py, dir
		}
	}
	t.Skip("no python3 with zfpy, zstandard, numpy, jsonschema and PIL (Debian: python3-zfpy python3-zstandard python3-numpy python3-jsonschema python3-pil)")
	return "", ""
}

// The raiiaf reference reads every file written here, compressed or not,
// with every latent dtype and shape of the fixtures (and of the .gen5
// fixtures converted), to the same tensors, image bytes and manifest.
func TestRaiiafReferenceReadsOurFiles(t *testing.T) {
	python, ref := referenceDir(t)
	out := t.TempDir()
	type written struct {
		src  *Reader
		file *Reader
	}
	files := map[string]written{}
	add := func(name string, src *Reader, c Contents) {
		var buf bytes.Buffer
		if err := Write(&buf, c); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(out, name), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		rd, err := ReadBytes(buf.Bytes())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		files[name] = written{src, rd}
	}
	var srcs []string
	rdir, rnames := raiiafFixtures(t)
	for _, n := range rnames {
		srcs = append(srcs, filepath.Join(rdir, n+".raiiaf"))
	}
	gdir, gnames := fixtureNames(t)
	for _, n := range gnames {
		srcs = append(srcs, filepath.Join(gdir, n+".gen5"))
	}
	for _, src := range srcs {
		rd, err := LoadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		c, _, err := rd.ConvertContents(Raiiaf)
		if err != nil {
			t.Fatal(err)
		}
		base := filepath.Base(src)
		for _, v := range []struct {
			suffix   string
			compress bool
			policy   ZFPPolicy
		}{{"raw", false, ZFPIfSmaller}, {"smallest", true, ZFPIfSmaller}, {"zfp", true, ZFPAlways}} {
			c.Compress, c.ZFP = v.compress, v.policy
			if v.policy == ZFPAlways {
				hasF16 := false
				for _, l := range c.Latents {
					hasF16 = hasF16 || l.Tensor.DType == Float16
				}
				if hasF16 {
					continue // zfp cannot hold float16
				}
			}
			add(fmt.Sprintf("%s.%s.raiiaf", base, v.suffix), rd, c)
		}
	}
	var names []string
	for n := range files {
		names = append(names, n)
	}
	js, _ := json.Marshal(names)
	os.WriteFile(filepath.Join(out, "files.json"), js, 0o644)
	cmd := exec.Command(python, "-c", referenceScript, ref, out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("reference: %v\n%s", err, msg)
	}
	var results map[string]struct {
		Error    string   `json:"error"`
		Latents  []string `json:"latents"`
		Image    string   `json:"image"`
		Metadata any      `json:"metadata"`
	}
	js, err := os.ReadFile(filepath.Join(out, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(js, &results); err != nil {
		t.Fatal(err)
	}
	zfpStreams := 0
	for _, name := range names {
		w, r := files[name], results[name]
		if r.Error != "" {
			t.Errorf("%s: the reference fails: %s", name, r.Error)
			continue
		}
		lats := w.src.Latents()
		if len(r.Latents) != len(lats) {
			t.Errorf("%s: the reference reads %d latents, want %d", name, len(r.Latents), len(lats))
			continue
		}
		for i, c := range lats {
			want, err := c.Latent()
			if err != nil {
				t.Fatal(err)
			}
			npy, err := os.ReadFile(r.Latents[i])
			if err != nil {
				t.Fatal(err)
			}
			got, _, err := ReadNPY(bytes.NewReader(npy), int64(len(npy)))
			if err != nil {
				t.Fatalf("%s: %v", r.Latents[i], err)
			}
			if got.DType != want.DType || !reflect.DeepEqual(got.Shape, want.Shape) || !bytes.Equal(got.Raw, want.Raw) {
				t.Errorf("%s latent %d: the reference reads %v %s, want %v %s (bytes equal %v)", name, i, got.Shape, got.DType, want.Shape, want.DType, bytes.Equal(got.Raw, want.Raw))
			}
			if w.file.Latents()[i].zfp != nil {
				zfpStreams++
			}
		}
		if img := w.src.Image(); img != nil {
			want, _ := img.Payload()
			got, err := os.ReadFile(r.Image)
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("%s: the reference reads other image bytes (%v)", name, err)
			}
		} else if r.Image != "" {
			t.Errorf("%s: the reference finds an image", name)
		}
		if !reflect.DeepEqual(plainJSON(t, w.file.Manifest.Root()), r.Metadata) {
			t.Errorf("%s: the reference reads another manifest", name)
		}
	}
	if zfpStreams < 20 {
		t.Errorf("only %d zfp streams among the files", zfpStreams)
	}
	t.Logf("the reference read %d files back, %d zfp streams among their latents", len(names), zfpStreams)
}
