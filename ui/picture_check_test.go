package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/internal/bigcase"
)

// pictureFile writes an uncompressed .gen5 file whose DATA payload is a
// PNG followed by trailer (bytes the PNG decoder never reads), and
// returns its path and the file offset of the payload's first byte.
func pictureFile(t *testing.T, trailer []byte) (string, int64) {
	t.Helper()
	pic := append(bigcase.PNG(64, 48), trailer...)
	path := filepath.Join(t.TempDir(), "picture.gen5")
	c := codec.Contents{Manifest: codec.NewManifest(), Latents: []codec.NewLatent{{Key: "initial_noise", Tensor: bigcase.Latent(1, 4, 6, 8)}}, Image: pic}
	if err := codec.WriteNewFile(path, c); err != nil {
		t.Fatal(err)
	}
	f, err := codec.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return path, f.Image().Offset + 12 // past the chunk header
}

// flip inverts the byte at off of the file at path.
func flip(t *testing.T, path string, off int64) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data[off] ^= 0xff
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// The picture's chunk is checked after the rest of the file shows: its row
// says so meanwhile, and gets its verdict with the picture.
func TestPictureCheckedAfterLoad(t *testing.T) {
	path, _ := pictureFile(t, nil)
	d, err := load(path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.close()
	row := func() *metaNode {
		b := newTreeBuilder(d)
		for _, n := range b.nodes {
			if n.path == "chunks › 1" {
				return n
			}
		}
		t.Fatal("no DATA row")
		return nil
	}
	if n := row(); !d.image.pending || n.value != "DATA · checking SHA-256…" || n.status != statusNone {
		t.Errorf("before the picture's check: pending %v, row %q (status %d)", d.image.pending, n.value, n.status)
	}
	d.pictureChecked(checkPicture(d.image.chunk))
	if n := row(); d.image.pending || d.image.img == nil || n.value != "DATA · SHA-256 ✓" || n.status != statusOK {
		t.Errorf("after it: pending %v, picture %v, row %q (status %d)", d.image.pending, d.image.img != nil, n.value, n.status)
	}
	if len(d.problems) != 0 {
		t.Errorf("problems %q", d.problems)
	}
}

// A picture whose stored bytes were altered where the decoder does not
// look still shows, and the window says the chunk is damaged.
func TestDamagedPictureStillShownAndFlagged(t *testing.T) {
	path, payload := pictureFile(t, bytes.Repeat([]byte{0}, 8))
	size := int64(len(bigcase.PNG(64, 48)))
	flip(t, path, payload+size+3) // in the trailer
	v := newTestViewer(t)
	openAndWait(t, v, path)
	expectDamagedPicture(t, v)
	if v.images.pane.Picture() == nil {
		t.Error("the picture, which still decodes, is not shown")
	}
}

// A picture damaged where the decoder reads cannot be shown: the pane says
// why and the window says the chunk is damaged.
func TestDamagedPictureNotDecoded(t *testing.T) {
	path, payload := pictureFile(t, nil)
	flip(t, path, payload+100) // in the pixels
	v := newTestViewer(t)
	openAndWait(t, v, path)
	expectDamagedPicture(t, v)
	if v.images.pane.Picture() != nil || !strings.Contains(v.images.pane.Message(), "cannot be shown") {
		t.Errorf("pane says %q", v.images.pane.Message())
	}
}

func expectDamagedPicture(t *testing.T, v *viewer) {
	t.Helper()
	if msg := v.banner.message(); !strings.Contains(msg, "chunk 1 (DATA): SHA-256 mismatch") {
		t.Errorf("banner %q does not name the picture's chunk", msg)
	}
	if n := v.tree.nodes[v.tree.find("chunks", "1")]; n == nil || n.status != statusBad || !strings.Contains(n.value, "mismatch") {
		t.Errorf("chunk 1 row %+v not marked bad", n)
	}
	if n := v.tree.nodes[v.tree.find("chunks", "0")]; n == nil || n.status != statusOK {
		t.Errorf("chunk 0 row %+v not marked good", n)
	}
	if v.images.pane.Busy() {
		t.Error("the progress bar is still shown")
	}
}

// The picture's check and decode start once the noise heatmap is drawn,
// not to compete with it for the processor, and still check and show the
// picture. The noise takes longer to summarise and draw than the small
// picture to decode, so a picture not held back would start first.
func TestPictureCheckedAfterHeatmap(t *testing.T) {
	path := smallPictureFile(t, bigcase.Latent(1, 16, 256, 256))
	defer func(d time.Duration) { heatmapWait = d }(heatmapWait)
	heatmapWait = time.Hour // the order, not the fallback, is under test
	v := newTestViewer(t)
	var started, drawnBefore bool
	v.images.check = func(c *codec.Chunk) (codec.ChunkCheck, bool, int) {
		onUI(func() { started, drawnBefore = true, v.noise.view.Image() != nil })
		return checkPicture(c)
	}
	openAndWait(t, v, path)
	if !started || !drawnBefore {
		t.Errorf("picture checked %v, with the heatmap drawn before %v", started, drawnBefore)
	}
	expectPictureChecked(t, v)
}

// A file with no noise to draw, or a panel that draws none, does not hold
// the picture up.
func TestPictureCheckedWithoutHeatmap(t *testing.T) {
	for _, tc := range []struct {
		name      string
		latent    *codec.Tensor
		collapsed bool
	}{{"no latent", nil, false}, {"collapsed", bigcase.Latent(1, 4, 6, 8), true}} {
		t.Run(tc.name, func(t *testing.T) {
			path := smallPictureFile(t, tc.latent)
			v := newTestViewer(t)
			onUI(func() { v.noise.setCollapsed(tc.collapsed) })
			openAndWait(t, v, path)
			expectPictureChecked(t, v)
		})
	}
}

// smallPictureFile writes a file with a 64×48 PNG and latent, if not nil.
func smallPictureFile(t *testing.T, latent *codec.Tensor) string {
	t.Helper()
	c := codec.Contents{Manifest: codec.NewManifest(), Image: bigcase.PNG(64, 48)}
	if latent != nil {
		c.Latents = []codec.NewLatent{{Key: "initial_noise", Tensor: latent}}
	}
	path := filepath.Join(t.TempDir(), "picture.gen5")
	if err := codec.WriteNewFile(path, c); err != nil {
		t.Fatal(err)
	}
	return path
}

// expectPictureChecked fails unless v shows the picture of its document
// and the picture's chunk row says it matched its SHA-256.
func expectPictureChecked(t *testing.T, v *viewer) {
	t.Helper()
	data := strconv.Itoa(v.doc.image.chunk.Index)
	if n := v.tree.nodes[v.tree.find("chunks", data)]; v.images.pane.Picture() == nil || n == nil || n.status != statusOK {
		t.Errorf("picture shown %v, chunk %s row %+v", v.images.pane.Picture() != nil, data, n)
	}
}
