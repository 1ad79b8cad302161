package library

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Sort is the order of a query's result.
type Sort int

const (
	ByName  Sort = iota // file name, then folder
	ByDate              // model_info.date, then name
	ByModel             // model name, then name
	BySeed              // seed (files without one last), then name
)

// ParseSort reads a sort key as the command line and a window name it:
// "name", "date", "model" or "seed".
func ParseSort(s string) (Sort, error) {
	switch s {
	case "name", "":
		return ByName, nil
	case "date":
		return ByDate, nil
	case "model":
		return ByModel, nil
	case "seed":
		return BySeed, nil
	}
	return ByName, fmt.Errorf("unknown sort %q (name, date, model or seed)", s)
}

// Query selects indexed files. Every condition given must hold.
type Query struct {
	// Roots limits the result to these folders and files (with Recursive,
	// to the folders below too); none means every indexed file.
	Roots     []string
	Recursive bool
	// Words each match the start of a word of the prompt, negative
	// prompt, tags or model name, ignoring case.
	Words []string
	// Tags must all be carried and NotTags none, exactly.
	Tags, NotTags []string
	// Model: each of its words matches the start of a word of the model
	// name, ignoring case.
	Model string
	Seed  *uint64
	Sort  Sort
}

// ParseQuery reads a search as typed in a search field: words, "tag:x"
// (carries tag x), "-tag:x" (does not), "model:x", "seed:N", with double
// quotes around a value that holds spaces (tag:"red hair"). It returns
// an error naming a seed that is not a number; the other terms cannot be
// wrong.
func ParseQuery(text string) (Query, error) {
	var q Query
	for _, term := range splitTerms(text) {
		key, value, ok := strings.Cut(term, ":")
		switch {
		case ok && key == "tag" && value != "":
			q.Tags = append(q.Tags, value)
		case ok && key == "-tag" && value != "":
			q.NotTags = append(q.NotTags, value)
		case ok && key == "model" && value != "":
			q.Model = strings.TrimSpace(q.Model + " " + value)
		case ok && key == "seed" && value != "":
			n, err := strconv.ParseUint(value, 10, 64)
			if err != nil {
				return q, fmt.Errorf("seed:%s is not a seed (a whole number, 0 or more)", value)
			}
			q.Seed = &n
		default:
			q.Words = append(q.Words, term)
		}
	}
	return q, nil
}

// splitTerms splits at white space outside double quotes, dropping the
// quotes.
func splitTerms(text string) []string {
	var out []string
	var b strings.Builder
	quoted, has := false, false
	for _, r := range text {
		switch {
		case r == '"':
			quoted, has = !quoted, true
		case unicode.IsSpace(r) && !quoted:
			if has {
				out = append(out, b.String())
			}
			b.Reset()
			has = false
		default:
			b.WriteRune(r)
			has = true
		}
	}
	if has {
		out = append(out, b.String())
	}
	return out
}

// ftsMatch builds an FTS5 expression requiring every word of text as a
// word prefix, in the column when one is named. Each word is quoted, so
// that FTS5's operators and punctuation in it are taken as text.
func ftsMatch(column string, words []string) string {
	var parts []string
	for _, w := range words {
		for _, tok := range strings.FieldsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }) {
			p := `"` + strings.ReplaceAll(tok, `"`, `""`) + `"*`
			if column != "" {
				p = column + " : " + p
			}
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " AND ")
}

// where compiles the query's conditions on file rows (table alias f).
func (q Query) where() (string, []any, error) {
	conds := []string{"1"}
	var args []any
	if len(q.Roots) > 0 {
		scopes, err := makeScopes(q.Roots, q.Recursive)
		if err != nil {
			return "", nil, err
		}
		w, a := scopesWhere(scopes)
		conds = append(conds, w)
		args = append(args, a...)
	}
	match := ftsMatch("", q.Words)
	if m := ftsMatch("model_name", strings.Fields(q.Model)); m != "" {
		match = strings.TrimPrefix(match+" AND "+m, " AND ")
	}
	if match != "" {
		conds = append(conds, "f.id IN (SELECT rowid FROM file_fts WHERE file_fts MATCH ?)")
		args = append(args, match)
	}
	for _, t := range q.Tags {
		conds = append(conds, "f.id IN (SELECT file_id FROM file_tag WHERE tag = ?)")
		args = append(args, strings.TrimSpace(t))
	}
	for _, t := range q.NotTags {
		conds = append(conds, "f.id NOT IN (SELECT file_id FROM file_tag WHERE tag = ?)")
		args = append(args, strings.TrimSpace(t))
	}
	if q.Seed != nil {
		conds = append(conds, "f.seed = ?")
		args = append(args, seedKey(*q.Seed))
	}
	return strings.Join(conds, " AND "), args, nil
}

// wholeFolders reports whether q selects every file of its roots (or of the
// index) and its roots are folders: its tag counts are then dir_tag's.
func (q Query) wholeFolders() bool {
	if len(q.Words) > 0 || len(q.Tags) > 0 || len(q.NotTags) > 0 || q.Model != "" || q.Seed != nil {
		return false
	}
	for _, r := range q.Roots {
		if st, err := os.Stat(r); err != nil || !st.IsDir() {
			return false
		}
	}
	return true
}

// foldersWhere is the condition on dir_tag rows of q's roots, all
// folders (wholeFolders).
func (q Query) foldersWhere() (string, []any) {
	if len(q.Roots) == 0 {
		return "1", nil
	}
	scopes, err := makeScopes(q.Roots, q.Recursive)
	if err != nil {
		return "0", nil
	}
	return scopesWhere(scopes)
}

// orderBy is the ORDER BY clause of each sort.
var orderBy = map[Sort]string{
	ByName:  "f.name, f.dir",
	ByDate:  "f.date, f.name, f.dir",
	ByModel: "f.model_name, f.model_version, f.name, f.dir",
	BySeed:  "f.seed IS NULL, f.seed, f.name, f.dir",
}

// entryColumns are the columns scanEntry reads, in its order.
const entryColumns = `f.path, f.size, f.mtime_ns, f.model_name, f.model_version, f.date,
	f.prompt, f.negative_prompt, f.tags, f.seed, f.steps, f.sampler, f.cfg_scale,
	f.image_format, f.width, f.height, f.latents, f.error`

// Query returns the indexed files that match q, in its order. It reads the
// index only: Scan the roots first for an up-to-date answer.
func (ix *Index) Query(ctx context.Context, q Query) ([]Entry, error) {
	where, args, err := q.where()
	if err != nil {
		return nil, err
	}
	rows, err := ix.db.QueryContext(ctx, "SELECT "+entryColumns+" FROM file f WHERE "+where+" ORDER BY "+orderBy[q.Sort], args...)
	if err != nil {
		return nil, ix.wrap(err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, ix.wrap(err)
		}
		out = append(out, e)
	}
	return out, ix.wrap(rows.Err())
}

// Paths returns the paths of the files that match q, in its order: the
// cheap form of Query, for a list that reads rows (Get) as they are shown.
func (ix *Index) Paths(ctx context.Context, q Query) ([]string, error) {
	where, args, err := q.where()
	if err != nil {
		return nil, err
	}
	// The paths come as one text, separated by NULs (which no path holds):
	// a row per file cost a third of the search in the driver. SQLite
	// keeps the ORDER BY of a subquery that an aggregate reads, and
	// group_concat joins in that order (TestPathsAsQuery checks it).
	var list sql.NullString
	err = ix.db.QueryRowContext(ctx, "SELECT group_concat(path, char(0)) FROM (SELECT f.path FROM file f WHERE "+where+" ORDER BY "+orderBy[q.Sort]+")", args...).Scan(&list)
	if err != nil {
		return nil, ix.wrap(err)
	}
	if !list.Valid {
		return nil, nil
	}
	return strings.Split(list.String, "\x00"), nil
}

// Get returns the indexed row of the file at path (made absolute), and
// false when the index has none.
func (ix *Index) Get(ctx context.Context, path string) (Entry, bool, error) {
	abs, err := absPath(path)
	if err != nil {
		return Entry{}, false, err
	}
	row := ix.db.QueryRowContext(ctx, "SELECT "+entryColumns+" FROM file f WHERE f.path = ?", abs)
	e, err := scanEntry(row)
	if err == sql.ErrNoRows {
		return Entry{}, false, nil
	}
	if err != nil {
		return Entry{}, false, ix.wrap(err)
	}
	return e, true, nil
}

// Rows returns the indexed rows of the files at paths (absolute, as Paths
// returns them), in the order given; a path the index does not hold has no
// row. It is Get for the cells a list shows, a block at a time: one
// statement for a few hundred rows.
func (ix *Index) Rows(ctx context.Context, paths []string) ([]Entry, error) {
	if len(paths) == 0 {
		return nil, nil
	}
	list, err := json.Marshal(paths)
	if err != nil {
		return nil, err
	}
	rows, err := ix.db.QueryContext(ctx, "SELECT "+entryColumns+` FROM json_each(?) j
		CROSS JOIN file f ON f.path = j.value ORDER BY j.key`, string(list))
	if err != nil {
		return nil, ix.wrap(err)
	}
	defer rows.Close()
	out := make([]Entry, 0, len(paths))
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, ix.wrap(err)
		}
		out = append(out, e)
	}
	return out, ix.wrap(rows.Err())
}

// TagCount is a tag and the number of files carrying it.
type TagCount struct {
	Tag   string
	Files int
}

// TagCounts returns the tags of the files that match q with how many of
// them carry each, most used first, then by name. q.Sort is ignored.
func (ix *Index) TagCounts(ctx context.Context, q Query) ([]TagCount, error) {
	where, args, err := q.where()
	if err != nil {
		return nil, err
	}
	query := `SELECT t.tag, count(*) FROM file_tag t
		WHERE t.file_id IN (SELECT f.id FROM file f WHERE ` + where + `)
		GROUP BY t.tag ORDER BY count(*) DESC, t.tag`
	if q.wholeFolders() {
		// The folders' counts, kept by the writes: a row per folder and
		// tag, not one per file and tag.
		where, args = q.foldersWhere()
		query = `SELECT tag, sum(n) FROM dir_tag WHERE ` + where + `
			GROUP BY tag ORDER BY sum(n) DESC, tag`
	}
	rows, err := ix.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, ix.wrap(err)
	}
	defer rows.Close()
	var out []TagCount
	for rows.Next() {
		var tc TagCount
		if err := rows.Scan(&tc.Tag, &tc.Files); err != nil {
			return nil, ix.wrap(err)
		}
		out = append(out, tc)
	}
	return out, ix.wrap(rows.Err())
}

func absPath(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("%s: %v", path, err)
	}
	return abs, nil
}

// scanEntry reads a row of entryColumns.
func scanEntry(r interface{ Scan(...any) error }) (Entry, error) {
	var e Entry
	var mtime int64
	var tags, latents string
	var seed, steps sql.NullInt64
	var cfg sql.NullFloat64
	var errText sql.NullString
	if err := r.Scan(&e.Path, &e.Size, &mtime, &e.ModelName, &e.ModelVersion, &e.Date,
		&e.Prompt, &e.NegativePrompt, &tags, &seed, &steps, &e.Sampler, &cfg,
		&e.ImageFormat, &e.Width, &e.Height, &latents, &errText); err != nil {
		return e, err
	}
	e.ModTime = time.Unix(0, mtime)
	var err error
	if e.Tags, err = decodeTags(tags); err != nil {
		return e, fmt.Errorf("%s: tags in the index: %v", e.Path, err)
	}
	if e.Latents, err = decodeShapes(latents); err != nil {
		return e, fmt.Errorf("%s: latents in the index: %v", e.Path, err)
	}
	if seed.Valid {
		s := seedOf(seed.Int64)
		e.Seed = &s
	}
	if steps.Valid {
		e.Steps = &steps.Int64
	}
	if cfg.Valid {
		e.CFGScale = &cfg.Float64
	}
	e.Error = errText.String
	return e, nil
}
