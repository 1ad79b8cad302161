// Package compose puts a new .gen5 container together from what a person
// gives: a picture, one or more noise tensors and the fields of a form. It
// is the one place that does so, shared by `gen5view create` and the
// window's "New container" view, and it imports nothing graphical.
//
// Build reads and checks everything and returns a Draft: the manifest, the
// latents and the image bytes as they will be stored, with notes on what
// was converted and warnings on what looks wrong but is allowed. Create
// builds and writes in one step. The rules it applies:
//
//   - The image is stored byte for byte as given, never re-encoded, so the
//     picture's own metadata survives. It must be a PNG, JPEG or WebP that
//     decodes, within codec.DefaultMaxPixels.
//   - Noise is stored as float32 or float16. float64 and bfloat16 files are
//     converted to float32 by codec, and Float16 rounds float32 to the
//     nearest float16; each conversion is noted. NaN and infinite values
//     are refused, with the file and the count.
//   - The 0.1.0 reference reader wants rank 4 (batch, channel, height,
//     width): a rank-3 tensor gets a batch axis of 1 (noted). A rank-5
//     video latent (batch, channel, frames, height, width) is stored as it
//     is, as 0.1.0a0 writes and reads it (noted: 0.1.0 reads only rank 4);
//     other ranks are refused. The noise is read and checked before the
//     picture, so a wrong one is refused at once.
//   - A latent whose height and width are not the picture's divided by 8
//     (the SD family's VAE factor) gives a warning, never a refusal: other
//     model families exist, and the picture may have been upscaled.
//   - model_info is written in the reference's key order: model_name,
//     version, date, prompt, tags, generation_settings, hardware_info, then
//     negative_prompt and the picture's raw records (a1111_parameters,
//     comfyui_prompt, comfyui_workflow). What the user typed wins over what
//     the picture says, which wins over the defaults ("unknown" for the
//     model name, empty version and prompt, no tags).
//   - generation_settings must hold seed, steps and sampler together. It is
//     written when seed and steps are known (a missing sampler becomes
//     "unknown", and a note says so); otherwise it is left out, because
//     inventing a seed or a step count would put a false statement in the
//     file, and the values that were known are listed in a note (from the
//     picture, whose raw record is kept anyway) or a warning (typed by the
//     user, and so lost).
package compose

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/prefill"
)

// Request is everything a new container is made from.
type Request struct {
	// ImageData is the encoded picture. When it is nil the picture is read
	// from ImagePath; when it is given, ImagePath only names it in messages
	// (and may be empty).
	ImagePath string
	ImageData []byte

	// NoisePaths are .npy or .safetensors files (told apart by content).
	// The first is the initial noise, unless NoiseTensor is given.
	NoisePaths []string
	// TensorName picks the tensor in a .safetensors file holding several.
	// It applies to every .safetensors file in NoisePaths, each of which
	// must then hold a tensor of that name; .npy files ignore it.
	TensorName string
	// NoiseTensor is an initial noise already in memory (generated from a
	// seed, say). It is stored first, before any NoisePaths.
	NoiseTensor *codec.Tensor
	// NoiseName names NoiseTensor in messages; "" means "noise tensor".
	NoiseName string

	// Fields are what the user typed; given fields win over the picture's.
	Fields Fields

	// Format is the container to write: .gen5 (the zero value) or .raiiaf.
	Format codec.Format
	// Float16 stores every float32 tensor as float16, rounded to nearest.
	Float16 bool
	// NoCompress stores the chunks without zstd; the reference compresses
	// by default, and so does Create.
	NoCompress bool
	// Overwrite lets Create replace an existing file.
	Overwrite bool

	// Now gives the creation date (default time.Now); Hardware describes
	// the machine (default prefill.Hardware). Tests replace them.
	Now      func() time.Time
	Hardware func() prefill.HardwareInfo
}

// Draft is a container ready to be written.
type Draft struct {
	Manifest  *codec.Manifest
	Latents   []codec.NewLatent
	Image     []byte // exactly the bytes given
	ImageInfo codec.ImageInfo
	ImageName string // the picture's path, or "image" when it came as bytes

	// Source is where the prefill came from: "a1111", "comfyui" or "none".
	Source string
	// FromPicture lists the model_info fields whose value came from the
	// picture, as dotted paths ("prompt", "generation_settings.seed").
	FromPicture []string
	// Notes say what was converted or filled in; Warnings what looks
	// wrong but was allowed. Each names the file it is about.
	Notes    []string
	Warnings []string

	// latentNames name each latent's source in messages.
	latentNames []string
}

// Contents returns what codec.Write needs to write the draft.
func (d *Draft) Contents(compress bool) codec.Contents {
	return codec.Contents{Manifest: d.Manifest, Latents: d.Latents, Image: d.Image, Compress: compress}
}

// InitialNoiseKey is the key of the first latent, as the reference names it.
const InitialNoiseKey = "initial_noise"

// Build reads and checks the picture and the noise, merges the picture's
// parameters under the user's fields, fills in the date and hardware_info,
// and validates the manifest against the reference's schema. Errors are one
// line naming the file and the problem. A warning never stops the build.
func Build(req Request) (*Draft, error) {
	d, err := build(req)
	if err != nil {
		return nil, err
	}
	if err := d.checkPicture(); err != nil {
		return nil, err
	}
	return d, nil
}

// checkPicture checks that the picture decodes, which takes longer than
// anything else a build does (an 8192² PNG inflates to 256 MiB of pixels).
func (d *Draft) checkPicture() error {
	if _, err := codec.ValidateImage(d.Image, codec.DefaultMaxPixels); err != nil {
		return fmt.Errorf("%s: %v", d.ImageName, err)
	}
	return nil
}

// build is Build but for checkPicture: of the picture only its header is
// read, and its size checked against the limit.
func build(req Request) (*Draft, error) {
	if err := req.Fields.Check(); err != nil {
		return nil, err
	}
	d := &Draft{}

	// The noise first: it is read and checked in a fraction of the time
	// the picture takes, so a wrong tensor is refused before any of that.
	if err := d.addLatents(req); err != nil {
		return nil, err
	}

	// The picture.
	d.ImageName = req.ImagePath
	data := req.ImageData
	if data == nil {
		if req.ImagePath == "" {
			return nil, errors.New("no image given")
		}
		var err error
		if data, err = readImageFile(req.ImagePath); err != nil {
			return nil, err
		}
	}
	if d.ImageName == "" {
		d.ImageName = "image"
	}
	info, err := codec.ProbeImage(data)
	if err == nil {
		err = codec.CheckPixels(info, codec.DefaultMaxPixels)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %v", d.ImageName, err)
	}
	d.Image, d.ImageInfo = data, info

	pf, err := Prefill(data)
	if err != nil {
		d.Warnings = append(d.Warnings, fmt.Sprintf("%s: generation parameters not read: %v", d.ImageName, err))
	}
	d.Source = pf.Source
	for i, l := range d.Latents {
		d.checkFit(d.latentNames[i], l.Tensor.Shape, pf)
	}

	// The manifest.
	now := time.Now
	if req.Now != nil {
		now = req.Now
	}
	hw := prefill.Hardware
	if req.Hardware != nil {
		hw = req.Hardware
	}
	if err := d.buildManifest(req.Fields, pf, now(), hw()); err != nil {
		return nil, err
	}
	if err := codec.Validate(d.Manifest); err != nil {
		return nil, fmt.Errorf("metadata: %w", err)
	}
	return d, nil
}

// Create builds the container and writes it to out, atomically: out holds
// either its old contents or the complete new file, which is read back and
// checked before it takes its place. An existing out is refused unless
// req.Overwrite is set, and out may never be one of the input files. The
// draft is returned even when writing fails, for its warnings.
func Create(req Request, out string) (*Draft, error) {
	if out == "" {
		return nil, errors.New("no output file given")
	}
	if !req.Overwrite {
		if _, err := os.Lstat(out); err == nil {
			return nil, fmt.Errorf("%s already exists; not replacing it", out)
		}
	}
	inputs := append([]string{req.ImagePath}, req.NoisePaths...)
	for _, in := range inputs {
		if in != "" && codec.SameFile(in, out) {
			return nil, fmt.Errorf("%s: is one of the input files; write the container elsewhere", out)
		}
	}
	d, err := build(req)
	if err != nil {
		return nil, err
	}
	// The picture's pixels are checked while the file is written (most of
	// which is compressing and hashing the picture): it takes its place
	// only once they are found good.
	picture := make(chan error, 1)
	go func() { picture <- d.checkPicture() }()
	c := d.Contents(!req.NoCompress)
	c.Format = req.Format
	var pictureErr error
	ready := func() error {
		pictureErr = <-picture
		return pictureErr
	}
	if err := codec.WriteNewFileWhen(out, c, ready); err != nil {
		if pictureErr != nil {
			return nil, pictureErr // as Build would have refused it
		}
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return d, fmt.Errorf("%s: %v", out, pe.Err)
		}
		if !strings.Contains(err.Error(), out) {
			err = fmt.Errorf("%s: %w", out, err)
		}
		return d, err
	}
	return d, nil
}

// readImageFile reads a picture, refusing anything that is not a regular
// file or is larger than a chunk may be.
func readImageFile(path string) ([]byte, error) {
	data, err := codec.ReadRegular(path, codec.DefaultMaxChunkSize)
	if err != nil {
		return nil, codec.NamePathError(path, err)
	}
	return data, nil
}

// addLatents reads, checks and converts every tensor, and names them.
func (d *Draft) addLatents(req Request) error {
	type input struct {
		name string
		key  string
		t    *codec.Tensor
	}
	var ins []input
	used := map[string]bool{}
	uniqueKey := func(k string) string {
		if k == "" {
			k = "latent"
		}
		base := k
		for i := 2; used[k]; i++ {
			k = base + "_" + strconv.Itoa(i)
		}
		used[k] = true
		return k
	}
	if req.NoiseTensor != nil {
		name := req.NoiseName
		if name == "" {
			name = "noise tensor"
		}
		if err := checkTensor(req.NoiseTensor); err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
		t := *req.NoiseTensor
		ins = append(ins, input{name: name, key: uniqueKey(InitialNoiseKey), t: &t})
	}
	for _, p := range req.NoisePaths {
		t, note, err := codec.ReadNoiseFile(p, req.TensorName)
		if err != nil {
			return codec.NamePathError(p, err)
		}
		if note != "" {
			d.Notes = append(d.Notes, p+": "+note)
		}
		key := InitialNoiseKey
		if len(ins) > 0 {
			base := filepath.Base(p)
			key = strings.TrimSuffix(base, filepath.Ext(base))
		}
		ins = append(ins, input{name: p, key: uniqueKey(key), t: t})
	}
	if len(ins) == 0 {
		return errNoNoise
	}
	for _, in := range ins {
		t, err := d.prepareTensor(in.name, in.t, req.Float16)
		if err != nil {
			return err
		}
		d.Latents = append(d.Latents, codec.NewLatent{Key: in.key, Tensor: t})
		d.latentNames = append(d.latentNames, in.name)
	}
	return nil
}

// checkTensor checks a tensor handed over in memory the way codec checks
// the ones it reads from files.
func checkTensor(t *codec.Tensor) error {
	if t.DType != codec.Float16 && t.DType != codec.Float32 {
		return fmt.Errorf("dtype %q; the noise must be float16 or float32", t.DType)
	}
	n := int64(1)
	for _, s := range t.Shape {
		if s < 0 {
			return fmt.Errorf("shape %v has a negative dimension", t.Shape)
		}
		if s != 0 && n > codec.DefaultMaxChunkSize/int64(s) {
			return fmt.Errorf("shape %v has too many elements", t.Shape)
		}
		n *= int64(s)
	}
	if n*int64(t.DType.Size()) != int64(len(t.Raw)) {
		return fmt.Errorf("shape %s needs %d bytes of %s, %d given", codec.ShapeString(t.Shape), n*int64(t.DType.Size()), t.DType, len(t.Raw))
	}
	return nil
}

// prepareTensor applies the rank, finiteness and float16 rules, returning
// the tensor as it will be stored.
func (d *Draft) prepareTensor(name string, t *codec.Tensor, f16 bool) (*codec.Tensor, error) {
	switch len(t.Shape) {
	case 4:
	case 5:
		d.Notes = append(d.Notes, fmt.Sprintf("%s: a video latent (batch, channel, frames, height, width), stored as it is: the 0.1.0a0 reader reads any rank, the 0.1.0 reader only rank 4",
			name))
	case 3:
		shape := append([]int{1}, t.Shape...)
		d.Notes = append(d.Notes, fmt.Sprintf("%s: shape %s stored as %s (batch axis added: the 0.1.0 reader needs batch, channel, height, width)",
			name, codec.ShapeString(t.Shape), codec.ShapeString(shape)))
		t = &codec.Tensor{Shape: shape, DType: t.DType, Raw: t.Raw}
	default:
		return nil, fmt.Errorf("%s: a rank-%d tensor (%s); the noise must have 4 dimensions (batch, channel, height, width), 5 for a video (batch, channel, frames, height, width), or 3 (channel, height, width)",
			name, len(t.Shape), codec.ShapeString(t.Shape))
	}
	if t.Len() == 0 {
		return nil, fmt.Errorf("%s: shape %s holds no values", name, codec.ShapeString(t.Shape))
	}
	if n := t.CountNonFinite(); n > 0 {
		return nil, fmt.Errorf("%s: %d NaN or infinite %s", name, n, plural(n, "value", "values"))
	}
	if f16 && t.DType == codec.Float32 {
		t = t.ToFloat16()
		if n := t.CountNonFinite(); n > 0 {
			return nil, fmt.Errorf("%s: %d %s beyond ±65504, the float16 range; store it as float32", name, n, plural(n, "value is", "values are"))
		}
		d.Notes = append(d.Notes, name+": float32 stored as float16 (rounded to nearest)")
	}
	return t, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// LatentFactor is how much smaller than the picture an SD-family latent is
// in height and width (the VAE's downsampling).
const LatentFactor = 8

// checkFit warns when a latent's height and width are not the picture's
// divided by LatentFactor. A latent that fits the generation size the
// picture records (the picture having been upscaled since) gets a note.
func (d *Draft) checkFit(name string, shape []int, pf Prefilled) {
	h, w := shape[len(shape)-2], shape[len(shape)-1]
	fits := func(imgW, imgH int) bool { return imgW/LatentFactor == w && imgH/LatentFactor == h }
	if fits(d.ImageInfo.Width, d.ImageInfo.Height) {
		return
	}
	p := pf.Params
	if p.HasSize && fits(p.Width, p.Height) {
		d.Notes = append(d.Notes, fmt.Sprintf("%s: latent %d×%d fits the generation size %d×%d that %s records, not the picture's %d×%d (upscaled?)",
			name, w, h, p.Width, p.Height, d.ImageName, d.ImageInfo.Width, d.ImageInfo.Height))
		return
	}
	d.Warnings = append(d.Warnings, fmt.Sprintf("%s: latent %d×%d does not fit the %d×%d picture (an SD-family latent is 1/%d of it, %d×%d); stored anyway",
		name, w, h, d.ImageInfo.Width, d.ImageInfo.Height, LatentFactor, d.ImageInfo.Width/LatentFactor, d.ImageInfo.Height/LatentFactor))
}

// PythonISOTime formats t in UTC as Python's
// datetime.now(timezone.utc).isoformat() does:
// "2026-11-26T08:55:58.390496+00:00", the fraction left out when it is zero.
func PythonISOTime(t time.Time) string {
	t = t.UTC()
	s := t.Format("2006-01-02T15:04:05")
	if us := t.Nanosecond() / 1000; us != 0 {
		s += fmt.Sprintf(".%06d", us)
	}
	return s + "+00:00"
}

// merged tracks where each value came from.
type merged struct {
	fromPicture []string
}

func pickString(m *merged, key string, user, pic *string, def string) (string, bool) {
	switch {
	case user != nil:
		return *user, true
	case pic != nil:
		m.fromPicture = append(m.fromPicture, key)
		return *pic, true
	}
	return def, false
}

func pick[T any](m *merged, key string, user, pic *T) (*T, bool) {
	switch {
	case user != nil:
		return user, true
	case pic != nil:
		m.fromPicture = append(m.fromPicture, key)
		return pic, false
	}
	return nil, false
}

// buildManifest writes model_info in the reference's key order.
func (d *Draft) buildManifest(user Fields, pf Prefilled, now time.Time, hw prefill.HardwareInfo) error {
	var mg merged
	pic := pf.Fields
	m := codec.NewManifest()
	name, _ := pickString(&mg, "model_name", user.ModelName, pic.ModelName, "unknown")
	version, _ := pickString(&mg, "version", user.ModelVersion, pic.ModelVersion, "")
	prompt, _ := pickString(&mg, "prompt", user.Prompt, pic.Prompt, "")
	m.SetModelInfo("model_name", name)
	m.SetModelInfo("version", version)
	m.SetModelInfo("date", PythonISOTime(now))
	m.SetPrompt(prompt)
	tags := user.Tags
	if tags == nil {
		tags = pic.Tags
	}
	if err := m.SetTags(tags); err != nil {
		return fmt.Errorf("tags: %v", err)
	}

	if err := d.settings(m, &mg, user, pic); err != nil {
		return err
	}
	m.ModelInfoObject().Set("hardware_info", hardwareObject(hw))

	mi := m.ModelInfoObject()
	if neg, ok := pickString(&mg, "negative_prompt", user.NegativePrompt, pic.NegativePrompt, ""); ok {
		mi.Set("negative_prompt", neg)
	}
	for _, k := range extraKeys {
		if v, ok := pf.Extra[k]; ok {
			mi.Set(k, v)
			mg.fromPicture = append(mg.fromPicture, k)
		}
	}
	d.Manifest = m
	d.FromPicture = mg.fromPicture
	return nil
}

// settings writes generation_settings when seed and steps are known, and
// otherwise says what was left out.
func (d *Draft) settings(m *codec.Manifest, mg *merged, user, pic Fields) error {
	type value struct {
		key    string
		v      any
		byUser bool
	}
	var vals []value
	add := func(key string, v any, byUser bool) { vals = append(vals, value{key, v, byUser}) }
	before := *mg // restored when the settings are left out
	if v, u := pick(mg, "generation_settings.seed", user.Seed, pic.Seed); v != nil {
		add("seed", *v, u)
	}
	if v, u := pick(mg, "generation_settings.steps", user.Steps, pic.Steps); v != nil {
		add("steps", *v, u)
	}
	if v, u := pick(mg, "generation_settings.sampler", user.Sampler, pic.Sampler); v != nil {
		add("sampler", *v, u)
	}
	if v, u := pick(mg, "generation_settings.cfg_scale", user.CFGScale, pic.CFGScale); v != nil {
		add("cfg_scale", *v, u)
	}
	if v, u := pick(mg, "generation_settings.scheduler", user.Scheduler, pic.Scheduler); v != nil {
		add("scheduler", *v, u)
	}
	if v, u := pick(mg, "generation_settings.eta", user.Eta, pic.Eta); v != nil {
		add("eta", *v, u)
	}
	if len(vals) == 0 {
		return nil
	}
	has := map[string]bool{}
	for _, v := range vals {
		has[v.key] = true
	}
	if has["seed"] && has["steps"] {
		for _, v := range vals {
			if err := m.SetSetting(v.key, v.v); err != nil {
				return err
			}
			if v.key == "steps" && !has["sampler"] {
				// Keep the reference's order: seed, steps, sampler, ...
				if err := m.SetSetting("sampler", "unknown"); err != nil {
					return err
				}
				d.Notes = append(d.Notes, `generation_settings.sampler set to "unknown": the format requires one with seed and steps`)
			}
		}
		return nil
	}
	// Left out: say what was known and what is missing.
	*mg = before
	var known, missing []string
	byUser := false
	for _, v := range vals {
		if v.key == "seed" && !has["seed"] {
			continue
		}
		known = append(known, v.key+" "+settingText(v.v))
		byUser = byUser || v.byUser
	}
	for _, k := range []string{"seed", "steps"} {
		if !has[k] {
			missing = append(missing, k)
		}
	}
	if len(known) == 0 {
		return nil
	}
	msg := fmt.Sprintf("generation_settings not stored: it needs a seed and a step count (a sampler left empty is written as \"unknown\"), and %s %s not known; known were %s",
		strings.Join(missing, " and "), plural(len(missing), "is", "are"), strings.Join(known, ", "))
	if byUser {
		d.Warnings = append(d.Warnings, msg)
	} else {
		d.Notes = append(d.Notes, msg)
	}
	return nil
}

func settingText(v any) string {
	switch v := v.(type) {
	case string:
		return strconv.Quote(v)
	case float64:
		s, err := codec.PyFloat(v)
		if err == nil {
			return s
		}
	}
	return fmt.Sprint(v)
}

// hardwareObject spells prefill's description of the machine in the
// reference's key order, leaving out what prefill could not learn where the
// schema allows it (os, cpu and cpu_cores are always there).
func hardwareObject(h prefill.HardwareInfo) *codec.Object {
	o := codec.NewObject()
	str := func(k, v string, always bool) {
		if v != "" || always {
			o.Set(k, v)
		}
	}
	num := func(k string, v float64) {
		if s, err := codec.PyFloat(v); err == nil && v > 0 {
			o.Set(k, json.Number(s))
		}
	}
	str("machine_name", h.MachineName, false)
	str("os", h.OS, true)
	str("cpu", h.CPU, true)
	o.Set("cpu_cores", json.Number(strconv.Itoa(max(h.CPUCores, 1))))
	if len(h.GPU) > 0 {
		gpus := make([]any, 0, len(h.GPU))
		for _, g := range h.GPU {
			gpu := codec.NewObject()
			gpu.Set("name", g.Name)
			if s, err := codec.PyFloat(g.MemoryGB); err == nil && g.MemoryGB > 0 && !math.IsInf(g.MemoryGB, 0) {
				gpu.Set("memory_gb", json.Number(s))
			}
			if g.Driver != "" {
				gpu.Set("driver", g.Driver)
			}
			if g.CUDAVersion != "" {
				gpu.Set("cuda_version", g.CUDAVersion)
			}
			gpus = append(gpus, gpu)
		}
		o.Set("gpu", gpus)
	}
	num("ram_gb", h.RAMGB)
	str("framework", h.Framework, false)
	str("compute_lib", h.ComputeLib, false)
	return o
}
