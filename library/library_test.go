package library

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gen5viewer/gen5view/internal/libtest"
)

var payload = sync.OnceValue(func() libtest.Payload { return libtest.NewPayload(&testing.T{}, 16) })

func write(t *testing.T, path string, f libtest.File) {
	t.Helper()
	libtest.Write(t, path, f, payload())
}

func openIndex(t *testing.T) *Index {
	t.Helper()
	ix, err := Open(filepath.Join(t.TempDir(), FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func scan(t *testing.T, ix *Index, recursive bool, roots ...string) Progress {
	t.Helper()
	p, err := ix.Scan(context.Background(), roots, recursive, nil)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func query(t *testing.T, ix *Index, q Query) []string {
	t.Helper()
	es, err := ix.Query(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// touch moves a file's modification time on, as a later save would.
func touch(t *testing.T, path string, d time.Duration) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, st.ModTime().Add(d), st.ModTime().Add(d)); err != nil {
		t.Fatal(err)
	}
}

func TestScanNewChangedDeleted(t *testing.T) {
	dir := t.TempDir()
	a, b, c := filepath.Join(dir, "a.gen5"), filepath.Join(dir, "b.gen5"), filepath.Join(dir, "c.gen5")
	write(t, a, libtest.File{Model: "SD", Prompt: "a red fox", Tags: []string{"fox"}, Seed: 1})
	write(t, b, libtest.File{Model: "SD", Prompt: "a blue bird", Seed: 2})
	write(t, c, libtest.File{Model: "SD", Prompt: "a green frog", Seed: 3})
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	ix := openIndex(t)
	if p := scan(t, ix, false, dir); p.Found != 3 || p.Changed != 3 || p.Read != 3 {
		t.Fatalf("first scan: %+v, want 3 found, changed and read", p)
	}
	if p := scan(t, ix, false, dir); p.Changed != 0 || p.Removed != 0 {
		t.Fatalf("scan with nothing changed: %+v, want nothing read", p)
	}

	// b changes (another prompt, a later mtime), c goes, d comes.
	write(t, b, libtest.File{Model: "SD", Prompt: "a yellow bird", Seed: 2})
	touch(t, b, time.Second)
	os.Remove(c)
	d := filepath.Join(dir, "d.gen5")
	write(t, d, libtest.File{Model: "SD", Prompt: "a grey wolf", Seed: 4})
	if p := scan(t, ix, false, dir); p.Changed != 2 || p.Removed != 1 {
		t.Fatalf("scan after changes: %+v, want 2 changed (b, d) and 1 removed (c)", p)
	}
	if got := query(t, ix, Query{Roots: []string{dir}}); !slices.Equal(got, []string{"a.gen5", "b.gen5", "d.gen5"}) {
		t.Fatalf("files = %v", got)
	}
	checkFTS(t, ix)
	checkDirTags(t, ix)
	e, ok, err := ix.Get(context.Background(), b)
	if err != nil || !ok || e.Prompt != "a yellow bird" {
		t.Fatalf("Get(b) = %q, %v, %v; want the new prompt", e.Prompt, ok, err)
	}

	// A file rewritten with its size and mtime kept is not read again:
	// the index keeps what it had (a rescan costs a stat per file).
	// A prompt of the same length may compress to another size: the first
	// of a few that keeps the size is taken.
	st, _ := os.Stat(a)
	for _, animal := range []string{"cat", "owl", "bat", "cow", "elk", "emu", "yak", "ant", "bee", "eel"} {
		write(t, a, libtest.File{Model: "SD", Prompt: "a red " + animal, Tags: []string{"fox"}, Seed: 1})
		if now, _ := os.Stat(a); now.Size() == st.Size() {
			break
		}
	}
	if now, _ := os.Stat(a); now.Size() != st.Size() {
		t.Fatal("no prompt of the same length kept the file's size")
	}
	if err := os.Chtimes(a, st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
	scan(t, ix, false, dir)
	if e, _, _ := ix.Get(context.Background(), a); e.Prompt != "a red fox" {
		t.Fatalf("a file of unchanged size and mtime was read again: prompt %q", e.Prompt)
	}
}

func TestScanReadsFields(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.gen5")
	write(t, p, libtest.File{Model: "SDXL", Prompt: "p", Negative: "n", Tags: []string{"t1", "t2"}, Seed: 1<<64 - 1})
	ix := openIndex(t)
	scan(t, ix, false, p)
	e, ok, err := ix.Get(context.Background(), p)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if e.ModelName != "SDXL" || e.ModelVersion != "1.0" || e.Prompt != "p" || e.NegativePrompt != "n" ||
		!slices.Equal(e.Tags, []string{"t1", "t2"}) || e.Seed == nil || *e.Seed != 1<<64-1 ||
		e.Steps == nil || *e.Steps != 30 || e.Sampler != "euler_a" || e.CFGScale == nil || *e.CFGScale != 7 ||
		e.ImageFormat != "png" || e.Width != 16 || e.Height != 16 ||
		len(e.Latents) != 1 || !slices.Equal(e.Latents[0], []int{1, 4, 2, 2}) || e.Error != "" {
		t.Fatalf("entry = %+v", e)
	}
}

func TestScanDamagedFile(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "good.gen5"), libtest.File{Model: "SD", Prompt: "fine"})
	bad := filepath.Join(dir, "bad.gen5")
	if err := os.WriteFile(bad, []byte("GEN5 this is not a file"), 0o644); err != nil {
		t.Fatal(err)
	}
	ix := openIndex(t)
	scan(t, ix, false, dir)
	es, err := ix.Query(context.Background(), Query{Roots: []string{dir}})
	if err != nil || len(es) != 2 {
		t.Fatalf("entries = %+v, %v; want the damaged file listed beside the good one", es, err)
	}
	if es[0].Name() != "bad.gen5" || !strings.Contains(es[0].Error, bad) || strings.Contains(es[0].Error, "\n") {
		t.Fatalf("damaged file's error = %q; want one line naming it", es[0].Error)
	}
	if es[1].Error != "" || es[1].Prompt != "fine" {
		t.Fatalf("good file = %+v", es[1])
	}
}

func TestScanRecursive(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	// A sibling whose name starts like dir's must not count as below it.
	sibling := dir + "x"
	os.Mkdir(sibling, 0o755)
	t.Cleanup(func() { os.RemoveAll(sibling) })
	write(t, filepath.Join(dir, "top.gen5"), libtest.File{Prompt: "top"})
	write(t, filepath.Join(sub, "deep.raiiaf"), libtest.File{Prompt: "deep"})
	write(t, filepath.Join(sibling, "other.gen5"), libtest.File{Prompt: "other"})
	// A hidden folder is left out, as file managers leave it out.
	hidden := filepath.Join(dir, ".hidden")
	os.Mkdir(hidden, 0o755)
	write(t, filepath.Join(hidden, "secret.gen5"), libtest.File{Prompt: "secret"})
	ix := openIndex(t)
	scan(t, ix, true, dir, sibling)
	if got := query(t, ix, Query{Roots: []string{dir}}); !slices.Equal(got, []string{"top.gen5"}) {
		t.Fatalf("not recursive: %v", got)
	}
	if got := query(t, ix, Query{Roots: []string{dir}, Recursive: true}); !slices.Equal(got, []string{"deep.raiiaf", "top.gen5"}) {
		t.Fatalf("recursive: %v", got)
	}
	// A non-recursive scan of dir leaves the rows below it alone.
	scan(t, ix, false, dir)
	if got := query(t, ix, Query{Roots: []string{dir}, Recursive: true}); len(got) != 2 {
		t.Fatalf("after a flat scan: %v", got)
	}
}

func TestOpenDamagedDatabase(t *testing.T) {
	for name, content := range map[string][]byte{
		"garbage":   []byte(strings.Repeat("not a database at all ", 300)),
		"truncated": nil, // filled below: the first page of a real index
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			if content == nil {
				ix, err := Open(path)
				if err != nil {
					t.Fatal(err)
				}
				ix.Close()
				b, _ := os.ReadFile(path)
				content = b[:min(len(b), 1024)]
			}
			if err := os.WriteFile(path, content, 0o600); err != nil {
				t.Fatal(err)
			}
			ix, err := Open(path)
			if err != nil {
				t.Fatalf("Open of a damaged index: %v; want it rebuilt", err)
			}
			defer ix.Close()
			dir := t.TempDir()
			write(t, filepath.Join(dir, "a.gen5"), libtest.File{Prompt: "works"})
			scan(t, ix, false, dir)
			if got := query(t, ix, Query{Words: []string{"works"}}); len(got) != 1 {
				t.Fatalf("rebuilt index finds %v", got)
			}
		})
	}
}

func TestOpenNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	ix, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	ix, err = Open(path)
	if err != nil {
		t.Fatalf("Open of an index of a later schema: %v; want it replaced", err)
	}
	defer ix.Close()
	var v int
	ix.db.QueryRow("PRAGMA user_version").Scan(&v)
	if v != schemaVersion {
		t.Fatalf("user_version = %d, want %d", v, schemaVersion)
	}
}

// Two indexes open on one database (the window and the command line)
// scan at once: both finish, and each sees the other's rows.
func TestTwoConnectionsAtOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	var dirs [2]string
	for i := range dirs {
		dirs[i] = t.TempDir()
		for j := range 600 { // more than one batch each
			write(t, filepath.Join(dirs[i], libtest.Varied(j).Model+string(rune('a'+i))+string(rune('0'+j%10))+strings.Repeat("x", j/10)+".gen5"), libtest.Varied(j))
		}
	}
	var ixs [2]*Index
	for i := range ixs {
		ix, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		ixs[i] = ix
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range ixs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = ixs[i].Scan(context.Background(), []string{dirs[i]}, false, nil)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("scan %d: %v", i, err)
		}
	}
	for i := range ixs {
		if got := query(t, ixs[i], Query{Roots: dirs[:]}); len(got) != 1200 {
			t.Fatalf("index %d sees %d files, want 1200", i, len(got))
		}
	}
}

func searchFolder(t *testing.T) (*Index, string) {
	dir := t.TempDir()
	for name, f := range map[string]libtest.File{
		"1.gen5": {Model: "Stable Diffusion XL", Prompt: "A Red fox in the snow", Tags: []string{"animal", "winter"}, Seed: 10},
		"2.gen5": {Model: "Flux", Prompt: "red-haired portrait", Negative: "foxes", Tags: []string{"portrait", "best"}, Seed: 20},
		"3.gen5": {Model: "Flux", Prompt: "a castle", Tags: []string{"portraiture", "animal"}, Seed: 30},
		"4.gen5": {Model: "SD 1.5", Prompt: `quotes "and" OR (operators*)`, NoSeed: true},
	} {
		write(t, filepath.Join(dir, name), f)
	}
	ix := openIndex(t)
	scan(t, ix, false, dir)
	return ix, dir
}

func TestSearchSemantics(t *testing.T) {
	ix, dir := searchFolder(t)
	for _, c := range []struct {
		query string
		want  []string
	}{
		{"", []string{"1.gen5", "2.gen5", "3.gen5", "4.gen5"}},
		{"red", []string{"1.gen5", "2.gen5"}},          // a word of the prompt, any case
		{"RED FOX", []string{"1.gen5", "2.gen5"}},      // every word; "fox" prefixes "foxes" in 2's negative prompt
		{"red snow", []string{"1.gen5"}},               // every word must match
		{"fo", []string{"1.gen5", "2.gen5"}},           // word prefix
		{"ox", nil},                                    // not a substring inside a word
		{"winter", []string{"1.gen5"}},                 // tags are searched
		{"flux", []string{"2.gen5", "3.gen5"}},         // the model is searched
		{"tag:portrait", []string{"2.gen5"}},           // exact tag: not "portraiture"
		{"tag:animal -tag:winter", []string{"3.gen5"}}, // carried and not carried
		{"tag:animal tag:winter", []string{"1.gen5"}},  // every tag
		{"model:flux", []string{"2.gen5", "3.gen5"}},   // model words
		{"model:stable model:xl", []string{"1.gen5"}},  // several model words
		{"model:diffusion red", []string{"1.gen5"}},    // with words
		{"seed:20", []string{"2.gen5"}},                //
		{`operators* OR "and"`, []string{"4.gen5"}},    // FTS5 syntax is text
		{`tag:"red hair"`, nil},                        // quoted value
		{"portrait tag:best -tag:animal", []string{"2.gen5"}},
	} {
		q, err := ParseQuery(c.query)
		if err != nil {
			t.Fatalf("%q: %v", c.query, err)
		}
		q.Roots = []string{dir}
		if got := query(t, ix, q); !slices.Equal(got, c.want) {
			t.Errorf("%q: %v, want %v", c.query, got, c.want)
		}
	}
	if _, err := ParseQuery("seed:abc"); err == nil {
		t.Error("seed:abc parsed")
	}
}

func TestSearchSort(t *testing.T) {
	ix, dir := searchFolder(t)
	for sort, want := range map[Sort][]string{
		ByName:  {"1.gen5", "2.gen5", "3.gen5", "4.gen5"},
		ByModel: {"2.gen5", "3.gen5", "4.gen5", "1.gen5"},
		BySeed:  {"1.gen5", "2.gen5", "3.gen5", "4.gen5"},
	} {
		if got := query(t, ix, Query{Roots: []string{dir}, Sort: sort}); !slices.Equal(got, want) {
			t.Errorf("sort %d: %v, want %v", sort, got, want)
		}
	}
	// Seeds above 2⁶³ sort after the small ones.
	write(t, filepath.Join(dir, "0.gen5"), libtest.File{Prompt: "big", Seed: 1 << 63})
	scan(t, ix, false, dir)
	if got := query(t, ix, Query{Roots: []string{dir}, Sort: BySeed}); !slices.Equal(got, []string{"1.gen5", "2.gen5", "3.gen5", "0.gen5", "4.gen5"}) {
		t.Errorf("sort by seed with a seed ≥ 2⁶³: %v", got)
	}
}

func TestTagCounts(t *testing.T) {
	ix, dir := searchFolder(t)
	write(t, filepath.Join(dir, "5.gen5"), libtest.File{Model: "SD", Prompt: "snow", Tags: []string{"winter", "best"}})
	scan(t, ix, false, dir)
	tc, err := ix.TagCounts(context.Background(), Query{Roots: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	// Most used first, then by name.
	want := []TagCount{{"animal", 2}, {"best", 2}, {"winter", 2}, {"portrait", 1}, {"portraiture", 1}}
	if !slices.Equal(tc, want) {
		t.Fatalf("tag counts = %v, want %v", tc, want)
	}
	// Over a query's result only.
	tc, _ = ix.TagCounts(context.Background(), Query{Roots: []string{dir}, Model: "flux"})
	if want := []TagCount{{"animal", 1}, {"best", 1}, {"portrait", 1}, {"portraiture", 1}}; !slices.Equal(tc, want) {
		t.Fatalf("tag counts of model:flux = %v, want %v", tc, want)
	}
}

func TestScanMissingRoot(t *testing.T) {
	ix := openIndex(t)
	missing := filepath.Join(t.TempDir(), "nope")
	_, err := ix.Scan(context.Background(), []string{missing}, false, nil)
	if err == nil || !strings.Contains(err.Error(), missing) {
		t.Fatalf("scan of a missing folder: %v; want an error naming it", err)
	}
}

// An index of an earlier schema is migrated, keeping its rows.
func TestMigrateFromVersion1(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	ix, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	removeDB(path)
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(migrations[0] + "PRAGMA user_version = 1;"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO file (path, dir, name, size, mtime_ns, prompt) VALUES ('/x/a.gen5', '/x', 'a.gen5', 1, 1, 'kept')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	ix, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var v, triggers int
	ix.db.QueryRow("PRAGMA user_version").Scan(&v)
	ix.db.QueryRow("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").Scan(&triggers)
	if v != schemaVersion || triggers != 0 {
		t.Fatalf("after migration: version %d, %d triggers", v, triggers)
	}
	if e, ok, err := ix.Get(context.Background(), "/x/a.gen5"); !ok || err != nil || e.Prompt != "kept" {
		t.Fatalf("row after migration: %+v, %v, %v", e, ok, err)
	}
	if got := query(t, ix, Query{Words: []string{"kept"}}); len(got) != 1 {
		t.Fatalf("search after migration: %v", got)
	}
}

func TestRemove(t *testing.T) {
	ix, dir := searchFolder(t)
	if err := ix.Remove(context.Background(), filepath.Join(dir, "1.gen5"), filepath.Join(dir, "none.gen5")); err != nil {
		t.Fatal(err)
	}
	if got := query(t, ix, Query{Roots: []string{dir}}); !slices.Equal(got, []string{"2.gen5", "3.gen5", "4.gen5"}) {
		t.Fatalf("after Remove: %v", got)
	}
	// Its search entry and tags went with it.
	checkFTS(t, ix)
	checkDirTags(t, ix)
	if got := query(t, ix, Query{Words: []string{"snow"}}); len(got) != 0 {
		t.Fatalf("removed file still found: %v", got)
	}
	if tc, _ := ix.TagCounts(context.Background(), Query{Roots: []string{dir}}); tc[0] != (TagCount{"animal", 1}) {
		t.Fatalf("tag counts after Remove: %v", tc)
	}
}

// checkFTS fails the test when the search index differs from the rows it
// was made from (FTS5's integrity check against its content table).
func checkFTS(t *testing.T, ix *Index) {
	t.Helper()
	if _, err := ix.db.Exec("INSERT INTO file_fts(file_fts, rank) VALUES ('integrity-check', 1)"); err != nil {
		t.Fatalf("search index out of step with the rows: %v", err)
	}
}

// Rows reads a block of rows in the order asked, skipping paths the index
// does not hold, with the fields Get reads.
func TestRowsInOrder(t *testing.T) {
	ix, dir := searchFolder(t)
	p := func(name string) string { return filepath.Join(dir, name) }
	es, err := ix.Rows(context.Background(), []string{p("3.gen5"), p("none.gen5"), p("1.gen5"), p("2.gen5")})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"3.gen5", "1.gen5", "2.gen5"}) {
		t.Fatalf("rows %v, want 3, 1, 2", names)
	}
	if want, _, _ := ix.Get(context.Background(), p("1.gen5")); !slices.Equal(es[1].Tags, want.Tags) || es[1].Prompt != want.Prompt || *es[1].Seed != 10 {
		t.Errorf("row of 1.gen5: %+v, Get gives %+v", es[1], want)
	}
}

// checkDirTags checks the folders' tag counts against the files' tags.
func checkDirTags(t *testing.T, ix *Index) {
	t.Helper()
	const want = `SELECT f.dir, t.tag, count(*) FROM file f JOIN file_tag t ON t.file_id = f.id GROUP BY f.dir, t.tag`
	for _, q := range []string{
		"SELECT count(*) FROM (SELECT dir, tag, n FROM dir_tag EXCEPT " + want + ")",
		"SELECT count(*) FROM (" + want + " EXCEPT SELECT dir, tag, n FROM dir_tag)",
	} {
		var diff int
		if err := ix.db.QueryRow(q).Scan(&diff); err != nil || diff != 0 {
			t.Fatalf("folder tag counts out of step with the files' tags: %d differ (%v)", diff, err)
		}
	}
}

// Paths gives the paths of Query's rows, in the same order, for every sort.
func TestPathsAsQuery(t *testing.T) {
	ix, dir := searchFolder(t)
	write(t, filepath.Join(dir, "0.gen5"), libtest.File{Model: "Flux", Prompt: "big red", Seed: 1 << 63})
	scan(t, ix, false, dir)
	for _, text := range []string{"", "red", "tag:animal", "nothing-matches"} {
		for _, sort := range []Sort{ByName, ByDate, ByModel, BySeed} {
			q, err := ParseQuery(text)
			if err != nil {
				t.Fatal(err)
			}
			q.Roots, q.Sort = []string{dir}, sort
			es, err := ix.Query(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, e := range es {
				want = append(want, e.Path)
			}
			got, err := ix.Paths(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%q sorted by %d: Paths %v, Query %v", text, sort, got, want)
			}
		}
	}
}
