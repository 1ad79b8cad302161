package cli

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/library"
)

func init() {
	register("edit", "change the prompt or tags of one file or many; in place (atomically) unless --out is given", runEdit)
}

// tagEdit is the edit a command line asks for, applied to each file alike.
type tagEdit struct {
	prompt     *string // nil: leave the prompt
	setTags    []string
	setTagsSet bool
	add        []string
	remove     []string
	renames    [][2]string // old, new

	// journal records each file saved in place with its manifest from
	// before, so that `undo` can put it back; nil records nothing.
	journal *library.EditLog
}

func runEdit(e *env, args []string) int {
	fs := e.flags("edit", "FILE… [--prompt TEXT] [--add-tag T]… [--remove-tag T]… [--rename-tag OLD=NEW]… [--set-tags a,b,c] [--out OUT]")
	prompt := fs.String("prompt", "", "replace the prompt with `TEXT`")
	var add, remove, rename stringList
	fs.Var(&add, "add-tag", "add a tag (repeatable)")
	fs.Var(&remove, "remove-tag", "remove a tag (repeatable)")
	fs.Var(&rename, "rename-tag", "rename the tag `OLD=NEW`, merging it into NEW where the file has both (repeatable)")
	setTags := fs.String("set-tags", "", "replace all tags with a comma-separated `list`")
	out := fs.String("out", "", "write the result to `OUT` (of the same format) instead of replacing the file (one FILE only); an existing OUT (or FILE) is replaced only when it is a regular file, and a symbolic link to one is written through, keeping the link")
	pos, code, ok := e.parse(fs, args, 1, -1)
	if !ok {
		return code
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	if !given["prompt"] && len(add) == 0 && len(remove) == 0 && len(rename) == 0 && !given["set-tags"] {
		return e.usageError("edit", "nothing to change: give --prompt, --add-tag, --remove-tag, --rename-tag or --set-tags")
	}
	if *out != "" && len(pos) > 1 {
		return e.usageError("edit", "--out takes one FILE; %d were given", len(pos))
	}
	te := tagEdit{add: add, remove: remove}
	if given["prompt"] {
		te.prompt = prompt
	}
	if given["set-tags"] {
		te.setTagsSet = true
		for _, t := range strings.Split(*setTags, ",") {
			if strings.TrimSpace(t) != "" {
				te.setTags = append(te.setTags, t)
			}
		}
	}
	for _, r := range rename {
		old, new, ok := strings.Cut(r, "=")
		if !ok || strings.TrimSpace(old) == "" {
			return e.usageError("edit", "--rename-tag %q: give OLD=NEW", r)
		}
		te.renames = append(te.renames, [2]string{old, new})
	}
	// Tags that cannot be written are refused before any file is touched.
	if err := te.check(); err != nil {
		return e.usageError("edit", "%v", err)
	}
	// A file named twice is edited once: two saves of one file at once
	// would race.
	seen := map[string]bool{}
	pos = slices.DeleteFunc(pos, func(p string) bool {
		c := filepath.Clean(p)
		dup := seen[c]
		seen[c] = true
		return dup
	})
	// Edits in place are journaled in the library index, so that `undo`
	// (or Ctrl+Z in a library window) can undo the last batch.
	if *out == "" {
		var flags []string
		fs.Visit(func(f *flag.Flag) { flags = append(flags, "--"+f.Name+" "+f.Value.String()) })
		ix, log := beginEditJournal(e.prog + " edit " + strings.Join(flags, " "))
		if ix != nil {
			defer ix.Close()
			te.journal = log
		}
	}
	// Files are edited a few at a time: a save waits mostly on fsync, and
	// waits overlap. What each file has to say is printed in the order the
	// files were given.
	results := make([]chan editResult, len(pos))
	for i := range results {
		results[i] = make(chan editResult, 1)
	}
	jobs := make(chan int)
	for range min(editWorkers, len(pos)) {
		go func() {
			for i := range jobs {
				dst := pos[i]
				if *out != "" {
					dst = *out
				}
				results[i] <- te.apply(pos[i], dst)
			}
		}()
	}
	go func() {
		for i := range pos {
			jobs <- i
		}
		close(jobs)
	}()
	p := newProgress(e, "edited", len(pos))
	failed := 0
	for i := range pos {
		r := <-results[i]
		for _, n := range r.notes {
			p.line(e.stderr, "%s\n", n)
		}
		if r.err != nil {
			p.line(e.stderr, "%s: %s\n", e.prog, oneLine(r.err.Error()))
			failed++
		} else {
			p.line(e.stdout, "%s\n", r.done)
		}
		p.update(i + 1)
	}
	p.done()
	if te.journal != nil {
		if err := te.journal.Close(context.Background()); err != nil {
			fmt.Fprintf(e.stderr, "%s edit: the edit cannot be undone: %s\n", e.prog, oneLine(err.Error()))
		}
	}
	if failed > 0 {
		if len(pos) > 1 {
			fmt.Fprintf(e.stderr, "%s edit: %d of %d files failed; the others were edited\n", e.prog, failed, len(pos))
		}
		return ExitFile
	}
	return ExitOK
}

// editWorkers is how many files a batch edit saves at once.
const editWorkers = 4

// editResult is what editing one file has to say: notes for stderr, then
// the "saved" or "unchanged" line, or the error.
type editResult struct {
	notes []string
	done  string
	err   error
}

// check refuses tags that no file could take: blank ones, or a list for
// --set-tags that names one twice.
func (te *tagEdit) check() error {
	probe := codec.NewEdit(codec.NewManifest())
	if te.setTagsSet {
		if err := probe.SetTags(te.setTags); err != nil {
			return err
		}
	}
	if _, err := probe.AddTags(te.add...); err != nil {
		return err
	}
	for _, r := range te.renames {
		if _, err := codec.NormalizeTag(r[1]); err != nil {
			return fmt.Errorf("--rename-tag %s=%s: %v", r[0], r[1], err)
		}
	}
	return nil
}

// apply edits one file and saves it to dst. A file the edit does not
// change is left as it is, not rewritten, so that running an edit twice
// changes nothing the second time. It prints nothing: it runs beside the
// other files' edits.
func (te *tagEdit) apply(path, dst string) (r editResult) {
	note := func(format string, args ...any) { r.notes = append(r.notes, fmt.Sprintf(format, args...)) }
	f, err := openFile(path)
	if err != nil {
		r.err = err
		return r
	}
	defer f.Close()
	ed := codec.NewEdit(f.Manifest)
	if te.prompt != nil {
		ed.Manifest().SetPrompt(*te.prompt)
	}
	if te.setTagsSet {
		if err := ed.SetTags(te.setTags); err != nil {
			r.err = codec.NamePathError(path, err)
			return r
		}
	}
	// A tag already there, or one to remove that is not, changes nothing:
	// the same edit runs over many files, so it is said, not refused.
	for _, t := range ed.RemoveTags(te.remove...) {
		note("%s has no tag %q; nothing to remove", termText(path), t)
	}
	for _, rn := range te.renames {
		had, err := ed.RenameTag(rn[0], rn[1])
		if err != nil {
			r.err = codec.NamePathError(path, err)
			return r
		}
		if !had {
			note("%s has no tag %q; nothing to rename", termText(path), strings.TrimSpace(rn[0]))
		}
	}
	present, err := ed.AddTags(te.add...)
	if err != nil {
		r.err = codec.NamePathError(path, err)
		return r
	}
	for _, t := range present {
		note("%s already has tag %q; nothing to add", termText(path), t)
	}
	if !ed.Changed() && dst == path {
		r.done = "unchanged " + termText(path)
		return r
	}
	if err := f.Save(dst, ed.Manifest()); err != nil {
		r.err = err
		return r
	}
	if te.journal != nil && dst == path {
		if err := te.journal.Saved(context.Background(), path, f.MetadataJSON()); err != nil {
			note("%s: saved, but cannot be undone: %s", termText(path), oneLine(err.Error()))
		}
	}
	r.done = "saved " + termText(dst)
	return r
}
