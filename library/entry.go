package library

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gen5viewer/gen5view/codec"
)

// Entry is one indexed file: what a file list shows of it. Fields the
// file lacks are zero (nil for the numbers, whose zero is a value).
type Entry struct {
	Path    string
	Size    int64
	ModTime time.Time

	ModelName      string
	ModelVersion   string
	Date           string // model_info.date as the file spells it
	Prompt         string
	NegativePrompt string
	Tags           []string

	Seed     *uint64
	Steps    *int64
	Sampler  string
	CFGScale *float64

	ImageFormat   string // "png", "jpeg", "webp"; "" without a picture
	Width, Height int
	Latents       [][]int // the shape of each LATN chunk, in order

	// Error is why the file cannot be read, in one line naming the file, or
	// "" when it reads. A file with an error still has Path, Size and
	// ModTime, and whatever was read before the error.
	Error string
}

// Name returns the file's base name.
func (e *Entry) Name() string { return filepath.Base(e.Path) }

// readEntry reads one file's header and manifest (and its picture's
// header) into an entry. It never fails: a file that cannot be read is an
// entry with Error set.
func readEntry(path string, st os.FileInfo) Entry {
	e := Entry{Path: path, Size: st.Size(), ModTime: st.ModTime()}
	f, err := codec.OpenFile(path)
	if err != nil {
		e.Error = oneLine(codec.NamePathError(path, err).Error())
		return e
	}
	defer f.Close()
	mi, miErr := f.Manifest.ModelInfo()
	e.ModelName, e.ModelVersion, e.Date = mi.ModelName, mi.Version, mi.Date
	e.Prompt, e.NegativePrompt = mi.Prompt, mi.NegativePrompt
	// Tags as the editor sees them: strings only, in order.
	e.Tags = f.Manifest.Tags()
	if mi.HasSettings {
		gs := mi.GenerationSettings
		if gs.HasSeed {
			seed := gs.Seed
			e.Seed = &seed
		}
		if v, ok := f.Manifest.Setting("steps"); ok {
			if n, ok := number(v); ok {
				steps := int64(n)
				e.Steps = &steps
			}
		}
		if v, ok := f.Manifest.Setting("cfg_scale"); ok {
			if x, ok := number(v); ok {
				e.CFGScale = &x
			}
		}
		e.Sampler = gs.Sampler
	}
	for _, c := range f.Latents() {
		l, err := c.Layout()
		if err != nil {
			e.Error = oneLine(err.Error())
			return e
		}
		e.Latents = append(e.Latents, l.Shape)
	}
	if c := f.Image(); c != nil {
		info, err := c.ProbeImage()
		if err != nil {
			e.Error = oneLine(err.Error())
			return e
		}
		e.ImageFormat, e.Width, e.Height = info.Format, info.Width, info.Height
	}
	if miErr != nil {
		e.Error = oneLine(path + ": " + miErr.Error())
	}
	return e
}

// oneLine joins the lines of a message, so that a list shows one line per
// file.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// number reads a manifest number (a json.Number in the tree).
func number(v any) (float64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	x, err := strconv.ParseFloat(string(n), 64)
	return x, err == nil && !math.IsNaN(x) && !math.IsInf(x, 0)
}
