package cli

import (
	"flag"
	"fmt"
	"strings"

	"github.com/gen5viewer/gen5view/codec"
)

func init() {
	register("edit", "change the prompt or tags; in place (atomically) unless --out is given", runEdit)
}

func runEdit(e *env, args []string) int {
	fs := e.flags("edit", "FILE [--prompt TEXT] [--add-tag T]… [--remove-tag T]… [--set-tags a,b,c] [--out OUT]")
	prompt := fs.String("prompt", "", "replace the prompt with `TEXT`")
	var add, remove stringList
	fs.Var(&add, "add-tag", "add a tag (repeatable)")
	fs.Var(&remove, "remove-tag", "remove a tag (repeatable)")
	setTags := fs.String("set-tags", "", "replace all tags with a comma-separated `list`")
	out := fs.String("out", "", "write the result to `OUT` (of the same format) instead of replacing the file; an existing OUT (or FILE) is replaced only when it is a regular file, and a symbolic link to one is written through, keeping the link")
	pos, code, ok := e.parse(fs, args, 1, 1)
	if !ok {
		return code
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	if !given["prompt"] && len(add) == 0 && len(remove) == 0 && !given["set-tags"] {
		return e.usageError("edit", "nothing to change: give --prompt, --add-tag, --remove-tag or --set-tags")
	}
	f, err := openFile(pos[0])
	if err != nil {
		return e.fail(err)
	}
	defer f.Close()
	ed := codec.NewEdit(f.Manifest)
	if given["prompt"] {
		ed.Manifest().SetPrompt(*prompt)
	}
	if given["set-tags"] {
		var tags []string
		for _, t := range strings.Split(*setTags, ",") {
			if strings.TrimSpace(t) != "" {
				tags = append(tags, t)
			}
		}
		if err := ed.SetTags(tags); err != nil {
			return e.usageError("edit", "%v", err)
		}
	}
	// A tag already there, or one to remove that is not, changes nothing:
	// the same edit runs over many files, so it is said, not refused.
	for _, t := range ed.RemoveTags(remove...) {
		fmt.Fprintf(e.stderr, "%s has no tag %q; nothing to remove\n", termText(pos[0]), t)
	}
	present, err := ed.AddTags(add...)
	if err != nil {
		return e.usageError("edit", "%v", err)
	}
	for _, t := range present {
		fmt.Fprintf(e.stderr, "%s already has tag %q; nothing to add\n", termText(pos[0]), t)
	}
	m := ed.Manifest()
	dst := pos[0]
	if *out != "" {
		dst = *out
	}
	if err := f.Save(dst, m); err != nil {
		return e.fail(err)
	}
	fmt.Fprintf(e.stdout, "saved %s\n", termText(dst))
	return ExitOK
}
