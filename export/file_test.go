package export

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
	"path/filepath"
	"testing"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/randn"
)

// pngWithText encodes a 2×2 picture and inserts a tEXt chunk per pair,
// as ComfyUI's SaveImage writes "prompt" and "workflow".
func pngWithText(t *testing.T, text map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	const afterIHDR = 8 + 4 + 4 + 13 + 4
	var chunks []byte
	for k, v := range text {
		data := append([]byte(k+"\x00"), v...)
		c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
		c = append(c, "tEXt"...)
		c = append(c, data...)
		c = binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
		chunks = append(chunks, c...)
	}
	return append(append(append([]byte{}, b[:afterIHDR]...), chunks...), b[afterIHDR:]...)
}

func writeFile(t *testing.T, seed uint64, noise []float32, img []byte) *codec.File {
	t.Helper()
	tn, err := codec.TensorFromFloat32([]int{1, 4, 8, 8}, noise, codec.Float32)
	if err != nil {
		t.Fatal(err)
	}
	m := codec.NewManifest()
	m.SetPrompt("a cat")
	for k, v := range map[string]any{"seed": seed, "steps": 20, "sampler": "euler"} {
		if err := m.SetSetting(k, v); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "x.gen5")
	if err := codec.WriteNewFile(path, codec.Contents{Manifest: m, Image: img,
		Latents: []codec.NewLatent{{Key: NoiseKey, Tensor: tn}}}); err != nil {
		t.Fatal(err)
	}
	f, err := codec.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestComfyLatentMetadata(t *testing.T) {
	noise, _ := randn.CPU(5, []int{1, 4, 8, 8})

	// A picture ComfyUI made: its own prompt and workflow are kept.
	graph, wf := `{"3":{"class_type":"KSampler","inputs":{"seed":5}}}`, `{"nodes":[]}`
	meta := ComfyLatentMetadata(writeFile(t, 5, noise, pngWithText(t, map[string]string{"prompt": graph, "workflow": wf})))
	if meta["prompt"] != graph || meta["workflow"] != wf {
		t.Errorf("from the picture: %v", meta)
	}

	// No ComfyUI text, but the seed reproduces the noise: the workflow
	// that draws it again, on one line.
	meta = ComfyLatentMetadata(writeFile(t, 5, noise, pngWithText(t, map[string]string{"parameters": "x"})))
	if p := meta["prompt"]; !bytes.HasPrefix([]byte(p), []byte(`{"3":{"class_type":"KSampler"`)) || bytes.ContainsRune([]byte(p), '\n') {
		t.Errorf("generated: %v", meta)
	}
	if _, ok := meta["workflow"]; ok {
		t.Errorf("a workflow was made up: %v", meta)
	}

	// Neither: no metadata.
	if meta := ComfyLatentMetadata(writeFile(t, 6, noise, nil)); meta != nil {
		t.Errorf("seed 6 for seed 5's noise: %v", meta)
	}
}
