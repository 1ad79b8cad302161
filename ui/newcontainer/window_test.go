package newcontainer

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/compose"
	"github.com/gen5viewer/gen5view/internal/uitest"
	"github.com/gen5viewer/gen5view/randn"
	"github.com/gen5viewer/gen5view/ui/widgets"
)

// ncParams is the A1111 "parameters" text of the test picture.
const ncParams = "a lighthouse at dusk, volumetric light\n" +
	"Negative prompt: blurry, lowres\n" +
	"Steps: 28, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 7, Seed: 1234567, Size: 64x64, " +
	"Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Version: v1.10.1"

// a1111PNG encodes a w×h gradient with a tEXt "parameters" chunk right
// after IHDR, where PIL puts A1111's (none when params is "").
func a1111PNG(t *testing.T, w, h int, params string) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.NRGBA{uint8(4 * x), uint8(4 * y), 128, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	if params == "" {
		return data
	}
	const afterIHDR = 8 + 8 + 13 + 4
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len("parameters")+1+len(params)))
	chunk = append(chunk, "tEXt"...)
	chunk = append(chunk, "parameters"...)
	chunk = append(chunk, 0)
	chunk = append(chunk, params...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	out := append([]byte{}, data[:afterIHDR]...)
	out = append(out, chunk...)
	return append(out, data[afterIHDR:]...)
}

func writeTestFile(t *testing.T, path string, data []byte) string {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// testNoise is a 1×4×8×8 float32 tensor with values no generator makes,
// and its .npy file.
func testNoise(t *testing.T, dir string) (*codec.Tensor, string) {
	t.Helper()
	vals := make([]float32, 4*8*8)
	for i := range vals {
		vals[i] = float32(math.Sin(float64(i)*0.7)) * 1.5
	}
	tensor, err := codec.TensorFromFloat32([]int{1, 4, 8, 8}, vals, codec.Float32)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := codec.WriteNPY(&buf, tensor); err != nil {
		t.Fatal(err)
	}
	return tensor, writeTestFile(t, filepath.Join(dir, "noise.npy"), buf.Bytes())
}

// fakeViewer stands in for the viewer window that opens the New container
// window: it records what it is asked to open.
type fakeViewer struct {
	app fyne.App
	win fyne.Window
	// opened are the containers Open was asked to show, dropped the
	// files OpenContainers was handed.
	opened, dropped []string
}

func newFakeViewer(t *testing.T) *fakeViewer {
	t.Helper()
	a := test.NewTempApp(t)
	v := &fakeViewer{app: a, win: a.NewWindow("viewer")}
	v.win.Resize(fyne.NewSize(1280, 800))
	t.Cleanup(v.win.Close)
	return v
}

func (v *fakeViewer) App() fyne.App       { return v.app }
func (v *fakeViewer) Window() fyne.Window { return v.win }

func (v *fakeViewer) Open(path string) fyne.Window {
	v.opened = append(v.opened, path)
	return v.win
}

func (v *fakeViewer) OpenContainers(paths []string) { v.dropped = append(v.dropped, paths...) }

func (v *fakeViewer) AskPath(w fyne.Window, p widgets.PathDialog) { widgets.AskPath(w, p) }

// RunOnUI takes its turn with the test (see uitest).
func (v *fakeViewer) RunOnUI(f func()) { uitest.RunOnUI(f) }

// onUI runs f as the UI goroutine would, taking its turn with the
// updates background work hands over through RunOnUI.
func onUI(f func()) { uitest.OnUI(f) }

// dropOnViewer hands paths to the New container window as the viewer does
// with files dropped on it, and returns the window that opened, once it
// has read and checked them.
func dropOnViewer(t *testing.T, v *fakeViewer, paths ...string) *Window {
	t.Helper()
	var nc *Window
	onUI(func() { nc = Show(v, nil, paths) })
	if nc == nil {
		t.Fatalf("dropping %v opened no New container view", paths)
	}
	onUI(func() { nc.checkDelay = 0 })
	nc.Wait()
	t.Cleanup(func() {
		nc.Wait()
		onUI(func() {
			if !nc.closed {
				nc.win.Close()
			}
		})
	})
	return nc
}

// checkLines returns the text of the checks listed.
func checkLines(nc *Window) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(nc.checks.list)
	return out
}

func anyContains(lines []string, part string) bool {
	return slices.ContainsFunc(lines, func(l string) bool { return strings.Contains(l, part) })
}

// openCreated opens the container written at path and returns it.
func openCreated(t *testing.T, path string) *codec.File {
	t.Helper()
	f, err := codec.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func firstLatent(t *testing.T, f *codec.File) *codec.Latent {
	t.Helper()
	lats := f.Latents()
	if len(lats) == 0 {
		t.Fatal("no latent written")
	}
	l, err := lats[0].Latent()
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestNewContainerDropPrefillCreate(t *testing.T) {
	v := newFakeViewer(t)
	dir := t.TempDir()
	pngData := a1111PNG(t, 64, 64, ncParams)
	pic := writeTestFile(t, filepath.Join(dir, "lighthouse.png"), pngData)
	tensor, npy := testNoise(t, dir)

	nc := dropOnViewer(t, v, pic, npy)
	if got := nc.win.Title(); got != title {
		t.Errorf("title %q", got)
	}
	f := nc.form
	if got := f.prompt.entry.Text; got != "a lighthouse at dusk, volumetric light" {
		t.Errorf("prompt %q", got)
	}
	if f.seed.entry.Text != "1234567" || f.steps.entry.Text != "28" || f.sampler.entry.Text != "DPM++ 2M" ||
		f.cfg.entry.Text != "7" || f.model.entry.Text != "v1-5-pruned-emaonly" || f.negative.entry.Text != "blurry, lowres" {
		t.Errorf("settings: seed %q steps %q sampler %q cfg %q model %q negative %q", f.seed.entry.Text, f.steps.entry.Text,
			f.sampler.entry.Text, f.cfg.entry.Text, f.model.entry.Text, f.negative.entry.Text)
	}
	if !f.prompt.hint.Visible() || !f.seed.hint.Visible() || f.version.hint.Visible() || f.eta.hint.Visible() {
		t.Error(`"from picture" should mark the prompt and seed, and not the version or eta`)
	}
	if got := f.source.Text; got != "Read A1111 parameters from lighthouse.png." {
		t.Errorf("source line %q", got)
	}
	if name, info := nc.noise.fileName.Text, nc.noise.info.Text; name != "noise.npy" || info != "1×4×8×8 · float32" {
		t.Errorf("noise %q: %q", name, info)
	}
	if nc.noise.view.Image() == nil || len(nc.noise.view.Grid().Tiles) != 4 {
		t.Error("the noise heatmap does not show the 4 channels")
	}
	if nc.picture.view.Picture() == nil {
		t.Error("no picture preview")
	}
	if nc.checks.create.Disabled() {
		t.Fatalf("Create disabled: %q; checks %q", nc.checks.reason.Text, checkLines(nc))
	}

	onUI(func() {
		test.Type(f.tags.Entry(), "harbour,")
		f.prompt.entry.SetText("a lighthouse in fog")
	})
	nc.Wait()
	if f.prompt.hint.Visible() {
		t.Error(`the typed prompt is still marked "from picture"`)
	}
	out := filepath.Join(dir, "out.gen5")
	onUI(func() { nc.create(out, false) })
	nc.Wait()
	if !nc.closed {
		t.Error("the New container view stayed open after creating")
	}
	if !slices.Equal(v.opened, []string{out}) {
		t.Fatalf("the viewer was asked to show %q, want %s", v.opened, out)
	}

	file := openCreated(t, out)
	lat := firstLatent(t, file)
	if lat.DType != codec.Float32 || !slices.Equal(lat.Shape, tensor.Shape) || !bytes.Equal(lat.Raw, tensor.Raw) {
		t.Errorf("latent %s %v differs from the noise file's", lat.DType, lat.Shape)
	}
	img, err := file.Image().Payload()
	if err != nil || !bytes.Equal(img, pngData) {
		t.Errorf("stored image differs from the picture (%v)", err)
	}
	m := file.Manifest
	if got := m.Prompt(); got != "a lighthouse in fog" {
		t.Errorf("stored prompt %q", got)
	}
	if got := m.Tags(); !slices.Equal(got, []string{"harbour"}) {
		t.Errorf("stored tags %q", got)
	}
	mi, err := m.ModelInfo()
	if err != nil {
		t.Fatal(err)
	}
	if gs := mi.GenerationSettings; gs.Seed != 1234567 || !gs.HasSeed {
		t.Errorf("stored seed %d (%v)", gs.Seed, gs.HasSeed)
	}
	if neg, _ := m.ModelInfoObject().Get("negative_prompt"); neg != "blurry, lowres" {
		t.Errorf("stored negative prompt %v", neg)
	}
}

func TestNewContainerGenerateFromSeed(t *testing.T) {
	v := newFakeViewer(t)
	dir := t.TempDir()
	pic := writeTestFile(t, filepath.Join(dir, "lighthouse.png"), a1111PNG(t, 64, 64, ncParams))
	nc := dropOnViewer(t, v, pic)
	if !nc.checks.create.Disabled() || !anyContains(checkLines(nc), "No noise yet") || nc.checks.reason.Text != "Add the noise to create a container" {
		t.Errorf("without noise: disabled %v, reason %q", nc.checks.create.Disabled(), nc.checks.reason.Text)
	}

	n := nc.noise
	onUI(func() { n.mode.SetSelected(noiseFromSeed) })
	nc.Wait()
	if n.seed.Text != "1234567" || n.shape.Text != "1,4,8,8" {
		t.Errorf("generator seed %q shape %q, want the picture's seed and 1,4,8,8", n.seed.Text, n.shape.Text)
	}
	shape := []int{1, 4, 8, 8}
	want, err := randn.CPU(1234567, shape)
	if err != nil {
		t.Fatal(err)
	}
	if n.gen == nil || !slices.Equal(n.gen.Float32(), want) {
		t.Fatal("the generated noise is not randn.CPU(1234567, 1×4×8×8)")
	}
	if n.view.Image() == nil {
		t.Error("no heatmap of the generated noise")
	}

	onUI(func() { n.generator.SetSelected(generatorCUDA) })
	nc.Wait()
	wantCUDA, err := randn.CUDA(1234567, shape)
	if err != nil {
		t.Fatal(err)
	}
	if n.gen == nil || !slices.Equal(n.gen.Float32(), wantCUDA) {
		t.Error("CUDA does not give randn.CUDA's noise")
	}
	onUI(func() { n.generator.SetSelected(generatorCPU) })
	nc.Wait()

	// A seed typed for the noise is the settings' seed too.
	onUI(func() { n.seed.SetText("42") })
	nc.Wait()
	if nc.form.seed.entry.Text != "42" || !nc.form.seed.typed {
		t.Errorf("settings seed %q (typed %v)", nc.form.seed.entry.Text, nc.form.seed.typed)
	}
	if nc.checks.create.Disabled() {
		t.Fatalf("Create disabled: %q", nc.checks.reason.Text)
	}
	out := filepath.Join(dir, "seeded.gen5")
	onUI(func() { nc.create(out, false) })
	nc.Wait()

	file := openCreated(t, out)
	lat := firstLatent(t, file)
	want42, _ := randn.CPU(42, shape)
	got := lat.Float32()
	if lat.DType != codec.Float32 || len(got) != len(want42) {
		t.Fatalf("latent %s %v", lat.DType, lat.Shape)
	}
	for i := range got {
		if math.Float32bits(got[i]) != math.Float32bits(want42[i]) {
			t.Fatalf("element %d is %v, randn.CPU(42) gives %v", i, got[i], want42[i])
		}
	}
	mi, _ := file.Manifest.ModelInfo()
	if mi.GenerationSettings.Seed != 42 {
		t.Errorf("stored seed %d, want 42", mi.GenerationSettings.Seed)
	}
}

func TestNewContainerInvalidNoise(t *testing.T) {
	v := newFakeViewer(t)
	dir := t.TempDir()
	pic := writeTestFile(t, filepath.Join(dir, "lighthouse.png"), a1111PNG(t, 64, 64, ncParams))
	bad := writeTestFile(t, filepath.Join(dir, "broken.npy"), []byte("this is not numpy"))
	nc := dropOnViewer(t, v, pic, bad)

	if !nc.checks.create.Disabled() {
		t.Fatal("Create is enabled with a broken noise file")
	}
	if r := nc.checks.reason.Text; r != "Fix the problem above to create the container" {
		t.Errorf("reason %q", r)
	}
	if !anyContains(checkLines(nc), "broken.npy") {
		t.Errorf("checks %q do not name the file", checkLines(nc))
	}
	if !strings.Contains(nc.noise.message.Text, "broken.npy") {
		t.Errorf("noise preview says %q", nc.noise.message.Text)
	}

	// A good noise file dropped on the view replaces it.
	_, npy := testNoise(t, dir)
	onUI(func() { nc.drop(sortDropped([]string{npy})) })
	nc.Wait()
	if nc.checks.create.Disabled() {
		t.Fatalf("Create disabled after a good noise file: %q", nc.checks.reason.Text)
	}

	// A setting that is not a value disables it again, naming the field.
	onUI(func() { nc.form.steps.entry.SetText("many") })
	nc.Wait()
	if !nc.checks.create.Disabled() || !anyContains(checkLines(nc), "Steps: must be a whole number") {
		t.Errorf("steps \"many\": disabled %v, checks %q", nc.checks.create.Disabled(), checkLines(nc))
	}
}

func TestNewContainerNewPictureKeepsTypedFields(t *testing.T) {
	v := newFakeViewer(t)
	dir := t.TempDir()
	first := writeTestFile(t, filepath.Join(dir, "first.png"), a1111PNG(t, 64, 64, ncParams))
	other := strings.NewReplacer("a lighthouse at dusk", "a windmill", "Seed: 1234567", "Seed: 99", "Size: 64x64", "Size: 128x96").Replace(ncParams)
	second := writeTestFile(t, filepath.Join(dir, "second.png"), a1111PNG(t, 128, 96, other))

	nc := dropOnViewer(t, v, first)
	onUI(func() {
		nc.form.negative.entry.SetText("typed negative")
		nc.noise.mode.SetSelected(noiseFromSeed)
	})
	nc.Wait()

	var again *Window
	onUI(func() { again = Show(v, nc, []string{second}) })
	if again != nc {
		t.Fatal("a second drop opened another view")
	}
	nc.Wait()
	f := nc.form
	if !strings.HasPrefix(f.prompt.entry.Text, "a windmill") || f.seed.entry.Text != "99" {
		t.Errorf("untouched fields did not follow the new picture: prompt %q seed %q", f.prompt.entry.Text, f.seed.entry.Text)
	}
	if f.negative.entry.Text != "typed negative" {
		t.Errorf("typed negative prompt replaced by %q", f.negative.entry.Text)
	}
	if nc.noise.shape.Text != "1,4,12,16" || nc.noise.seed.Text != "99" {
		t.Errorf("generator shape %q seed %q, want the new picture's", nc.noise.shape.Text, nc.noise.seed.Text)
	}
	if f.source.Text != "Read A1111 parameters from second.png." {
		t.Errorf("source line %q", f.source.Text)
	}

	// The picture without parameters leaves the untyped fields empty.
	plain := writeTestFile(t, filepath.Join(dir, "plain.png"), a1111PNG(t, 64, 64, ""))
	onUI(func() { nc.drop(sortDropped([]string{plain})) })
	nc.Wait()
	if f.prompt.entry.Text != "" || f.seed.entry.Text != "" || f.prompt.hint.Visible() {
		t.Errorf("after a plain picture: prompt %q seed %q", f.prompt.entry.Text, f.seed.entry.Text)
	}
	if f.source.Text != "No generation parameters in plain.png." {
		t.Errorf("source line %q", f.source.Text)
	}
	if !nc.checks.create.Disabled() || !anyContains(checkLines(nc), "needs a seed") {
		t.Errorf("no seed to generate from: disabled %v, checks %q", nc.checks.create.Disabled(), checkLines(nc))
	}
}

// TestNewContainerEmptyAndRefusal: the window opened without files (File ▸
// New from Files…) says what it needs; a file that is neither a picture
// nor noise opens nothing and is refused in the viewer's window; a
// container dropped on the window goes to the viewer.
func TestNewContainerEmptyAndRefusal(t *testing.T) {
	v := newFakeViewer(t)
	var nc *Window
	onUI(func() { nc = Show(v, nil, nil) })
	if nc == nil {
		t.Fatal("New from Files… opened nothing")
	}
	nc.Wait()
	if !nc.checks.create.Disabled() || nc.checks.reason.Text != "Add a picture and the noise to create a container" {
		t.Errorf("empty view: disabled %v, reason %q", nc.checks.create.Disabled(), nc.checks.reason.Text)
	}
	onUI(func() { nc.drop(sortDropped([]string{"/x/other.gen5"})) })
	if !slices.Equal(v.dropped, []string{"/x/other.gen5"}) {
		t.Errorf("a container dropped on the window went to the viewer as %q", v.dropped)
	}
	onUI(nc.win.Close)

	txt := writeTestFile(t, filepath.Join(t.TempDir(), "notes.txt"), []byte("hello"))
	var got *Window
	onUI(func() { got = Show(v, nil, []string{txt}) })
	if got != nil {
		t.Error("a text file opened a New container view")
	}
	if v.Window().Canvas().Overlays().Top() == nil {
		t.Error("a text file is refused without a word")
	}
}

// TestNewContainerFormExplains: seed and steps are marked required where
// they are, with one note saying why in the same words compose uses; the
// model name's hint reads as a hint, not as a value; the noise seed says
// that it is the settings' seed; and the source row is there before a
// picture, so that reading one does not move the form down.
func TestNewContainerFormExplains(t *testing.T) {
	v := newFakeViewer(t)
	var nc *Window
	onUI(func() { nc = Show(v, nil, nil) })
	nc.Wait()
	var labels []string
	for _, o := range test.LaidOutObjects(nc.form.content) {
		if l, ok := o.(*widget.Label); ok && l.Visible() {
			labels = append(labels, l.Text)
		}
	}
	for _, want := range []string{"Seed *", "Steps *", noSourceText} {
		if !slices.Contains(labels, want) {
			t.Errorf("the form has no label %q; it has %q", want, labels)
		}
	}
	if !anyContains(labels, `* Seed and steps are needed`) {
		t.Errorf("no note explains the required marks: %q", labels)
	}
	if ph := nc.form.model.entry.PlaceHolder; ph == "unknown" || !strings.Contains(ph, "left empty") {
		t.Errorf("the model name's hint %q reads like a value", ph)
	}
	found := false
	for _, o := range test.LaidOutObjects(nc.noise.seedRows) {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, "same seed as in Generation settings") {
			found = true
		}
	}
	if !found {
		t.Error("the noise seed does not say it is the settings' seed")
	}
	abs := func() float32 {
		return fyne.CurrentApp().Driver().AbsolutePositionForObject(nc.form.prompt.entry).Y
	}
	before := abs()
	onUI(func() {
		nc.form.prefill(compose.Prefilled{}, errors.New("no parameters"), "cat.png", true)
	})
	nc.form.content.Refresh()
	if after := abs(); after != before {
		t.Errorf("the prompt moved from y=%v to %v when the picture was read", before, after)
	}
}

// TestNewContainerSeveralNoiseFiles: dropping two noise files keeps both,
// as `gen5view create --noise A --noise B` does: the first is the initial
// noise, the second is stored after it.
func TestNewContainerSeveralNoiseFiles(t *testing.T) {
	v := newFakeViewer(t)
	dir := t.TempDir()
	pic := writeTestFile(t, filepath.Join(dir, "lighthouse.png"), a1111PNG(t, 64, 64, ncParams))
	_, npy := testNoise(t, dir)
	second := filepath.Join(dir, "second.npy")
	data, err := os.ReadFile(npy)
	if err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, second, data)

	nc := dropOnViewer(t, v, pic, npy, second)
	if !nc.noise.moreLabel.Visible() || !strings.Contains(nc.noise.moreLabel.Text, "second.npy") {
		t.Fatalf("the second noise file is not listed: %q", nc.noise.moreLabel.Text)
	}
	if nc.checks.create.Disabled() {
		t.Fatalf("Create disabled: %q; checks %q", nc.checks.reason.Text, checkLines(nc))
	}
	out := filepath.Join(dir, "two.gen5")
	onUI(func() { nc.create(out, false) })
	nc.Wait()
	if n := len(openCreated(t, out).Latents()); n != 2 {
		t.Errorf("the container holds %d latents, want 2", n)
	}
}
