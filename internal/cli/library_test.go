package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/internal/libtest"
)

// libraryFolder writes a folder of three good files and one damaged one,
// and points the library index at a fresh cache directory.
func libraryFolder(t *testing.T) string {
	t.Helper()
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	dir := t.TempDir()
	p := libtest.NewPayload(t, 16)
	libtest.Write(t, filepath.Join(dir, "a.gen5"), libtest.File{Model: "SD 1.5", Prompt: "a red fox", Tags: []string{"fox", "best"}, Seed: 7}, p)
	libtest.Write(t, filepath.Join(dir, "b.gen5"), libtest.File{Model: "Flux dev", Prompt: "a blue bird", Tags: []string{"bird", "best"}, Seed: 8}, p)
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	libtest.Write(t, filepath.Join(sub, "c.gen5"), libtest.File{Model: "Flux dev", Prompt: "red sky", Tags: []string{"sky"}, Seed: 9}, p)
	if err := os.WriteFile(filepath.Join(dir, "bad.gen5"), []byte("GEN5 broken"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func lines(s string) []string { return strings.Fields(s) }

func TestLsFilters(t *testing.T) {
	dir := libraryFolder(t)
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"--tag", "best"}, []string{"a.gen5", "b.gen5"}},
		{[]string{"--tag", "best", "--not-tag", "fox"}, []string{"b.gen5"}},
		{[]string{"--search", "RED"}, []string{"a.gen5"}},
		{[]string{"-r", "--search", "red"}, []string{"a.gen5", "sub/c.gen5"}},
		{[]string{"-r", "--search", "red fo"}, []string{"a.gen5"}},
		{[]string{"-r", "--model", "flux"}, []string{"b.gen5", "sub/c.gen5"}},
		{[]string{"-r", "--seed", "9"}, []string{"sub/c.gen5"}},
		{[]string{"-r", "--tag", "best", "--sort", "model"}, []string{"b.gen5", "a.gen5"}},
	} {
		code, out, stderr := run(append(append([]string{"ls"}, c.args...), dir)...)
		var want []string
		for _, w := range c.want {
			want = append(want, filepath.Join(dir, w))
		}
		if code != 0 || !slices.Equal(lines(out), want) {
			t.Errorf("ls %v: exit %d, %q (%s); want %v", c.args, code, out, stderr, c.want)
		}
	}
	if code, _, _ := run("ls", "--sort", "size", dir); code != ExitUsage {
		t.Errorf("--sort size: exit %d, want %d", code, ExitUsage)
	}
	if code, _, _ := run("ls", "--seed", "-1", dir); code != ExitUsage {
		t.Errorf("--seed -1: exit %d, want %d", code, ExitUsage)
	}
	if code, _, stderr := run("ls", filepath.Join(dir, "nope")); code != ExitFile || !strings.Contains(stderr, "nope") {
		t.Errorf("missing folder: exit %d, %q", code, stderr)
	}
}

// A damaged file is listed with its reason, beside the others, and the
// exit status says that one failed.
// A path is listed as its root was typed: under a relative root, relative.
func TestLsSpellsPathsAsTyped(t *testing.T) {
	dir := libraryFolder(t)
	t.Chdir(dir)
	if _, out, _ := run("ls", "-r", "--tag", "sky", "."); !slices.Equal(lines(out), []string{filepath.Join("sub", "c.gen5")}) {
		t.Errorf("ls -r . lists %q", out)
	}
	if _, out, _ := run("ls", "--tag", "sky", "sub"); !slices.Equal(lines(out), []string{filepath.Join("sub", "c.gen5")}) {
		t.Errorf("ls sub lists %q", out)
	}
}

func TestLsDamagedAmidGood(t *testing.T) {
	dir := libraryFolder(t)
	code, out, stderr := run("ls", dir)
	want := []string{filepath.Join(dir, "a.gen5"), filepath.Join(dir, "b.gen5"), filepath.Join(dir, "bad.gen5")}
	if code != ExitFile || !slices.Equal(lines(out), want) || !strings.Contains(stderr, "bad.gen5") || strings.Count(stderr, "\n") != 1 {
		t.Fatalf("ls: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
}

func TestLsJSON(t *testing.T) {
	dir := libraryFolder(t)
	code, out, stderr := run("ls", "--json", dir)
	if code != ExitFile {
		t.Fatalf("exit %d (%s); want 1 for the damaged file", code, stderr)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got) != 3 {
		t.Fatalf("%v: %s", err, out)
	}
	keys := []string{"path", "size", "model_name", "model_version", "date", "prompt", "negative_prompt", "tags",
		"seed", "steps", "sampler", "cfg_scale", "width", "height", "latents", "error"}
	for _, o := range got {
		var have []string
		for k := range o {
			have = append(have, k)
		}
		slices.Sort(have)
		want := slices.Clone(keys)
		slices.Sort(want)
		if !slices.Equal(have, want) {
			t.Fatalf("fields %v, want exactly %v", have, want)
		}
	}
	a := got[0]
	want := map[string]any{
		"path": filepath.Join(dir, "a.gen5"), "model_name": "SD 1.5", "model_version": "1.0",
		"prompt": "a red fox", "negative_prompt": "", "tags": []any{"fox", "best"}, "seed": 7.0, "steps": 30.0,
		"sampler": "euler_a", "cfg_scale": 7.0, "width": 16.0, "height": 16.0,
		"latents": []any{[]any{1.0, 4.0, 2.0, 2.0}}, "error": nil,
	}
	for k, v := range want {
		if !reflect.DeepEqual(a[k], v) {
			t.Errorf("%s = %#v, want %#v", k, a[k], v)
		}
	}
	if bad := got[2]; bad["error"] == nil || !strings.Contains(bad["error"].(string), "bad.gen5") || bad["seed"] != nil {
		t.Errorf("damaged file: %v", bad)
	}
}

func TestTags(t *testing.T) {
	dir := libraryFolder(t)
	code, out, stderr := run("tags", "-r", dir)
	want := "     2  best\n     1  bird\n     1  fox\n     1  sky\n"
	if code != 0 || out != want {
		t.Fatalf("tags -r: exit %d, %q (%s); want %q", code, out, stderr, want)
	}
	code, out, _ = run("tags", "--json", dir)
	var got []tagsEntry
	if err := json.Unmarshal([]byte(out), &got); code != 0 || err != nil {
		t.Fatal(code, err)
	}
	if want := []tagsEntry{{"best", 2}, {"bird", 1}, {"fox", 1}}; !slices.Equal(got, want) {
		t.Fatalf("tags --json = %v, want %v", got, want)
	}
}

// storedChunks returns each chunk's bytes as stored, by index.
func storedChunks(t *testing.T, path string) [][]byte {
	t.Helper()
	f, err := codec.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][]byte
	for _, c := range f.Chunks {
		b, err := c.Stored()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, slices.Clone(b))
	}
	return out
}

// One edit over many files: a failing file is named and the others are
// still edited, every chunk's stored bytes kept; the exit status is 1; a
// second run changes nothing.
func TestEditBatch(t *testing.T) {
	dir := libraryFolder(t)
	a, b, bad := filepath.Join(dir, "a.gen5"), filepath.Join(dir, "b.gen5"), filepath.Join(dir, "bad.gen5")
	chunksA, chunksB := storedChunks(t, a), storedChunks(t, b)
	code, out, stderr := run("edit", a, bad, b, "--add-tag", "new", "--remove-tag", "fox", "--rename-tag", "best=top")
	if code != ExitFile {
		t.Fatalf("exit %d, want 1 for the damaged file", code)
	}
	if !strings.Contains(stderr, "bad.gen5") || !strings.Contains(stderr, "1 of 3 files failed") {
		t.Errorf("stderr %q: want the failing file named and the count", stderr)
	}
	if !strings.Contains(out, "saved "+a) || !strings.Contains(out, "saved "+b) {
		t.Errorf("stdout %q: want both good files saved", out)
	}
	if got := libtest.Tags(t, a); !slices.Equal(got, []string{"top", "new"}) {
		t.Errorf("a's tags = %v", got)
	}
	if got := libtest.Tags(t, b); !slices.Equal(got, []string{"bird", "top", "new"}) {
		t.Errorf("b's tags = %v", got)
	}
	for path, before := range map[string][][]byte{a: chunksA, b: chunksB} {
		after := storedChunks(t, path)
		if len(after) != len(before) {
			t.Fatalf("%s: %d chunks, had %d", path, len(after), len(before))
		}
		for i := range before {
			if !bytes.Equal(before[i], after[i]) {
				t.Errorf("%s: chunk %d's stored bytes changed", filepath.Base(path), i)
			}
		}
	}
	// Idempotent: the same edit again leaves the files as they are.
	before := readFile(t, a)
	stA, _ := os.Stat(a)
	code, out, _ = run("edit", a, b, "--add-tag", "new", "--remove-tag", "fox", "--rename-tag", "best=top")
	stA2, _ := os.Stat(a)
	if code != 0 || !bytes.Equal(before, readFile(t, a)) || !stA.ModTime().Equal(stA2.ModTime()) || !strings.Contains(out, "unchanged "+a) {
		t.Errorf("second run: exit %d, %q; want the files untouched", code, out)
	}
	// Renaming into a tag the file has merges the two.
	if code, _, stderr := run("edit", b, "--rename-tag", "bird=top"); code != 0 {
		t.Fatal(stderr)
	}
	if got := libtest.Tags(t, b); !slices.Equal(got, []string{"top", "new"}) {
		t.Errorf("merged tags = %v", got)
	}
}

func TestEditBatchUsage(t *testing.T) {
	dir := libraryFolder(t)
	a, b := filepath.Join(dir, "a.gen5"), filepath.Join(dir, "b.gen5")
	before := readFile(t, a)
	for _, args := range [][]string{
		{"edit", a, b, "--add-tag", "x", "--out", filepath.Join(dir, "o.gen5")},
		{"edit", a, b, "--rename-tag", "nonew"},
		{"edit", a, b, "--rename-tag", "best= "},
		{"edit", a, b, "--add-tag", "ok", "--add-tag", " "},
	} {
		if code, _, _ := run(args...); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", args[3:], code, ExitUsage)
		}
	}
	if !bytes.Equal(before, readFile(t, a)) {
		t.Error("a refused command line changed a file")
	}
}

// Lists after an edit show it: the index re-reads the changed file.
func TestLsAfterEdit(t *testing.T) {
	dir := libraryFolder(t)
	a := filepath.Join(dir, "a.gen5")
	if code, _, _ := run("ls", "--tag", "fresh", dir); code != ExitOK {
		t.Fatal(code)
	}
	if code, _, stderr := run("edit", a, "--add-tag", "fresh"); code != 0 {
		t.Fatal(stderr)
	}
	if _, out, _ := run("ls", "--tag", "fresh", dir); !slices.Equal(lines(out), []string{a}) {
		t.Errorf("ls --tag fresh after the edit: %q", out)
	}
}

// A file named twice in one edit is edited once.
func TestEditBatchSameFileTwice(t *testing.T) {
	dir := libraryFolder(t)
	a := filepath.Join(dir, "a.gen5")
	code, out, stderr := run("edit", a, filepath.Join(dir, ".", "a.gen5"), "--add-tag", "twice")
	if code != 0 || out != "saved "+a+"\n" {
		t.Fatalf("exit %d, %q, %q", code, out, stderr)
	}
	if got := libtest.Tags(t, a); !slices.Equal(got, []string{"fox", "best", "twice"}) {
		t.Fatalf("tags = %v", got)
	}
}

// With no usable cache directory, ls and tags still answer, from an index
// made for the run; a damaged index in the cache is replaced.
func TestLsWithoutCache(t *testing.T) {
	dir := libraryFolder(t)
	notADir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notADir, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CACHE_HOME", notADir)
	if code, out, stderr := run("ls", "--tag", "best", dir); code != 0 || len(lines(out)) != 2 {
		t.Fatalf("ls without a cache: exit %d, %q, %q", code, out, stderr)
	}
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	os.MkdirAll(filepath.Join(cache, "gen5view"), 0o700)
	if err := os.WriteFile(filepath.Join(cache, "gen5view", "library.sqlite"), bytes.Repeat([]byte("garbage!"), 1000), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, stderr := run("tags", dir); code != 0 || !strings.Contains(out, "best") {
		t.Fatalf("tags with a damaged index: exit %d, %q, %q", code, out, stderr)
	}
}

// undo puts back the last batch edit's manifests, except in a file changed
// since, which it names; then there is nothing left to undo.
func TestUndoLastEdit(t *testing.T) {
	dir := libraryFolder(t)
	a, b := filepath.Join(dir, "a.gen5"), filepath.Join(dir, "b.gen5")
	if code, _, stderr := run("edit", a, b, "--add-tag", "sky"); code != 0 {
		t.Fatal(stderr)
	}
	withSky := readFile(t, a)
	// An edit that changes nothing does not take the undo's place.
	if code, _, stderr := run("edit", a, b, "--add-tag", "sky"); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := run("edit", b, "--add-tag", "later", "--out", b+".copy.gen5"); code != 0 {
		t.Fatal(stderr)
	}
	// A one-file edit is a batch too, and the last one now.
	if code, _, stderr := run("edit", b, "--prompt", "changed since"); code != 0 {
		t.Fatal(stderr)
	}
	code, out, _ := run("undo", "-n")
	if code != 0 || !strings.Contains(out, "--prompt changed since") || !strings.Contains(out, "1 file") {
		t.Fatalf("undo -n: exit %d, %q", code, out)
	}
	code, out, stderr := run("undo")
	if code != 0 || !strings.Contains(out, "restored 1 file") {
		t.Fatalf("undo: exit %d, %q, %q", code, out, stderr)
	}
	if got := libtest.Tags(t, b); !slices.Equal(got, []string{"bird", "best", "sky"}) {
		t.Errorf("b after undoing the prompt edit: tags %v", got)
	}
	if code, _, stderr := run("undo"); code != ExitFile || !strings.Contains(stderr, "no batch edit to undo") {
		t.Errorf("undo with nothing left: exit %d, %q", code, stderr)
	}

	// A batch whose file changed since: named, left as it is. (An edit
	// with --out is not journaled, even onto the file itself.)
	if code, _, stderr := run("edit", a, b, "--remove-tag", "sky"); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := run("edit", b, "--out", b, "--add-tag", "mine"); code != 0 {
		t.Fatal(stderr)
	}
	code, out, stderr = run("undo")
	if code != ExitFile || !strings.Contains(out, "restored 1 file") || !strings.Contains(stderr, "b.gen5: changed since the edit") {
		t.Fatalf("undo after b changed: exit %d, %q, %q", code, out, stderr)
	}
	if got := libtest.Tags(t, a); !slices.Equal(got, []string{"fox", "best", "sky"}) || !bytes.Equal(readFile(t, a), withSky) {
		t.Errorf("a after undo: tags %v, or not byte for byte as before the batch", got)
	}
	if got := libtest.Tags(t, b); !slices.Contains(got, "mine") || slices.Contains(got, "sky") {
		t.Errorf("b, changed since, was touched: tags %v", got)
	}
}
