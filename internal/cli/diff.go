package cli

import (
	"encoding/json"
	"fmt"
	"image/png"
	"io"
	"strings"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/compare"
	"github.com/gen5viewer/gen5view/heatmap"
)

func init() {
	register("diff", "compare two files: metadata key by key, latents value by value", runDiff)
}

// diffReport is what `diff --json` prints.
type diffReport struct {
	A string `json:"a"`
	B string `json:"b"`
	compare.Report
}

// heatmapSize is the side of the --heatmap picture in pixels.
const heatmapSize = 768

func runDiff(e *env, args []string) int {
	fs := e.flags("diff", "A.gen5 B.gen5 [--json] [--heatmap OUT.png]")
	asJSON := fs.Bool("json", false, "print the differences as one JSON object")
	heatOut := fs.String("heatmap", "", "draw A-B of the first pair of latents (first picture, every channel) to `OUT.png`")
	pos, code, ok := e.parse(fs, args, 2, 2)
	if !ok {
		return code
	}
	var files [2]*codec.File
	for i, p := range pos {
		f, err := openFile(p)
		if err != nil {
			return e.fail(err)
		}
		defer f.Close()
		files[i] = f
	}
	rep, err := compare.Files(files[0], files[1])
	if err != nil {
		return e.fail(err)
	}
	r := diffReport{A: pos[0], B: pos[1], Report: rep}
	pairs := rep.Pairs
	if *heatOut != "" {
		if len(pairs) == 0 {
			return e.fail(fmt.Errorf("%s and %s have no pair of latents to draw", pos[0], pos[1]))
		}
		if err := writeDiffHeatmap(*heatOut, pairs[0]); err != nil {
			return e.fail(err)
		}
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			return e.fail(err)
		}
		return ExitOK
	}
	printDiff(e.stdout, r)
	if *heatOut != "" {
		fmt.Fprintf(e.stdout, "%s (A-B, first picture, every channel)\n", *heatOut)
	}
	return ExitOK
}

func printDiff(w io.Writer, r diffReport) {
	if len(r.Metadata) == 0 {
		fmt.Fprintln(w, "metadata: the same")
	} else {
		fmt.Fprintln(w, "metadata:")
	}
	for _, d := range r.Metadata {
		switch {
		case !d.InA:
			fmt.Fprintf(w, "  %s: only in B: %s\n", quoteTerm(d.Key), quoteTerm(d.B))
		case !d.InB:
			fmt.Fprintf(w, "  %s: only in A: %s\n", quoteTerm(d.Key), quoteTerm(d.A))
		case d.Words != nil:
			fmt.Fprintf(w, "  %s: %s\n", quoteTerm(d.Key), quoteTerm(compare.WordsText(d.Words)))
		default:
			fmt.Fprintf(w, "  %s: %s → %s\n", quoteTerm(d.Key), quoteTerm(d.A), quoteTerm(d.B))
		}
	}
	for _, l := range r.Latents {
		name := fmt.Sprintf("latent %d", l.IndexA)
		if l.IndexA != l.IndexB {
			name = fmt.Sprintf("latents %d and %d", l.IndexA, l.IndexB)
		}
		if l.Key != "" {
			name += " (" + quoteTerm(l.Key) + ")"
		}
		shape := fmt.Sprintf("%s %s", codec.ShapeString(l.ShapeA), l.DTypeA)
		if b := fmt.Sprintf("%s %s", codec.ShapeString(l.ShapeB), l.DTypeB); b != shape {
			shape += " vs " + b
		}
		var stats []string
		if l.MaxAbs != nil {
			stats = append(stats, fmt.Sprintf("max |Δ| %.4g", *l.MaxAbs))
		}
		if l.MeanAbs != nil {
			stats = append(stats, fmt.Sprintf("mean |Δ| %.4g", *l.MeanAbs))
		}
		if l.Correlation != nil {
			stats = append(stats, fmt.Sprintf("correlation %.4f", *l.Correlation))
		}
		if l.NaN > 0 {
			stats = append(stats, fmt.Sprintf("%d NaN elements", l.NaN))
		}
		if len(stats) == 0 {
			stats = append(stats, "shapes differ")
		}
		fmt.Fprintf(w, "%s, %s: %s: %s\n", name, shape, strings.Join(stats, ", "), l.Verdict)
	}
	for _, n := range r.OnlyA {
		fmt.Fprintf(w, "%s: only in A\n", quoteTerm(n))
	}
	for _, n := range r.OnlyB {
		fmt.Fprintf(w, "%s: only in B\n", quoteTerm(n))
	}
}

// quoteTerm keeps metadata text from the file from moving the terminal:
// control characters are shown escaped and long values are cut.
func quoteTerm(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			fmt.Fprintf(&b, "\\x%02x", r)
			continue
		}
		b.WriteRune(r)
	}
	out := b.String()
	if len(out) > 400 {
		out = out[:400] + "…"
	}
	return out
}

// writeDiffHeatmap draws A-B of the first picture of a pair, every channel
// in a grid, on the diverging coolwarm map centred on zero.
func writeDiffHeatmap(path string, p compare.Pair) error {
	d, err := compare.Difference(p)
	if err != nil {
		return err
	}
	t, err := heatmap.FromShape(p.A.Shape, d)
	if err != nil {
		return err
	}
	img, _ := heatmap.Grid(t, 0, heatmap.Coolwarm, heatmap.AutoRange(t.Batch(0), heatmap.Coolwarm), heatmapSize)
	return codec.WriteFileAtomic(path, 0o644, func(w io.Writer) error { return png.Encode(w, img) }, nil)
}
