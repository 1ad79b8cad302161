package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/gen5viewer/gen5view/library"
)

func init() {
	register("ls", "list the .gen5 and .raiiaf files of folders that match tags, words, a model or a seed", runLs)
	register("tags", "list the tags of the files of folders with how many files carry each", runTags)
}

// lsEntry is one file of `ls --json`.
type lsEntry struct {
	Path           string   `json:"path"`
	Size           int64    `json:"size"`
	ModelName      string   `json:"model_name"`
	ModelVersion   string   `json:"model_version"`
	Date           string   `json:"date"`
	Prompt         string   `json:"prompt"`
	NegativePrompt string   `json:"negative_prompt"`
	Tags           []string `json:"tags"`
	Seed           *uint64  `json:"seed"`
	Steps          *int64   `json:"steps"`
	Sampler        string   `json:"sampler"`
	CFGScale       *float64 `json:"cfg_scale"`
	Width          int      `json:"width"`
	Height         int      `json:"height"`
	Latents        [][]int  `json:"latents"`
	Error          *string  `json:"error"`
}

func runLs(e *env, args []string) int {
	fs := e.flags("ls", "[--json] [-r] [--tag T]… [--not-tag T]… [--search TEXT] [--model TEXT] [--seed N] [--sort name|date|model|seed] PATH…")
	jsonOut := fs.Bool("json", false, "print a JSON array of the files with their model, prompt, tags, settings and sizes")
	recursive := fs.Bool("r", false, "descend into the folders below each PATH")
	var tags, notTags stringList
	fs.Var(&tags, "tag", "only files carrying the tag `T` exactly (repeatable: all of them)")
	fs.Var(&notTags, "not-tag", "only files not carrying the tag `T` (repeatable)")
	search := fs.String("search", "", "only files where every word of `TEXT` starts a word of the prompt, negative prompt, tags or model, ignoring case")
	model := fs.String("model", "", "only files whose model name has words starting with each word of `TEXT`")
	seed := fs.String("seed", "", "only files of seed `N`")
	sortBy := fs.String("sort", "name", "order by `KEY`: name, date, model or seed")
	pos, code, ok := e.parse(fs, args, 1, -1)
	if !ok {
		return code
	}
	var err error
	q := library.Query{}
	q.Roots, q.Recursive = pos, *recursive
	q.Tags, q.NotTags, q.Model = tags, notTags, *model
	q.Words = strings.Fields(*search)
	if *seed != "" {
		n, err := strconv.ParseUint(*seed, 10, 64)
		if err != nil {
			return e.usageError("ls", "--seed %q is not a seed (a whole number, 0 or more)", *seed)
		}
		q.Seed = &n
	}
	if q.Sort, err = library.ParseSort(*sortBy); err != nil {
		return e.usageError("ls", "--sort: %v", err)
	}
	var entries []library.Entry
	err = withLibrary(pos, *recursive, func(ix *library.Index) (err error) {
		entries, err = ix.Query(context.Background(), q)
		return err
	})
	if err != nil {
		return e.fail(err)
	}
	damaged := 0
	out := make([]lsEntry, 0, len(entries))
	shown := pathShower(pos)
	for _, en := range entries {
		path := shown(en.Path)
		le := lsEntry{Path: path, Size: en.Size, ModelName: en.ModelName, ModelVersion: en.ModelVersion,
			Date: en.Date, Prompt: en.Prompt, NegativePrompt: en.NegativePrompt, Tags: en.Tags,
			Seed: en.Seed, Steps: en.Steps, Sampler: en.Sampler, CFGScale: en.CFGScale,
			Width: en.Width, Height: en.Height, Latents: en.Latents}
		if le.Tags == nil {
			le.Tags = []string{}
		}
		if le.Latents == nil {
			le.Latents = [][]int{}
		}
		if en.Error != "" {
			damaged++
			reason := en.Error
			le.Error = &reason
			if !*jsonOut {
				fmt.Fprintf(e.stderr, "%s ls: %s\n", e.prog, oneLine(reason))
			}
		}
		out = append(out, le)
	}
	if *jsonOut {
		if err := printJSON(e.stdout, out); err != nil {
			return e.fail(err)
		}
	} else {
		for _, le := range out {
			fmt.Fprintln(e.stdout, termText(le.Path))
		}
	}
	if damaged > 0 {
		return ExitFile
	}
	return ExitOK
}

// tagsEntry is one tag of `tags --json`.
type tagsEntry struct {
	Tag   string `json:"tag"`
	Files int    `json:"files"`
}

func runTags(e *env, args []string) int {
	fs := e.flags("tags", "[--json] [-r] PATH…")
	jsonOut := fs.Bool("json", false, "print a JSON array of {tag, files}")
	recursive := fs.Bool("r", false, "descend into the folders below each PATH")
	pos, code, ok := e.parse(fs, args, 1, -1)
	if !ok {
		return code
	}
	var counts []library.TagCount
	err := withLibrary(pos, *recursive, func(ix *library.Index) (err error) {
		counts, err = ix.TagCounts(context.Background(), library.Query{Roots: pos, Recursive: *recursive})
		return err
	})
	if err != nil {
		return e.fail(err)
	}
	if *jsonOut {
		out := make([]tagsEntry, 0, len(counts))
		for _, c := range counts {
			out = append(out, tagsEntry{Tag: c.Tag, Files: c.Files})
		}
		if err := printJSON(e.stdout, out); err != nil {
			return e.fail(err)
		}
		return ExitOK
	}
	for _, c := range counts {
		fmt.Fprintf(e.stdout, "%6d  %s\n", c.Files, termText(c.Tag))
	}
	return ExitOK
}
