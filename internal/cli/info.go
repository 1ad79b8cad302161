package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/heatmap"
)

func init() {
	register("info", "describe a .gen5 or .raiiaf file (--json for every detail)", runInfo)
}

// report is the object `info --json` prints.
type report struct {
	Header   codec.Header    `json:"header"`
	Metadata *codec.Object   `json:"metadata"`
	Chunks   []chunkReport   `json:"chunks"`
	Latents  []latentReport  `json:"latents"`
	Image    *imageReport    `json:"image"`
	Env      json.RawMessage `json:"env"`
	Warnings []string        `json:"warnings"`
}

// chunkReport is a chunk record as stored, plus whether its hash matched.
type chunkReport struct {
	record *codec.Object
	HashOK bool
}

func (c chunkReport) MarshalJSON() ([]byte, error) {
	o := c.record.Clone()
	o.Set("hash_ok", c.HashOK)
	return o.MarshalJSON()
}

type latentReport struct {
	Index  int    `json:"index"`
	Key    string `json:"key,omitempty"`
	Shape  []int  `json:"shape"`
	DType  string `json:"dtype"`
	SHA256 string `json:"sha256"`
	// The statistics are null when they are not finite numbers (a
	// latent of NaN or infinite values, or with no elements at all).
	Min  jsonFloat `json:"min"`
	Max  jsonFloat `json:"max"`
	Mean jsonFloat `json:"mean"`
	Std  jsonFloat `json:"std"`
	// Elements is the number of values, finite or not.
	Elements int `json:"-"`
	NaN      int `json:"nan,omitempty"`
	Inf      int `json:"inf,omitempty"`
}

type imageReport struct {
	codec.ImageInfo
	Size   int    `json:"size"`
	SHA256 string `json:"sha256"`
}

// describe renders what the chunk-check pass found in every chunk of f
// as the report. Each payload is streamed through SHA-256 and, for a
// latent, the statistics, so memory stays a few blocks per chunk whatever
// the file's size. Problems with single chunks become warnings, so that a
// damaged file is still described as far as it can be.
func describe(f *codec.Reader) *report {
	r := &report{Header: f.Header, Metadata: f.Manifest.Root(), Warnings: append([]string{}, f.Warnings...), Chunks: []chunkReport{}, Latents: []latentReport{}}
	stats := make([]heatmap.Accumulator, len(f.Chunks))
	checks := f.Check(codec.CheckOptions{
		LatentValues: func(c *codec.Chunk, block []float32) { stats[c.Index].Add(block) },
	})
	records := recordObjects(f.Manifest)
	for i, cc := range checks {
		c := cc.Chunk
		r.Chunks = append(r.Chunks, chunkReport{record: records[i], HashOK: cc.Err == nil})
		if cc.Err != nil {
			r.Warnings = append(r.Warnings, cc.Err.Error())
		}
		if !cc.Readable() {
			continue
		}
		switch c.Type {
		case codec.TypeLatent:
			l, st := cc.Latent, stats[i].Stats()
			// The payload is the raw element bytes, so its digest is theirs.
			r.Latents = append(r.Latents, latentReport{Index: l.Index, Key: l.Key, Shape: l.Shape, DType: string(l.DType),
				SHA256: cc.Digest(), Elements: st.Count + st.NaN + st.Inf, Min: jsonFloat(st.Min), Max: jsonFloat(st.Max), Mean: jsonFloat(st.Mean), Std: jsonFloat(st.Std), NaN: st.NaN, Inf: st.Inf})
		case codec.TypeData:
			if r.Image != nil {
				continue
			}
			if cc.ImageErr != nil {
				r.Warnings = append(r.Warnings, fmt.Sprintf("chunk %d (DATA): %v", c.Index, cc.ImageErr))
			}
			r.Image = &imageReport{ImageInfo: cc.Image, Size: int(c.UncompressedSize), SHA256: cc.Digest()}
		case codec.TypeEnv:
			// Not JSON, not UTF-8 or nested too deep: ChunkProblems below
			// says so, and the report's env stays null.
			if codec.CheckEnvJSON(cc.Payload) == nil {
				r.Env = cc.Payload
			}
		}
		for _, err := range cc.ChunkProblems() {
			r.Warnings = append(r.Warnings, err.Error())
		}
	}
	// What the reference would read differently is shown, not refused:
	// verify fails on it.
	for _, err := range f.ReferenceProblems() {
		r.Warnings = append(r.Warnings, err.Error())
	}
	if r.Env == nil {
		r.Env = json.RawMessage("null")
	}
	return r
}

// recordObjects returns the chunk records as stored, keys in their order.
func recordObjects(m *codec.Manifest) []*codec.Object {
	v, _ := m.Meta().Get("chunks")
	arr, _ := v.([]any)
	out := make([]*codec.Object, len(arr))
	for i, x := range arr {
		out[i], _ = x.(*codec.Object)
	}
	return out
}

func runInfo(e *env, args []string) int {
	fs := e.flags("info", "[--json] FILE")
	asJSON := fs.Bool("json", false, "print every detail as one JSON object; latent statistics that are NaN or infinite are written as null")
	pos, code, ok := e.parse(fs, args, 1, 1)
	if !ok {
		return code
	}
	f, err := openFile(pos[0])
	if err != nil {
		return e.fail(err)
	}
	defer f.Close()
	r := describe(f.Reader)
	if *asJSON {
		if err := printJSON(e.stdout, r); err != nil {
			return e.fail(err)
		}
		return ExitOK
	}
	printInfo(e.stdout, pos[0], f.Reader, r)
	return ExitOK
}

// printInfo writes the human summary.
func printInfo(w io.Writer, path string, f *codec.Reader, r *report) {
	mi, miErr := f.Manifest.ModelInfo()
	fmt.Fprintf(w, "%s: %s %d.%d, %s bytes, %d chunks\n", termText(path), f.Header.Format.Ext(), f.Header.VersionMajor, f.Header.VersionMinor, thousands(int64(f.Header.FileSize)), len(f.Chunks))
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(w, "  %-10s %s\n", k+":", termText(v))
		}
	}
	model := mi.ModelName
	if mi.Version != "" {
		model += " (version " + mi.Version + ")"
	}
	row("Model", model)
	row("Date", mi.Date)
	row("Prompt", mi.Prompt)
	row("Negative", mi.NegativePrompt)
	row("Tags", strings.Join(mi.Tags, ", "))
	if mi.HasSettings {
		row("Settings", settingsLine(f.Manifest))
	}
	if mi.HasHardware {
		row("Hardware", hardwareLine(mi.HardwareInfo))
	}
	fmt.Fprintln(w, "  Chunks:")
	for i, c := range f.Chunks {
		mark := "✓"
		if !r.Chunks[i].HashOK {
			mark = "✗ hash mismatch"
		} else if c.Lossy() {
			mark = "lossy: hash not checked"
		}
		desc := ""
		switch c.Type {
		case codec.TypeLatent:
			desc = c.Flags
		case codec.TypeData:
			if r.Image != nil {
				desc = fmt.Sprintf("%s %d×%d", strings.ToUpper(r.Image.Format), r.Image.Width, r.Image.Height)
			}
		}
		fmt.Fprintf(w, "    %d %s %-14s %s bytes stored (%s), %s payload  %s\n", c.Index, termText(c.Type), termText(desc), thousands(c.CompressedSize), c.Storage(), thousands(c.UncompressedSize), mark)
	}
	for _, l := range r.Latents {
		name := fmt.Sprintf("latent %d", l.Index)
		if l.Key != "" {
			name += " (" + l.Key + ")"
		}
		fmt.Fprintf(w, "  %s: %s %s, %s\n", termText(name), codec.ShapeString(l.Shape), l.DType, statsText(l))
	}
	if miErr != nil {
		r.Warnings = append(r.Warnings, miErr.Error())
	}
	for _, wmsg := range r.Warnings {
		fmt.Fprintf(w, "  warning: %s\n", oneLine(wmsg))
	}
}

// statsText describes a latent's values: mean, spread and range of the
// finite ones, and how many are NaN or infinite, so that a tensor with no
// finite value (or no value at all) says so instead of printing NaN.
func statsText(l latentReport) string {
	var parts []string
	if finite := l.Elements - l.NaN - l.Inf; finite > 0 {
		parts = append(parts, fmt.Sprintf("mean %.4f, std %.4f, min %.4f, max %.4f", l.Mean, l.Std, l.Min, l.Max))
	}
	if l.NaN > 0 {
		parts = append(parts, fmt.Sprintf("%d NaN", l.NaN))
	}
	if l.Inf > 0 {
		parts = append(parts, fmt.Sprintf("%d infinite", l.Inf))
	}
	switch {
	case l.Elements == 0:
		return "no elements (an axis of size 0)"
	case l.NaN+l.Inf == l.Elements:
		parts = append(parts, "no finite value")
	}
	return strings.Join(parts, ", ")
}

// settingsLine lists generation_settings as "key value" pairs in file order,
// numbers spelled as stored.
func settingsLine(m *codec.Manifest) string {
	gs, ok := m.Settings()
	if !ok {
		return ""
	}
	var parts []string
	for _, k := range gs.Keys() {
		v, _ := gs.Get(k)
		parts = append(parts, k+" "+codec.ValueText(v))
	}
	return strings.Join(parts, " · ")
}

func hardwareLine(h codec.HardwareInfo) string {
	var parts []string
	if h.OS != "" {
		parts = append(parts, h.OS)
	}
	if h.CPU != "" {
		cpu := h.CPU
		if h.CPUCores > 0 {
			cpu += fmt.Sprintf(" (%d cores)", h.CPUCores)
		}
		parts = append(parts, cpu)
	}
	if h.RAMGB > 0 {
		parts = append(parts, fmt.Sprintf("%g GB RAM", h.RAMGB))
	}
	for _, g := range h.GPU {
		s := g.Name
		if g.MemoryGB > 0 {
			s += fmt.Sprintf(" (%g GB)", g.MemoryGB)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " · ")
}

// thousands formats 167947 as "167,947".
func thousands(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
