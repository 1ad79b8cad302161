package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/export"
)

// latentFormat is one way `extract --latents` writes a latent.
type latentFormat struct {
	ext string
	// comfy marks the ComfyUI .latent, whose header carries the file's
	// workflow (worked out once per file, not once per latent).
	comfy bool
	write func(w io.Writer, meta map[string]string, l *codec.Latent, fluxPacked bool) error
}

var latentFormats = map[string]latentFormat{
	"npy": {".npy", false, func(w io.Writer, _ map[string]string, l *codec.Latent, _ bool) error {
		return codec.WriteNPY(w, &l.Tensor)
	}},
	"safetensors": {".safetensors", false, func(w io.Writer, _ map[string]string, l *codec.Latent, flux bool) error {
		return export.Diffusers(w, l.Shape, l.Float32(), flux)
	}},
	"comfyui-latent": {".latent", true, func(w io.Writer, meta map[string]string, l *codec.Latent, _ bool) error {
		return export.ComfyLatent(w, l.Shape, l.Float32(), meta)
	}},
}

// writeLatents writes every latent of f into dir in format.
func writeLatents(e *env, f *codec.File, dir string, format latentFormat, fluxPacked bool) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var meta map[string]string
	if format.comfy {
		meta = export.ComfyLatentMetadata(f)
	}
	for i, c := range f.Latents() {
		l, err := c.Latent()
		if err != nil {
			return err
		}
		out := filepath.Join(dir, fmt.Sprintf("latent%d%s", i, format.ext))
		err = codec.WriteFileAtomic(out, 0o644, func(w io.Writer) error { return format.write(w, meta, l, fluxPacked) }, nil)
		if err != nil {
			return fmt.Errorf("%s: latent %d: %v", f.Path(), i, err)
		}
		fmt.Fprintf(e.stdout, "%s (%s %s)\n", termText(out), codec.ShapeString(l.Shape), l.DType)
	}
	return nil
}

// writeRecipes prints the A1111 infotext and/or writes the ComfyUI workflow
// that draw f's noise again.
func writeRecipes(e *env, f *codec.File, infotext bool, workflow string) error {
	s, err := export.FileSettings(f)
	if err != nil {
		return fmt.Errorf("%s: %v", f.Path(), err)
	}
	if infotext {
		text, err := export.Infotext(s)
		if err != nil {
			return fmt.Errorf("%s: %v", f.Path(), err)
		}
		// The infotext is lines of text from the file: each is printed
		// with its control characters escaped, the line breaks kept.
		lines := strings.Split(text, "\n")
		for i, l := range lines {
			lines[i] = termText(l)
		}
		fmt.Fprintln(e.stdout, strings.Join(lines, "\n"))
	}
	if workflow != "" {
		wf, err := export.ComfyWorkflow(s)
		if err != nil {
			return fmt.Errorf("%s: %v", f.Path(), err)
		}
		if err := codec.WriteFileAtomic(workflow, 0o644, func(w io.Writer) error { _, err := w.Write(append(wf, '\n')); return err }, nil); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s (ComfyUI API-format workflow, seed %d)\n", termText(workflow), s.Info.GenerationSettings.Seed)
	}
	return nil
}
