package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/ui/widgets"
)

// nodeStatus marks the rows that carry a verification result.
type nodeStatus int

const (
	statusNone nodeStatus = iota
	statusOK              // the chunk's payload matched its SHA-256
	statusBad             // it did not, or could not be read
)

// metaNode is one row of the metadata tree.
type metaNode struct {
	key      string // the object key, or a label for an array item
	value    string // the value on one line; for a branch, a short summary
	full     string // what Ctrl+C copies and the detail shows
	path     string // where the row is, "model_info › prompt"
	children []widget.TreeNodeID
	status   nodeStatus
}

// text is the row as shown: "key: value".
func (n *metaNode) text() string {
	if n.value == "" {
		return n.key
	}
	return n.key + ": " + n.value
}

// metaTree shows the manifest as the file stores it, key order kept, with
// the verification result beside every chunk and the ENVC components under
// "env". Rows are one line each; the selected row's full value is shown,
// wrapped, in a detail area under the tree, where it can be selected, and
// Ctrl+C copies it.
type metaTree struct {
	v       *viewer
	content fyne.CanvasObject

	tree       *widget.Tree
	nodes      map[widget.TreeNodeID]*metaNode
	selected   widget.TreeNodeID
	detail     *widget.RichText
	copyPrompt *widget.Button
	note       *widget.Label // "seed copied", for noteTime
	noteTimer  *time.Timer
	// pending says, while the Edit tab holds unsaved edits, that the tree
	// shows the file as saved.
	pending  *widget.Label
	prompt   string
	promptID widget.TreeNodeID // the model_info.prompt row, or ""
}

func newMetaTree(v *viewer) *metaTree {
	t := &metaTree{v: v, nodes: map[widget.TreeNodeID]*metaNode{"": {}}}
	t.tree = widget.NewTree(t.childIDs, t.isBranch, t.createRow, t.updateRow)
	t.tree.OnSelected = t.selectNode
	t.tree.OnUnselected = func(widget.TreeNodeID) { t.selectNode("") }

	t.detail = widget.NewRichText()
	t.detail.Wrapping = fyne.TextWrapWord
	detailScroll := container.NewVScroll(t.detail)
	detailScroll.SetMinSize(fyne.NewSize(0, 2.6*theme.TextSize()*1.5+2*theme.InnerPadding()))

	t.copyPrompt = widget.NewButtonWithIcon("Copy prompt", theme.ContentCopyIcon(), func() {
		t.v.app.Clipboard().SetContent(t.prompt)
		t.setNote("prompt copied")
	})
	t.copyPrompt.Disable()
	title := widget.NewLabelWithStyle("Metadata", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.note = widget.NewLabel("")
	t.note.Importance = widget.SuccessImportance
	t.note.Truncation = fyne.TextTruncateEllipsis
	t.pending = widget.NewLabelWithStyle(pendingText, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	t.pending.Importance = widget.WarningImportance
	t.pending.Wrapping = fyne.TextWrapWord
	t.pending.Hide()
	header := container.NewVBox(container.NewBorder(nil, nil, title, t.copyPrompt, t.note), t.pending)
	footer := container.NewBorder(widget.NewSeparator(), nil, nil, nil, detailScroll)
	t.content = container.NewBorder(header, footer, nil, nil, container.NewThemeOverride(t.tree, widgets.Compact{Padding: 0.5, InnerPadding: 0.5}))
	return t
}

func (t *metaTree) childIDs(id widget.TreeNodeID) []widget.TreeNodeID {
	if n := t.nodes[id]; n != nil {
		return n.children
	}
	return nil
}

func (t *metaTree) isBranch(id widget.TreeNodeID) bool {
	n := t.nodes[id]
	return n != nil && len(n.children) > 0
}

func (t *metaTree) createRow(bool) fyne.CanvasObject {
	key := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	val := widget.NewLabel("")
	val.Truncation = fyne.TextTruncateEllipsis
	icon := widget.NewIcon(nil)
	return container.NewBorder(nil, nil, key, icon, val)
}

func (t *metaTree) updateRow(id widget.TreeNodeID, branch bool, o fyne.CanvasObject) {
	n := t.nodes[id]
	if n == nil {
		return
	}
	row := o.(*fyne.Container)
	val, key, icon := row.Objects[0].(*widget.Label), row.Objects[1].(*widget.Label), row.Objects[2].(*widget.Icon)
	if branch {
		key.SetText(n.key)
		val.Importance = widget.LowImportance
	} else {
		key.SetText(n.key + ":")
		val.Importance = widget.MediumImportance
	}
	val.SetText(n.value)
	switch n.status {
	case statusOK:
		icon.SetResource(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
		icon.Show()
	case statusBad:
		icon.SetResource(theme.NewErrorThemedResource(theme.ErrorIcon()))
		icon.Show()
	default:
		icon.Hide()
	}
	row.Refresh()
}

// selectNode shows the selected row's full value under the tree; with no
// row selected, the prompt is shown there.
func (t *metaTree) selectNode(id widget.TreeNodeID) {
	t.selected = id
	t.setNote("")
	n := t.nodes[id]
	if id == "" || n == nil {
		n = t.nodes[t.promptID]
	}
	if n == nil {
		t.detail.Segments = nil
		t.detail.Refresh()
		return
	}
	t.detail.Segments = []widget.RichTextSegment{
		&widget.TextSegment{Text: n.path + "   ", Style: widget.RichTextStyle{
			Inline: true, ColorName: theme.ColorNamePlaceHolder, TextStyle: fyne.TextStyle{Italic: true}}},
		// Tabs are spaced out: the text widgets draw them as missing glyphs.
		&widget.TextSegment{Text: strings.ReplaceAll(n.full, "\t", "    "), Style: widget.RichTextStyleInline},
	}
	t.detail.Refresh()
}

// pendingText is what the Inspect tab says while there are unsaved edits.
const pendingText = "Unsaved edits in the Edit tab: shown here is the file as saved."

// noteTime is how long a copy's confirmation stays in the header.
const noteTime = 3 * time.Second

// setNote confirms a copy in the header, for noteTime.
func (t *metaTree) setNote(s string) {
	if t.noteTimer != nil {
		t.noteTimer.Stop()
	}
	t.noteTimer = flashStatus(t.note, s, noteTime)
}

// setPending shows or hides the notice that the tree is the saved state
// while edits are pending.
func (t *metaTree) setPending(dirty bool) {
	if dirty == t.pending.Visible() {
		return
	}
	if dirty {
		t.pending.Show()
	} else {
		t.pending.Hide()
	}
}

// copySelected puts the selected row's value on the clipboard: the value
// as written for a leaf, the JSON for a branch.
func (t *metaTree) copySelected() {
	n := t.nodes[t.selected]
	if t.selected == "" || n == nil {
		return
	}
	t.v.app.Clipboard().SetContent(n.full)
	t.setNote(n.key + " copied")
}

// setDocument shows d's manifest, with model_info and generation_settings
// open and the prompt in the detail area.
func (t *metaTree) setDocument(d *document) {
	b := newTreeBuilder(d)
	t.nodes = b.nodes
	t.prompt = d.manifest.Prompt()
	t.promptID = b.prompt
	if t.prompt != "" {
		t.copyPrompt.Enable()
	} else {
		t.copyPrompt.Disable()
	}
	t.selected = ""
	t.tree.UnselectAll()
	t.tree.CloseAllBranches()
	for _, id := range b.open {
		t.tree.OpenBranch(id)
	}
	t.tree.Refresh()
	t.tree.ScrollToTop()
	t.selectNode("")
}

// refreshChecks shows the chunks' verdicts as d now has them, after the
// picture's check, keeping the branches open and the row selected: the
// rows are built again from the same manifest, so they keep their ids.
func (t *metaTree) refreshChecks(d *document) {
	t.nodes = newTreeBuilder(d).nodes
	t.tree.Refresh()
	t.selectNode(t.selected)
}

// treeBuilder turns the manifest into metaNodes.
type treeBuilder struct {
	d      *document
	nodes  map[widget.TreeNodeID]*metaNode
	next   int
	open   []widget.TreeNodeID // branches to open at first
	prompt widget.TreeNodeID   // model_info.prompt
}

func newTreeBuilder(d *document) *treeBuilder {
	b := &treeBuilder{d: d, nodes: map[widget.TreeNodeID]*metaNode{"": {}}}
	root := d.manifest.Root()
	for _, k := range root.Keys() {
		v, _ := root.Get(k)
		if meta, ok := v.(*codec.Object); ok && k == "gen5_metadata" {
			// The wrapper holds everything; its contents are the top level.
			for _, mk := range meta.Keys() {
				mv, _ := meta.Get(mk)
				b.add("", mk, mv, nil)
			}
			continue
		}
		b.add("", k, v, nil)
	}
	switch {
	case d.env != nil:
		b.add("", "env", d.env, nil)
	case d.envErr != nil:
		b.leaf("", "env", "cannot be read: "+errReason(d.envErr, d.path), nil)
	}
	return b
}

func (b *treeBuilder) newID() widget.TreeNodeID {
	b.next++
	return fmt.Sprintf("n%d", b.next)
}

func (b *treeBuilder) attach(parent widget.TreeNodeID, n *metaNode, path []string) widget.TreeNodeID {
	id := b.newID()
	n.path = strings.Join(path, " › ")
	b.nodes[id] = n
	p := b.nodes[parent]
	p.children = append(p.children, id)
	return id
}

func (b *treeBuilder) leaf(parent widget.TreeNodeID, key, value string, path []string) widget.TreeNodeID {
	path = append(path[:len(path):len(path)], key)
	return b.attach(parent, &metaNode{key: key, value: oneLine(value), full: value}, path)
}

// add adds key with value v under parent, recursively.
func (b *treeBuilder) add(parent widget.TreeNodeID, key string, v any, path []string) widget.TreeNodeID {
	path = append(path[:len(path):len(path)], key)
	switch val := v.(type) {
	case *codec.Object:
		n := &metaNode{key: key, full: marshal(val)}
		if val.Len() == 0 {
			n.value = "{}"
		}
		id := b.attach(parent, n, path)
		b.decorate(id, n, path, val)
		for _, k := range val.Keys() {
			cv, _ := val.Get(k)
			cid := b.add(id, k, cv, path)
			if k == "hash" && len(path) == 2 && path[0] == "chunks" {
				b.nodes[cid].status = n.status
			}
		}
		return id
	case []any:
		if scalars(val) {
			s := make([]string, len(val))
			for i, e := range val {
				s[i] = scalarText(e)
			}
			// Strings (tags) read best as a plain list; numbers (a shape)
			// keep their brackets.
			text := strings.Join(s, ", ")
			if !strs(val) {
				text = "[" + text + "]"
			}
			return b.attach(parent, &metaNode{key: key, value: oneLine(text), full: text}, path)
		}
		n := &metaNode{key: key, value: plural(len(val), "item"), full: marshal(val)}
		id := b.attach(parent, n, path)
		for i, e := range val {
			b.add(id, fmt.Sprint(i), e, path)
		}
		return id
	default:
		text := scalarText(val)
		id := b.attach(parent, &metaNode{key: key, value: oneLine(text), full: text}, path)
		if len(path) == 2 && path[0] == "model_info" && key == "prompt" {
			b.prompt = id
		}
		return id
	}
}

// decorate gives an object row the summary and status that make it
// readable when closed, and opens the branches shown at first.
func (b *treeBuilder) decorate(id widget.TreeNodeID, n *metaNode, path []string, o *codec.Object) {
	switch {
	case len(path) == 1 && path[0] == "model_info",
		len(path) == 2 && path[0] == "model_info" && path[1] == "generation_settings":
		b.open = append(b.open, id)
	case len(path) == 2 && path[0] == "chunks":
		i, _ := strconv.Atoi(path[1])
		b.decorateChunk(n, i)
	default:
		// Items of gpu, components and the like are named by their name.
		for _, k := range []string{"name", "component_id", "model_name"} {
			if s, ok := o.String(k); ok && s != "" {
				n.value = s
				break
			}
		}
	}
}

// decorateChunk sums up the i-th chunk record from the reader's typed
// record, with what the check pass found.
func (b *treeBuilder) decorateChunk(n *metaNode, i int) {
	if b.d.file == nil || i < 0 || i >= len(b.d.file.Chunks) {
		return
	}
	c := b.d.file.Chunks[i]
	idx := c.Index
	parts := []string{c.Type}
	if k, ok := c.Extra.String("key"); ok && k != "" {
		parts = append(parts, k)
	}
	err, checked := b.d.chunkErr[idx]
	var he *codec.HashError
	lossy := c.Lossy()
	switch {
	case !checked:
		// The picture's chunk is checked as the picture is decoded.
		parts = append(parts, "checking SHA-256…")
	case err == nil && lossy:
		// A lossy zfp stream cannot give back the values its hash is of.
		n.status = statusOK
		parts = append(parts, c.Storage()+", hash not checked")
	case err == nil:
		n.status = statusOK
		parts = append(parts, "SHA-256 ✓")
	case errors.As(err, &he):
		n.status = statusBad
		parts = append(parts, "SHA-256 mismatch ✗")
	default:
		n.status = statusBad
		parts = append(parts, "unreadable ✗")
	}
	n.value = strings.Join(parts, " · ")
}

// strs reports whether a is a non-empty array of strings.
func strs(a []any) bool {
	for _, e := range a {
		if _, ok := e.(string); !ok {
			return false
		}
	}
	return len(a) > 0
}

// scalars reports whether every element of a is a JSON scalar.
func scalars(a []any) bool {
	for _, e := range a {
		switch e.(type) {
		case *codec.Object, []any:
			return false
		}
	}
	return true
}

// scalarText writes a JSON value as a person reads it: scalars as
// codec.ValueText does, containers as the file's JSON would be.
func scalarText(v any) string {
	switch x := v.(type) {
	case *codec.Object, []any:
		return marshal(x)
	}
	return codec.ValueText(v)
}

// marshal writes a subtree as the file's JSON would, for copying.
func marshal(v any) string {
	b, err := codec.MarshalPython(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// oneLine folds line breaks so that a value fits its row.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n\t") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}
