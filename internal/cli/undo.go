package cli

import (
	"context"
	"fmt"

	"github.com/gen5viewer/gen5view/library"
)

func init() {
	register("undo", "undo the last batch edit (of edit, or of a library window): each file gets back its manifest from before", runUndo)
}

// beginEditJournal opens the shared library index and starts the journal
// of a batch edit in it. Without an index (no cache directory, one that
// cannot be written) it returns nils: the edit runs, and cannot be undone.
func beginEditJournal(label string) (*library.Index, *library.EditLog) {
	path, err := library.DefaultPath()
	if err != nil {
		return nil, nil
	}
	ix, err := library.Open(path)
	if err != nil {
		return nil, nil
	}
	log, err := ix.BeginEdit(context.Background(), label)
	if err != nil {
		ix.Close()
		return nil, nil
	}
	return ix, log
}

func runUndo(e *env, args []string) int {
	fs := e.flags("undo", "")
	dry := fs.Bool("n", false, "say what would be undone, and change nothing")
	if _, code, ok := e.parse(fs, args, 0, 0); !ok {
		return code
	}
	path, err := library.DefaultPath()
	if err != nil {
		fmt.Fprintf(e.stderr, "%s undo: %v\n", e.prog, err)
		return ExitFile
	}
	ix, err := library.Open(path)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s undo: %s\n", e.prog, oneLine(err.Error()))
		return ExitFile
	}
	defer ix.Close()
	ctx := context.Background()
	s, ok, err := ix.LastEdit(ctx)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s undo: %s\n", e.prog, oneLine(err.Error()))
		return ExitFile
	}
	if !ok {
		fmt.Fprintf(e.stderr, "%s undo: no batch edit to undo\n", e.prog)
		return ExitFile
	}
	fmt.Fprintf(e.stdout, "undo %s (%s, %s)\n", termText(s.Label), countOf(s.Files, "file"), s.At.Format("2006-01-02 15:04:05"))
	if *dry {
		return ExitOK
	}
	res, err := ix.UndoLastEdit(ctx, nil)
	for _, fe := range res.Errors {
		fmt.Fprintf(e.stderr, "%s: %s\n", e.prog, oneLine(fe.Error()))
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "%s undo: %s\n", e.prog, oneLine(err.Error()))
		return ExitFile
	}
	fmt.Fprintf(e.stdout, "restored %s\n", countOf(res.Restored, "file"))
	if len(res.Errors) > 0 {
		return ExitFile
	}
	return ExitOK
}

// countOf says n things: "1 file", "3 files".
func countOf(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}
