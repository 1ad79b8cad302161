package newcontainer

import (
	"errors"
	"fmt"
	"image"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/compose"
	"github.com/gen5viewer/gen5view/heatmap"
	"github.com/gen5viewer/gen5view/prefill"
	"github.com/gen5viewer/gen5view/randn"
	"github.com/gen5viewer/gen5view/ui/widgets"
)

// Where the initial noise comes from.
const (
	noiseFromFile = "Noise file"
	noiseFromSeed = "Generate from seed"
)

// The generators "Generate from seed" emulates.
const (
	generatorCPU  = "CPU"
	generatorCUDA = "CUDA"
)

// maxGenerated bounds the noise "Generate from seed" makes, in elements:
// 64 Mi float32 values are far beyond any latent (Flux's 1024×1024 is
// 1 Mi), and a shape typed with a digit too many should be refused rather
// than fill the memory.
const maxGenerated = 1 << 26

// noiseExtensions are the noise file formats compose reads.
var noiseExtensions = []string{".npy", ".safetensors"}

// noisePane is the New container view's noise: a file read from disk, or
// noise generated from the seed the way torch.randn makes it, shown as a
// heatmap of every channel with its shape and element type.
type noisePane struct {
	nc *Window

	mode    *widget.RadioGroup
	fileRow *fyne.Container
	// more are further noise files stored after the initial noise, as
	// `gen5view create` stores every --noise after the first.
	more      []string
	moreLabel *widget.Label
	fileName  *widget.Label
	tensorSel *widget.Select
	tensorBox *fyne.Container
	seedRows  *fyne.Container
	seed      *formEntry
	generator *widget.Select
	shape     *formEntry
	genNote   *widget.Label
	f16       *widget.Check

	view     *widgets.HeatmapView
	colorbar *widgets.Colorbar
	info     *widget.Label
	hover    *widget.Label
	message  *widget.Label
	heat     *fyne.Container
	content  fyne.CanvasObject

	// The file, in noiseFromFile mode.
	path       string
	tensorName string   // the tensor chosen in a .safetensors file
	names      []string // the tensors of a .safetensors file holding several
	file       *codec.Tensor
	fileErr    error
	reading    bool
	fileSeq    int

	// The noise made from the seed, in noiseFromSeed mode.
	gen        *codec.Tensor
	genName    string // names gen in compose's messages
	genKey     string // the seed, generator and shape gen was made for
	genErr     error  // why the seed, shape or generator gave no noise
	generating bool
	genSeq     int
	shapeTyped bool   // the shape was typed, so a new picture keeps it
	shapeHint  string // where the suggested shape comes from

	shown   heatmap.Tensor // what the heatmap shows, for the read-out
	loading bool           // set while the inputs are filled in by program
}

func newNoisePane(nc *Window) *noisePane {
	n := &noisePane{nc: nc}
	n.mode = widget.NewRadioGroup([]string{noiseFromFile, noiseFromSeed}, func(string) { n.modeChanged() })
	n.mode.Horizontal = true
	n.mode.Required = true
	n.mode.Selected = noiseFromFile

	n.fileName = widget.NewLabel("")
	n.fileName.Truncation = fyne.TextTruncateEllipsis
	choose := widget.NewButtonWithIcon("Choose Noise File…", theme.FolderOpenIcon(), func() {
		widgets.ChooseFile(nc.win, noiseExtensions, n.path, nc.setNoiseFile)
	})
	n.tensorSel = widget.NewSelect(nil, func(name string) {
		if !n.loading && name != n.tensorName {
			n.tensorName = name
			n.readFile()
			nc.inputsChanged()
		}
	})
	n.tensorBox = container.NewHBox(widget.NewLabel("Tensor"), n.tensorSel)
	n.tensorBox.Hide()
	n.fileRow = container.NewBorder(nil, nil, nil, container.NewHBox(n.tensorBox, choose), n.fileName)

	n.seed = newFormEntry(false)
	n.seed.SetPlaceHolder("type one")
	seedShared := widget.NewLabel("The same seed as in Generation settings: typing here changes both.")
	seedShared.Wrapping = fyne.TextWrapWord
	seedShared.SizeName = theme.SizeNameCaptionText
	n.seed.OnChanged = func(s string) {
		if !n.loading {
			nc.form.typeSeed(s) // one seed for the noise and the settings
		}
	}
	n.generator = widget.NewSelect([]string{generatorCPU, generatorCUDA}, func(string) { n.regenerate() })
	n.generator.Selected = generatorCPU
	n.shape = newFormEntry(false)
	n.shape.SetPlaceHolder("1,4,64,64")
	n.shape.OnChanged = func(string) {
		if !n.loading {
			n.shapeTyped = true
			n.regenerate()
		}
	}
	n.genNote = widgets.NewFieldNote()
	// Two short columns, so that the heatmap keeps its room.
	seedForm := container.New(layout.NewFormLayout(), widget.NewLabel("Seed"), n.seed, widget.NewLabel("Shape"), n.shape)
	genForm := container.New(layout.NewFormLayout(), widget.NewLabel("Generator"), n.generator)
	n.seedRows = container.NewVBox(container.NewGridWithColumns(2, seedForm, genForm), seedShared, n.genNote)
	n.seedRows.Hide()

	n.f16 = widget.NewCheck("Store noise as float16 (half the size; rounded to nearest)", func(bool) {
		n.updateInfo()
		nc.inputsChanged()
	})

	n.view = widgets.NewHeatmapView(&nc.wg)
	n.view.RunOnUI = nc.v.RunOnUI
	n.view.OnHover = n.showHover
	n.colorbar = widgets.NewColorbar()
	n.info = widget.NewLabel("")
	n.info.Truncation = fyne.TextTruncateEllipsis
	n.hover = widget.NewLabel("")
	n.hover.Importance = widget.LowImportance
	n.message = widget.NewLabel("")
	n.message.Wrapping = fyne.TextWrapWord
	n.message.Alignment = fyne.TextAlignCenter
	n.heat = widgets.HeatmapWithColorbar(n.view, n.colorbar)

	bg := container.NewStack(n.heat, container.NewVBox(layout.NewSpacer(), n.message, layout.NewSpacer()))
	n.moreLabel = widget.NewLabel("")
	n.moreLabel.Wrapping = fyne.TextWrapWord
	n.moreLabel.Hide()
	top := container.NewVBox(
		container.NewBorder(nil, nil, widgets.Heading("Noise"), nil, n.mode),
		n.fileRow, n.seedRows, n.moreLabel,
	)
	bottom := container.NewVBox(container.NewBorder(nil, nil, nil, n.hover, n.info), n.f16)
	n.content = container.NewBorder(top, bottom, nil, nil, bg)
	n.clearPreview("Drop a noise file here (.npy or .safetensors), choose one, or generate the noise from the seed")
	return n
}

// setNoiseFile takes the noise from the file at path, switching to
// noiseFromFile, and reads it in the background for the preview.
func (nc *Window) setNoiseFile(path string) {
	n := nc.noise
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	n.path, n.tensorName, n.names = path, "", nil
	n.setMore(nil)
	n.fileName.SetText(filepath.Base(path))
	n.loading = true
	n.mode.SetSelected(noiseFromFile)
	n.loading = false
	n.modeChanged()
}

// setNoiseFiles takes the first path as the initial noise and the others
// as further latents stored after it.
func (nc *Window) setNoiseFiles(paths []string) {
	nc.setNoiseFile(paths[0])
	var more []string
	for _, p := range paths[1:] {
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		more = append(more, p)
	}
	nc.noise.setMore(more)
	nc.fieldsChanged()
}

// setMore shows the further noise files, or hides the line without any.
func (n *noisePane) setMore(paths []string) {
	n.more = paths
	if len(paths) == 0 {
		n.moreLabel.Hide()
		return
	}
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = filepath.Base(p)
	}
	n.moreLabel.SetText("Also stored, after the initial noise: " + strings.Join(names, ", "))
	n.moreLabel.Show()
}

func (n *noisePane) modeChanged() {
	if n.loading {
		return
	}
	fromSeed := n.mode.Selected == noiseFromSeed
	widgets.SetVisible(n.fileRow, !fromSeed)
	widgets.SetVisible(n.seedRows, fromSeed)
	if fromSeed {
		n.gen, n.genKey = nil, "" // drawn again for the current seed
		n.regenerate()
	} else {
		n.readFile()
	}
	n.nc.inputsChanged()
}

// readNoise is what reading a noise file found.
type readNoise struct {
	t     *codec.Tensor
	err   error
	names []string
	name  string
	ht    heatmap.Tensor
	r     heatmap.Range
}

// readFile reads the noise file for the preview, off the UI goroutine.
// compose reads it again when it checks and writes, from the path, so
// that what is stored is what is on disk then.
func (n *noisePane) readFile() {
	n.fileSeq++
	seq := n.fileSeq
	n.file, n.fileErr = nil, nil
	if n.path == "" {
		n.reading = false
		n.clearPreview("Drop a noise file here (.npy or .safetensors), choose one, or generate the noise from the seed")
		return
	}
	n.reading = true
	n.clearPreview("Reading " + filepath.Base(n.path) + "…")
	path, name := n.path, n.tensorName
	nc := n.nc
	nc.wg.Add(1)
	go func() {
		res := readNoiseFile(path, name)
		nc.v.RunOnUI(func() {
			defer nc.wg.Done()
			if seq != n.fileSeq || nc.closed {
				return
			}
			n.reading = false
			n.file, n.fileErr = res.t, res.err
			n.names, n.tensorName = res.names, res.name
			n.loading = true
			n.tensorSel.SetOptions(res.names)
			n.tensorSel.SetSelected(res.name)
			n.loading = false
			widgets.SetVisible(n.tensorBox, len(res.names) > 1)
			if res.err != nil {
				n.clearPreview(nc.shortPaths(res.err.Error())) // it names the file
			} else {
				n.showPreview(res.ht, res.r)
			}
			nc.inputsChanged()
		})
	}()
}

func readNoiseFile(path, name string) readNoise {
	res := readNoise{name: name, names: safetensorsNames(path)}
	if name == "" && len(res.names) > 1 {
		// The reference names the initial noise so; otherwise the first,
		// with the choice in view.
		res.name = res.names[0]
		if slices.Contains(res.names, compose.InitialNoiseKey) {
			res.name = compose.InitialNoiseKey
		}
	}
	// What codec converts it notes again when compose reads the file, and
	// the checks show it then.
	res.t, _, res.err = codec.ReadNoiseFile(path, res.name)
	if res.err != nil {
		return res
	}
	res.ht, res.r, res.err = previewTensor(res.t)
	if res.err != nil {
		res.err = fmt.Errorf("%s: %v", path, res.err)
	}
	return res
}

// safetensorsNames lists the tensors of a .safetensors file, or nil for
// any other file (or one that cannot be read: ReadNoiseFile says why).
func safetensorsNames(path string) []string {
	if !strings.EqualFold(filepath.Ext(path), ".safetensors") {
		return nil
	}
	f, size, err := codec.OpenRegular(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	names, _ := codec.SafetensorsNames(f, size)
	return names
}

// previewTensor folds t to batch × channel × height × width for the
// heatmap and finds its colour range over the first batch entry.
func previewTensor(t *codec.Tensor) (heatmap.Tensor, heatmap.Range, error) {
	ht, err := heatmap.FromShape(t.Shape, t.Float32())
	if err != nil {
		return heatmap.Tensor{}, heatmap.Range{}, err
	}
	if ht.Batches() == 0 || ht.Channels() == 0 {
		return heatmap.Tensor{}, heatmap.Range{}, fmt.Errorf("shape %s holds no values", codec.ShapeString(t.Shape))
	}
	return ht, heatmap.AutoRange(ht.Batch(0), heatmap.Viridis), nil
}

// setSeedText shows the seed the form holds; the generated noise follows.
func (n *noisePane) setSeedText(s string) {
	if n.seed.Text != s {
		n.loading = true
		n.seed.SetText(s)
		n.loading = false
	}
	n.regenerate()
}

// setPictureSize suggests the shape of the noise for a picture: four
// channels at an eighth of its size, the SD family's latent, or of the
// generation size the picture records when it was upscaled since. A
// shape that was typed stays.
func (n *noisePane) setPictureSize(info codec.ImageInfo, p prefill.Parameters) {
	n.shapeHint = ""
	w, h, what := info.Width, info.Height, "the picture"
	if p.HasSize && p.Width > 0 && p.Height > 0 && (p.Width != w || p.Height != h) {
		w, h, what = p.Width, p.Height, "the generation size the picture records"
	}
	if w < compose.LatentFactor || h < compose.LatentFactor {
		return
	}
	n.shapeHint = fmt.Sprintf("Shape: 4 channels at 1/%d of %s (%d×%d), as SD 1.5 and SDXL; SD3 and Flux use 16.",
		compose.LatentFactor, what, w, h)
	if !n.shapeTyped {
		n.loading = true
		n.shape.SetText(fmt.Sprintf("1,4,%d,%d", h/compose.LatentFactor, w/compose.LatentFactor))
		n.loading = false
	}
	n.regenerate()
}

// parseShape reads a shape typed as "1,4,64,64" (or with × or spaces):
// codec.ParseShape, held to what a latent is (three or four dimensions)
// and to the noise a model could use.
func parseShape(s string) ([]int, error) {
	shape, err := codec.ParseShape(s)
	if err == nil && (len(shape) < 3 || len(shape) > 4) {
		err = errors.New("give 4 whole numbers (batch, channels, height, width), like 1,4,64,64")
	}
	if err != nil {
		return nil, err
	}
	total := 1
	for _, v := range shape {
		if total > maxGenerated/v {
			return nil, fmt.Errorf("%s is more noise than any model uses", codec.ShapeString(shape))
		}
		total *= v
	}
	return shape, nil
}

// regenerate makes the noise for the seed, generator and shape shown,
// in the background, unless it was made already.
func (n *noisePane) regenerate() {
	if n.loading || n.mode.Selected != noiseFromSeed {
		return
	}
	nc := n.nc
	n.genSeq++
	seq := n.genSeq
	seed, seedErr := nc.form.seedValue()
	shape, shapeErr := parseShape(n.shape.Text)
	var problem error
	switch {
	case seedErr != nil:
		problem = fmt.Errorf("Seed %v", seedErr)
	case seed == nil:
		problem = errors.New("Generate from seed needs a seed: type one")
	case shapeErr != nil:
		problem = fmt.Errorf("Shape: %v", shapeErr)
	}
	if problem != nil {
		n.gen, n.genKey, n.genErr, n.generating = nil, "", problem, false
		n.clearPreview(problem.Error())
		n.showGenNote()
		nc.inputsChanged()
		return
	}
	cuda := n.generator.Selected == generatorCUDA
	key := fmt.Sprint(*seed, cuda, shape)
	if key == n.genKey && n.gen != nil {
		return
	}
	n.gen, n.genKey, n.genErr, n.generating = nil, "", nil, true
	n.showGenNote()
	name := fmt.Sprintf("noise from seed %d (%s)", *seed, n.generator.Selected)
	s := *seed
	nc.wg.Add(1)
	go func() {
		t, ht, r, err := generateNoise(s, shape, cuda)
		nc.v.RunOnUI(func() {
			defer nc.wg.Done()
			if seq != n.genSeq || nc.closed {
				return
			}
			n.generating = false
			n.gen, n.genErr, n.genName = t, err, name
			if err != nil {
				n.clearPreview(err.Error())
			} else {
				n.genKey = key
				n.showPreview(ht, r)
			}
			n.showGenNote()
			nc.inputsChanged()
		})
	}()
}

// generateNoise is torch.manual_seed(seed); torch.randn(shape) on the CPU
// or a CUDA device, as a float32 tensor and its preview.
func generateNoise(seed uint64, shape []int, cuda bool) (*codec.Tensor, heatmap.Tensor, heatmap.Range, error) {
	gen := randn.GeneratorCPU
	if cuda {
		gen = randn.GeneratorCUDA
	}
	vals, err := randn.Generate(gen, seed, shape, false)
	if err != nil {
		return nil, heatmap.Tensor{}, heatmap.Range{}, err
	}
	t, err := codec.TensorFromFloat32(shape, vals, codec.Float32)
	if err != nil {
		return nil, heatmap.Tensor{}, heatmap.Range{}, err
	}
	ht, r, err := previewTensor(t)
	return t, ht, r, err
}

// showGenNote explains the generator below its inputs.
func (n *noisePane) showGenNote() {
	text := n.shapeHint
	if n.generator.Selected == generatorCUDA {
		text = strings.TrimSpace(text + " CUDA matches a CUDA generator to within 1e-6; which element comes from which GPU thread may differ on a smaller GPU.")
	} else {
		text = strings.TrimSpace(text + " CPU matches torch.randn on the CPU bit for bit.")
	}
	widgets.SetFieldNote(n.genNote, nil, text)
	n.genNote.Importance = widget.MediumImportance // an explanation to read, not a remark
	n.genNote.Refresh()
}

// clearPreview empties the heatmap and says why.
func (n *noisePane) clearPreview(msg string) {
	n.shown = heatmap.Tensor{}
	n.view.SetRender(nil)
	n.colorbar.Set(heatmap.Viridis, heatmap.Range{})
	n.message.SetText(msg)
	n.message.Show()
	n.heat.Hide()
	n.hover.SetText("")
	n.updateInfo()
}

// showPreview draws every channel of the first batch entry.
func (n *noisePane) showPreview(t heatmap.Tensor, r heatmap.Range) {
	n.shown = t
	n.message.Hide()
	n.heat.Show()
	n.colorbar.Set(heatmap.Viridis, r)
	n.view.SetRender(func(px int) (*image.RGBA, heatmap.GridLayout) { return heatmap.Grid(t, 0, heatmap.Viridis, r, px) })
	widgets.SetHover(n.hover, "Hover to read values", false)
	n.updateInfo()
}

// current returns the tensor of the mode chosen, nil while there is none.
func (n *noisePane) current() *codec.Tensor {
	if n.mode.Selected == noiseFromSeed {
		return n.gen
	}
	return n.file
}

// updateInfo writes the noise's shape and element type as read,
// "1×4×64×64 · float32", and whether storing it rounds it to float16. The
// name is in view above; what codec converted while reading is among the
// checks.
func (n *noisePane) updateInfo() {
	t := n.current()
	if t == nil {
		n.info.SetText("")
		return
	}
	parts := []string{codec.ShapeString(t.Shape), string(t.DType)}
	if n.f16.Checked && t.DType == codec.Float32 {
		parts = append(parts, "stored as float16")
	}
	n.info.SetText(strings.Join(parts, " · "))
}

func (n *noisePane) showHover(c, y, x int, ok bool) {
	if !ok || n.shown.Batches() == 0 {
		widgets.SetHover(n.hover, "Hover to read values", false)
		return
	}
	widgets.SetHover(n.hover, widgets.HoverText(n.shown, 0, c, y, x), true)
}

// problem says what keeps the noise from being used, or "" when it can
// be; pending is true when it is only not there yet.
func (n *noisePane) problem() (msg string, pending bool) {
	if n.mode.Selected == noiseFromSeed {
		switch {
		case n.genErr != nil:
			return n.genErr.Error(), false
		case n.generating:
			return "Generating the noise…", true
		case n.gen == nil:
			return "No noise generated yet", true
		}
		return "", false
	}
	switch {
	case n.path == "":
		return "No noise yet: drop or choose a .npy or .safetensors file, or generate it from the seed", true
	case n.reading:
		return "Reading " + filepath.Base(n.path) + "…", true
	case n.fileErr != nil:
		return n.fileErr.Error(), false
	}
	return "", false
}

// apply puts the noise into req: the file's path, so that compose reads
// and names it, or the generated tensor.
func (n *noisePane) apply(req *compose.Request) {
	req.Float16 = n.f16.Checked
	if n.mode.Selected == noiseFromSeed {
		req.NoiseTensor, req.NoiseName = n.gen, n.genName
		req.NoisePaths = n.more
		return
	}
	if n.path != "" {
		req.NoisePaths = append([]string{n.path}, n.more...)
		req.TensorName = n.tensorName
	}
}
