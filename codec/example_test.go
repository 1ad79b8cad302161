package codec_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/gen5viewer/gen5view/codec"
)

// testdata/example.gen5 was written by this package's Write: a 64×64 PNG,
// one 1×4×8×8 float32 latent and the manifest the examples print.

func ExampleOpenFile() {
	f, err := codec.OpenFile("testdata/example.gen5")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	mi, err := f.Manifest.ModelInfo()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s, seed %d: %s\n", mi.ModelName, mi.GenerationSettings.Seed, mi.Prompt)
	for _, c := range f.Chunks {
		fmt.Println(c.Index, c.Type, c.UncompressedSize, "bytes")
	}
	// Output:
	// SD 1.5, seed 42: a lighthouse at dusk
	// 0 LATN 1024 bytes
	// 1 DATA 157 bytes
}

func ExampleChunk_Latent() {
	f, err := codec.OpenFile("testdata/example.gen5")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	// LatentVerified checks the payload's SHA-256 against its record too.
	l, err := f.Latents()[0].LatentVerified()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(l.Key, codec.ShapeString(l.Shape), l.DType)
	fmt.Println(l.Float32()[:4])
	// Output:
	// initial_noise 1×4×8×8 float32
	// [0 0.723 1.349 1.791]
}

func ExampleEdit() {
	f, err := codec.OpenFile("testdata/example.gen5")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	e := codec.NewEdit(f.Manifest)
	// Tag edits are made to run over many files: a tag already there is
	// left alone and reported, not an error.
	present, err := e.AddTags("sea", "dusk")
	if err != nil {
		log.Fatal(err)
	}
	e.RemoveTags("lighthouse")
	// Text is read as the schema types the field; a bad value is refused.
	if err := e.SetText(codec.SettingField("steps"), "0"); err != nil {
		fmt.Println("steps:", err)
	}
	if err := e.SetText(codec.SettingField("steps"), "30"); err != nil {
		log.Fatal(err)
	}
	steps, _ := e.Manifest().Setting("steps")
	fmt.Println(e.Manifest().Tags(), "already there:", present)
	fmt.Println("steps", steps, "changed:", e.Changed())
	// Output:
	// steps: must be a whole number, at least 1
	// [dusk sea] already there: [dusk]
	// steps 30 changed: true
}

func ExampleFile_Save() {
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	f, err := codec.OpenFile("testdata/example.gen5")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	e := codec.NewEdit(f.Manifest)
	e.Manifest().SetPrompt("a lighthouse in a storm")
	// Save validates the manifest, copies every chunk's stored bytes
	// unchanged, and writes a temporary file that it renames over dst;
	// dst may be the file's own path.
	dst := filepath.Join(dir, "storm.gen5")
	if err := f.Save(dst, e.Manifest()); err != nil {
		log.Fatal(err)
	}
	g, err := codec.OpenFile(dst)
	if err != nil {
		log.Fatal(err)
	}
	defer g.Close()
	fmt.Println(g.Manifest.Prompt())
	fmt.Println(len(g.Verify()), "problems")
	// Output:
	// a lighthouse in a storm
	// 0 problems
}

func ExampleWrite() {
	png, err := os.ReadFile("testdata/tiny.png")
	if err != nil {
		log.Fatal(err)
	}
	noise, err := codec.TensorFromFloat32([]int{1, 4, 2, 2}, make([]float32, 16), codec.Float16)
	if err != nil {
		log.Fatal(err)
	}
	m := codec.NewManifest()
	m.SetModelInfo("model_name", "SD 1.5")
	m.SetPrompt("a grey square")
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	dst := filepath.Join(dir, "square.gen5")
	err = codec.WriteNewFile(dst, codec.Contents{
		Manifest: m,
		Latents:  []codec.NewLatent{{Key: "initial_noise", Tensor: noise}},
		Image:    png,
		Compress: true,
	})
	if err != nil {
		log.Fatal(err)
	}
	f, err := codec.OpenFile(dst)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	fmt.Println(f.Manifest.Prompt(), len(f.Chunks), "chunks")
	// Output:
	// a grey square 2 chunks
}
