package ui

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/export"
	"github.com/gen5viewer/gen5view/ui/widgets"
)

// exportMenuItem is File ▸ Export: the noise in the forms other tools
// load, and the recipes (A1111 infotext, ComfyUI workflow) that draw it
// again when the seed reproduces it. Each does what `gen5view extract`
// does, on the file as saved.
func (v *viewer) exportMenuItem() *fyne.MenuItem {
	item := fyne.NewMenuItem("Export", nil)
	item.ChildMenu = fyne.NewMenu("", v.exportMenuItems()...)
	item.Disabled = v.doc == nil || v.doc.file == nil || len(v.doc.file.Latents()) == 0
	return item
}

// noiseExport is one way of writing the noise latent to a file.
type noiseExport struct {
	label, ext string
	write      func(w io.Writer, f *codec.File, l *codec.Latent) error
}

var noiseExports = []noiseExport{
	{"Noise as NumPy .npy…", ".npy", func(w io.Writer, _ *codec.File, l *codec.Latent) error {
		return codec.WriteNPY(w, &l.Tensor)
	}},
	{"Noise for diffusers (.safetensors)…", ".safetensors", func(w io.Writer, _ *codec.File, l *codec.Latent) error {
		return export.Diffusers(w, l.Shape, l.Float32(), false)
	}},
	{"Noise for diffusers Flux, packed (.safetensors)…", ".flux.safetensors", func(w io.Writer, _ *codec.File, l *codec.Latent) error {
		return export.Diffusers(w, l.Shape, l.Float32(), true)
	}},
	{"Noise as ComfyUI latent (.latent)…", ".latent", func(w io.Writer, f *codec.File, l *codec.Latent) error {
		return export.ComfyLatent(w, l.Shape, l.Float32(), export.ComfyLatentMetadata(f))
	}},
}

func (v *viewer) exportMenuItems() []*fyne.MenuItem {
	var items []*fyne.MenuItem
	for _, ne := range noiseExports {
		items = append(items, fyne.NewMenuItem(ne.label, func() { v.exportNoise(ne) }))
	}
	return append(items,
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Copy A1111 Infotext", v.copyInfotext),
		fyne.NewMenuItem("ComfyUI Workflow (API format)…", v.exportWorkflow),
		fyne.NewMenuItem("diffusers Python Snippet…", v.showDiffusersSnippet),
	)
}

// exportNoise asks where to write the noise latent as ne, then writes it.
func (v *viewer) exportNoise(ne noiseExport) {
	if v.doc == nil {
		return
	}
	f := v.doc.file
	base := strings.TrimSuffix(v.doc.path, filepath.Ext(v.doc.path))
	v.chooseExportPath("Export the noise as:", base+ne.ext, func(dst string) {
		v.runExport(dst, func(w io.Writer) error { return ne.writeNoise(w, f) })
	})
}

// writeNoise writes f's noise latent as ne.
func (ne noiseExport) writeNoise(w io.Writer, f *codec.File) error {
	l, err := export.NoiseLatent(f)
	if err != nil {
		return err
	}
	return ne.write(w, f, l)
}

// exportWorkflow writes the ComfyUI API-format workflow, or says why the
// seed does not reproduce the noise in ComfyUI.
func (v *viewer) exportWorkflow() {
	if v.doc == nil {
		return
	}
	f := v.doc.file
	base := strings.TrimSuffix(v.doc.path, filepath.Ext(v.doc.path))
	v.chooseExportPath("Save the ComfyUI workflow as:", base+".workflow.json", func(dst string) {
		v.runExport(dst, func(w io.Writer) error {
			s, err := export.FileSettings(f)
			if err != nil {
				return err
			}
			wf, err := export.ComfyWorkflow(s)
			if err != nil {
				return err
			}
			_, err = w.Write(append(wf, '\n'))
			return err
		})
	})
}

// copyInfotext puts the A1111 infotext on the clipboard, or says why there
// is none. The seed check runs off the UI goroutine.
func (v *viewer) copyInfotext() {
	if v.doc == nil {
		return
	}
	f := v.doc.file
	v.showProgress("Checking the seed…")
	go func() {
		text, err := infotextOf(f)
		runOnUI(func() {
			v.hideProgress()
			if err != nil {
				v.showExportError(err)
				return
			}
			v.app.Clipboard().SetContent(text)
			flashStatus(v.saved, "Infotext copied: paste it into PNG Info", savedTime)
		})
	}()
}

// infotextOf is the A1111 infotext that draws f's noise again.
func infotextOf(f *codec.File) (string, error) {
	s, err := export.FileSettings(f)
	if err != nil {
		return "", err
	}
	return export.Infotext(s)
}

// diffusersSnippet is the Python that loads an exported .safetensors into
// a diffusers pipeline.
func diffusersSnippet(name string, shape []int) string {
	flux := len(shape) == 4 && shape[1] == 16
	load := fmt.Sprintf("latents = load_file(%q)[\"latents\"]\nlatents = latents.to(pipe.device, pipe.dtype)", name)
	var b strings.Builder
	b.WriteString("import torch\nfrom safetensors.torch import load_file\n\n")
	b.WriteString("# File ▸ Export ▸ Noise for diffusers")
	if flux {
		b.WriteString(" Flux, packed")
	}
	b.WriteString(": " + codec.ShapeString(shape) + " noise, unscaled\n")
	b.WriteString(load + "\n")
	if flux {
		b.WriteString("# FluxPipeline takes packed latents and its own height and width\n")
		fmt.Fprintf(&b, "image = pipe(prompt, latents=latents, height=%d, width=%d).images[0]\n", 8*shape[2], 8*shape[3])
	} else {
		b.WriteString("# the pipeline multiplies the latents by the scheduler's init_noise_sigma\n")
		b.WriteString("image = pipe(prompt, latents=latents).images[0]\n")
	}
	return b.String()
}

// showDiffusersSnippet shows the Python snippet with a Copy button.
func (v *viewer) showDiffusersSnippet() {
	if v.doc == nil || len(v.doc.latents) == 0 {
		return
	}
	shape := v.doc.latents[0].shape
	name := filepath.Base(strings.TrimSuffix(v.doc.path, filepath.Ext(v.doc.path)))
	if len(shape) == 4 && shape[1] == 16 {
		name += ".flux.safetensors"
	} else {
		name += ".safetensors"
	}
	code := diffusersSnippet(name, shape)
	text := widget.NewLabel(code)
	text.TextStyle.Monospace = true
	text.Wrapping = fyne.TextWrapOff
	d := dialog.NewCustomConfirm("Load the noise in diffusers", "Copy", "Close", container.NewHScroll(text), func(copyIt bool) {
		if copyIt {
			v.app.Clipboard().SetContent(code)
			flashStatus(v.saved, "Snippet copied", savedTime)
		}
	}, v.win)
	d.Resize(fyne.NewSize(min(text.MinSize().Width+60, v.win.Canvas().Size().Width*0.95), d.MinSize().Height))
	d.Show()
}

// chooseExportPath asks for a path, confirms replacing a file, and passes
// the path on.
func (v *viewer) chooseExportPath(prompt, initial string, then func(dst string)) {
	v.chooseOutputPath("Export", "Export", prompt, initial, then)
}

// chooseOutputPath is chooseExportPath with a dialog title and a button
// of the caller's.
func (v *viewer) chooseOutputPath(title, confirm, prompt, initial string, then func(dst string)) {
	open := v.doc.path
	askPath(v.win, widgets.PathDialog{
		Title: title, Prompt: prompt, Confirm: confirm,
		Initial: initial,
		Check: func(dst string) error {
			if _, err := os.Stat(dst); err == nil && codec.SameFile(dst, open) {
				return fmt.Errorf("%s is the open file; choose another name", dst)
			}
			return nil
		},
		Done: func(dst string, _ bool) {
			if dst != "" {
				then(dst)
			}
		},
	})
}

// runExport writes dst atomically off the UI goroutine and reports the
// outcome.
func (v *viewer) runExport(dst string, write func(io.Writer) error) {
	v.showProgress("Exporting " + filepath.Base(dst) + "…")
	v.exports.Add(1)
	go func() {
		err := codec.WriteFileAtomic(dst, 0o644, write, nil)
		runOnUI(func() {
			defer v.exports.Done()
			v.hideProgress()
			if err != nil {
				v.showExportError(err)
				return
			}
			flashStatus(v.saved, "Exported "+filepath.Base(dst), savedTime)
		})
	}()
}

// showExportError shows why an export failed. A recipe the seed cannot
// make is no failure of the program, so it is explained rather than
// reported as an error.
func (v *viewer) showExportError(err error) {
	var nr *export.NotReproducible
	if errors.As(err, &nr) {
		widgets.ShowMessage(v.win, "Not available", widgets.Sentence(nr.Error())+".")
		return
	}
	widgets.ShowError(v.win, err)
}
