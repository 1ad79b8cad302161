package newcontainer

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/compose"
	"github.com/gen5viewer/gen5view/ui/widgets"
)

// fromPictureHint marks a field whose value was read from the picture.
const fromPictureHint = "from picture"

// formField is one input of the New container form. It shows the picture's
// value until the user types in it; from then on what was typed is used,
// and a new picture no longer changes it.
type formField struct {
	codec.Field
	label string
	multi bool

	entry *formEntry
	hint  fyne.CanvasObject // fromPictureHint, while it applies
	note  *widget.Label     // why the text is not a value

	typed  bool   // the user typed in the field
	pic    string // the picture's value, as text
	hasPic bool
	err    error // the text is not a value of the field's kind
}

// metadataForm is the metadata of the new container: prompt, negative prompt,
// tags, model and generation settings, as compose.Fields.
type metadataForm struct {
	nc *Window

	source    *widget.Label
	sourceRow *fyne.Container

	prompt, negative, model, version          *formField
	seed, steps, sampler, cfg, scheduler, eta *formField
	fields                                    []*formField

	tags      *widgets.TagEditor
	tagsTyped bool

	scroll  *container.Scroll
	content fyne.CanvasObject
	loading bool // set while the fields are filled in by program
}

func newMetadataForm(nc *Window) *metadataForm {
	f := &metadataForm{nc: nc}
	f.prompt = &formField{Field: codec.ModelInfoField("prompt"), label: "Prompt", multi: true}
	f.negative = &formField{Field: codec.ModelInfoField("negative_prompt"), label: "Negative prompt", multi: true}
	f.model = &formField{Field: codec.ModelInfoField("model_name"), label: "Name"}
	f.version = &formField{Field: codec.ModelInfoField("version"), label: "Version"}
	f.seed = &formField{Field: codec.SettingField("seed"), label: "Seed"}
	f.steps = &formField{Field: codec.SettingField("steps"), label: "Steps"}
	f.sampler = &formField{Field: codec.SettingField("sampler"), label: "Sampler"}
	f.cfg = &formField{Field: codec.SettingField("cfg_scale"), label: "CFG scale"}
	f.scheduler = &formField{Field: codec.SettingField("scheduler"), label: "Scheduler"}
	f.eta = &formField{Field: codec.SettingField("eta"), label: "Eta"}
	f.fields = []*formField{f.prompt, f.negative, f.model, f.version, f.seed, f.steps, f.sampler, f.cfg, f.scheduler, f.eta}
	for _, fd := range f.fields {
		f.makeInput(fd)
	}
	f.prompt.entry.SetMinRowsVisible(3)
	f.negative.entry.SetMinRowsVisible(2)
	// compose writes "unknown" for a name left empty; the hint says so
	// in words, so that it is not taken for a value already there.
	f.model.entry.SetPlaceHolder(`left empty, "unknown" is written`)

	f.tags = widgets.NewTagEditor(nc.vocab)
	f.tags.RunOnUI = nc.v.RunOnUI
	f.tags.OnChanged = func([]string) {
		f.tagsTyped = true
		nc.fieldsChanged()
	}

	f.source = widget.NewLabel("")
	f.source.Wrapping = fyne.TextWrapWord
	// Two lines are kept for it, which the usual texts fit, so that a
	// shorter or longer one does not move the fields below.
	twoLines := widget.NewLabel("1\n2").MinSize().Height
	f.sourceRow = container.New(minHeight(twoLines), container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.InfoIcon())), nil, f.source))
	// The row is always there, saying what fills the form before a
	// picture does, so that the form does not move down when it is read.
	f.showNoSource()

	heading := func(fd *formField) fyne.CanvasObject {
		return container.NewVBox(container.NewBorder(nil, nil, widgets.Heading(fd.label), container.NewCenter(fd.hint)), widgets.WithNote(fd.entry, fd.note))
	}
	// form lays fields out in label–input rows; the generation settings
	// take two such columns, so that the whole form fits the window. The
	// model's and the first settings column share their label width, so
	// that their inputs line up.
	left := &widgets.LabelColumn{}
	form := func(labels *widgets.LabelColumn, fields ...*formField) fyne.CanvasObject {
		var rows []fyne.CanvasObject
		for _, fd := range fields {
			label := fd.label
			if fd == f.seed || fd == f.steps {
				label += " *"
			}
			rows = append(rows, labels.Add(label), widgets.WithNote(fd.entry, fd.note))
		}
		return container.New(layout.NewFormLayout(), rows...)
	}
	content := container.NewVBox(
		f.sourceRow,
		heading(f.prompt),
		heading(f.negative),
		widgets.Heading("Tags"), f.tags,
		widget.NewSeparator(),
		widgets.Heading("Model"),
		form(left, f.model, f.version),
		widget.NewSeparator(),
		widgets.Heading("Generation settings"),
		settingsNote(),
		container.NewGridWithColumns(2, form(left, f.seed, f.sampler, f.cfg), form(&widgets.LabelColumn{}, f.steps, f.scheduler, f.eta)),
	)
	f.scroll = container.NewVScroll(container.NewPadded(content))
	f.tags.OnHeightChanged = func() { f.scroll.Refresh() }
	f.content = f.scroll
	return f
}

func (f *metadataForm) makeInput(fd *formField) {
	fd.entry = newFormEntry(fd.multi)
	fd.entry.AlwaysShowValidationError = true
	fd.entry.OnChanged = func(string) { f.typed(fd) }
	fd.hint = widgets.NewHintBadge(fromPictureHint)
	fd.hint.Hide()
	if !fd.multi {
		// Inside the entry, at its end, where it takes no room of its
		// own; a multi-line field has it beside its heading instead.
		fd.entry.ActionItem = container.NewCenter(fd.hint)
	}
	fd.note = widgets.NewFieldNote()
}

// typed follows a change the user made.
func (f *metadataForm) typed(fd *formField) {
	if f.loading {
		return
	}
	fd.typed = true
	f.refresh(fd)
	if fd == f.seed {
		f.nc.noise.setSeedText(fd.entry.Text)
	}
	f.nc.fieldsChanged()
}

// noSourceText is the source row's text before a picture has said anything.
const noSourceText = "A picture made by A1111 or ComfyUI fills in these fields from what it says about its generation."

func (f *metadataForm) showNoSource() {
	f.source.Importance = widget.LowImportance
	f.source.SetText(noSourceText)
}

// prefill shows what a newly read picture says in every field nobody has
// typed in, and says where it came from. readOK is false when the picture
// could not be read at all, and so said nothing.
func (f *metadataForm) prefill(pf compose.Prefilled, err error, name string, readOK bool) {
	switch {
	case !readOK:
		f.showNoSource()
	case err != nil:
		f.source.Importance = widget.WarningImportance
		f.source.SetText("The generation parameters in " + name + " could not be read: " + err.Error())
		f.sourceRow.Show()
	default:
		// compose words it; the view only names the file briefly.
		line := (&compose.Draft{Source: pf.Source, ImageName: name}).SourceLine()
		f.source.Importance = widget.MediumImportance
		f.source.SetText(widgets.Sentence(line) + ".")
		f.sourceRow.Show()
	}
	p := pf.Fields
	set := func(fd *formField, v string, ok bool) {
		fd.pic, fd.hasPic = v, ok
		if !fd.typed && fd.entry.Text != v {
			f.loading = true
			fd.entry.SetText(v)
			f.loading = false
		}
		f.refresh(fd)
	}
	str := func(fd *formField, s *string) {
		if s == nil {
			set(fd, "", false)
		} else {
			set(fd, *s, true)
		}
	}
	num := func(fd *formField, v *float64) {
		if v == nil {
			set(fd, "", false)
		} else {
			set(fd, strconv.FormatFloat(*v, 'g', -1, 64), true)
		}
	}
	str(f.prompt, p.Prompt)
	str(f.negative, p.NegativePrompt)
	str(f.model, p.ModelName)
	str(f.version, p.ModelVersion)
	if p.Seed != nil {
		set(f.seed, strconv.FormatUint(*p.Seed, 10), true)
	} else {
		set(f.seed, "", false)
	}
	if p.Steps != nil {
		set(f.steps, strconv.Itoa(*p.Steps), true)
	} else {
		set(f.steps, "", false)
	}
	str(f.sampler, p.Sampler)
	num(f.cfg, p.CFGScale)
	str(f.scheduler, p.Scheduler)
	num(f.eta, p.Eta)
	if !f.tagsTyped {
		f.tags.SetTags(p.Tags)
	}
	f.nc.noise.setSeedText(f.seed.entry.Text)
}

// refresh checks a field's text and shows its error or hint.
func (f *metadataForm) refresh(fd *formField) {
	fd.err = nil
	if fd.Kind != codec.TextValue {
		if t := strings.TrimSpace(fd.entry.Text); t != "" {
			_, fd.err = fd.Parse(t)
		}
	}
	fd.entry.SetValidationError(fd.err)
	hint := ""
	switch {
	case fd.err != nil:
	case fd.hasPic && !fd.typed:
		fd.hint.Show()
	case fd.hasPic && fd.Kind != codec.TextValue && strings.TrimSpace(fd.entry.Text) == "":
		// compose.Fields cannot say "none": an empty number is "not
		// given", and the picture's value is stored.
		hint = "Left empty, the picture's " + fd.pic + " is stored."
	}
	if !fd.hasPic || fd.typed {
		fd.hint.Hide()
	}
	fd.entry.Refresh() // the text makes room for the hint, or takes it back
	widgets.SetFieldNote(fd.note, fd.err, hint)
}

// typeSeed puts a seed typed elsewhere (the noise generator's) in the
// seed field, as if typed there, so that the settings and the noise
// always name the same seed.
func (f *metadataForm) typeSeed(s string) {
	if f.seed.entry.Text != s {
		f.seed.entry.SetText(s) // calls typed
	}
}

// seedValue is the seed in the form: nil when empty, an error when the
// text is not one.
func (f *metadataForm) seedValue() (*uint64, error) {
	t := strings.TrimSpace(f.seed.entry.Text)
	if t == "" {
		return nil, nil
	}
	v, err := f.seed.Parse(t)
	if err != nil {
		return nil, err
	}
	n := v.(uint64)
	return &n, nil
}

// touched reports whether the user typed anything.
func (f *metadataForm) touched() bool {
	for _, fd := range f.fields {
		if fd.typed {
			return true
		}
	}
	return f.tagsTyped
}

// values returns what the user typed as compose.Fields: a field nobody
// typed in is not given, so that compose takes the picture's value and
// knows it came from the picture. The problems are the fields whose text
// is not a value, one line each.
func (f *metadataForm) values() (compose.Fields, []string) {
	var out compose.Fields
	var problems []string
	text := func(fd *formField) *string {
		if !fd.typed {
			return nil
		}
		s := fd.entry.Text
		if fd.multi {
			s = strings.TrimRight(s, "\n")
		}
		if s == "" && !fd.hasPic {
			return nil // the default, rather than an empty value
		}
		return &s
	}
	number := func(fd *formField) any {
		if fd.err != nil {
			problems = append(problems, fd.label+": "+fd.err.Error())
			return nil
		}
		t := strings.TrimSpace(fd.entry.Text)
		if !fd.typed || t == "" {
			return nil
		}
		v, err := fd.Parse(t)
		if err != nil {
			problems = append(problems, fd.label+": "+err.Error())
			return nil
		}
		return v
	}
	out.Prompt = text(f.prompt)
	out.NegativePrompt = text(f.negative)
	out.ModelName = text(f.model)
	out.ModelVersion = text(f.version)
	out.Sampler = text(f.sampler)
	out.Scheduler = text(f.scheduler)
	if v, ok := number(f.seed).(uint64); ok {
		out.Seed = &v
	}
	if v, ok := number(f.steps).(int64); ok {
		n := int(v)
		out.Steps = &n
	}
	if v, ok := number(f.cfg).(float64); ok {
		out.CFGScale = &v
	}
	if v, ok := number(f.eta).(float64); ok {
		out.Eta = &v
	}
	if f.tagsTyped {
		out.Tags = f.tags.Tags()
		if out.Tags == nil {
			out.Tags = []string{}
		}
	}
	if err := out.Check(); err != nil {
		problems = append(problems, widgets.Sentence(err.Error()))
	}
	return out, problems
}

// formEntry is an input of the New container form. Tab moves on to the
// next field even from the multi-line prompt, as in a form it should.
type formEntry struct{ widget.Entry }

func newFormEntry(multi bool) *formEntry {
	e := &formEntry{}
	e.ExtendBaseWidget(e)
	if multi {
		e.MultiLine = true
		e.Wrapping = fyne.TextWrapWord
	}
	return e
}

// AcceptsTab is false: a prompt has no use for tab characters.
func (e *formEntry) AcceptsTab() bool { return false }

// settingsNote says which settings are required and why, once, where
// they are marked.
func settingsNote() fyne.CanvasObject {
	l := widget.NewLabel(`* Seed and steps are needed for the settings to be stored; a sampler left empty is written as "unknown".`)
	l.Wrapping = fyne.TextWrapWord
	l.SizeName = theme.SizeNameCaptionText
	return l
}

// minHeight is a layout that keeps room at least so high for its one
// object, which it puts at the top at its own height.
type minHeight float32

func (h minHeight) MinSize(objects []fyne.CanvasObject) fyne.Size {
	m := objects[0].MinSize()
	return fyne.NewSize(m.Width, max(m.Height, float32(h)))
}

func (h minHeight) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	objects[0].Move(fyne.NewPos(0, 0))
	objects[0].Resize(fyne.NewSize(size.Width, objects[0].MinSize().Height))
}
