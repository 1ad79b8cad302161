package library

import (
	"context"
	"fmt"
)

// schemaVersion is the schema this version writes, kept in PRAGMA
// user_version. migrations[v] takes a database from version v to v+1; an
// index of a later version (from a newer program) is replaced, as is one
// whose version has no migration.
const schemaVersion = 4

var migrations = []string{
	// 0 → 1: the first schema.
	//
	// file is one row per indexed file; dir is its folder, so that a
	// folder's rows are found through an index. Seeds are unsigned 64-bit
	// numbers and SQLite's integers signed: seed holds the seed with its top
	// bit flipped (seedKey), which keeps order and equality. tags and
	// latents are JSON arrays, as shown; file_tag holds the tags again, one
	// row each, for tag filters and counts through the (tag, file_id) index.
	// file_fts is the full-text index of prompt, negative prompt, tags and
	// model.
	`
CREATE TABLE file (
	id INTEGER PRIMARY KEY,
	path TEXT NOT NULL UNIQUE,
	dir TEXT NOT NULL,
	name TEXT NOT NULL,
	size INTEGER NOT NULL,
	mtime_ns INTEGER NOT NULL,
	model_name TEXT NOT NULL DEFAULT '',
	model_version TEXT NOT NULL DEFAULT '',
	date TEXT NOT NULL DEFAULT '',
	prompt TEXT NOT NULL DEFAULT '',
	negative_prompt TEXT NOT NULL DEFAULT '',
	tags TEXT NOT NULL DEFAULT '[]',
	seed INTEGER,
	steps INTEGER,
	sampler TEXT NOT NULL DEFAULT '',
	cfg_scale REAL,
	image_format TEXT NOT NULL DEFAULT '',
	width INTEGER NOT NULL DEFAULT 0,
	height INTEGER NOT NULL DEFAULT 0,
	latents TEXT NOT NULL DEFAULT '[]',
	error TEXT
);
CREATE INDEX file_dir ON file(dir, name);
CREATE INDEX file_model ON file(model_name);
CREATE INDEX file_seed ON file(seed);
CREATE INDEX file_date ON file(date);
CREATE TABLE file_tag (
	file_id INTEGER NOT NULL REFERENCES file(id) ON DELETE CASCADE,
	tag TEXT NOT NULL,
	PRIMARY KEY (file_id, tag)
) WITHOUT ROWID;
CREATE INDEX file_tag_tag ON file_tag(tag, file_id);
CREATE VIRTUAL TABLE file_fts USING fts5(
	prompt, negative_prompt, tags, model_name,
	content='file', content_rowid='id'
);
CREATE TRIGGER file_fts_insert AFTER INSERT ON file BEGIN
	INSERT INTO file_fts(rowid, prompt, negative_prompt, tags, model_name)
	VALUES (new.id, new.prompt, new.negative_prompt, new.tags, new.model_name);
END;
CREATE TRIGGER file_fts_delete AFTER DELETE ON file BEGIN
	INSERT INTO file_fts(file_fts, rowid, prompt, negative_prompt, tags, model_name)
	VALUES ('delete', old.id, old.prompt, old.negative_prompt, old.tags, old.model_name);
END;
CREATE TRIGGER file_fts_update AFTER UPDATE ON file BEGIN
	INSERT INTO file_fts(file_fts, rowid, prompt, negative_prompt, tags, model_name)
	VALUES ('delete', old.id, old.prompt, old.negative_prompt, old.tags, old.model_name);
	INSERT INTO file_fts(rowid, prompt, negative_prompt, tags, model_name)
	VALUES (new.id, new.prompt, new.negative_prompt, new.tags, new.model_name);
END;
`,
	// 1 → 2: file_fts is kept by the statements that write file, a batch
	// at a time, not by triggers: a trigger inside a statement with its
	// own savepoint made FTS5 flush its pending terms at every row, a
	// segment per file, which cost more than the rest of a scan.
	`
DROP TRIGGER file_fts_insert;
DROP TRIGGER file_fts_delete;
DROP TRIGGER file_fts_update;
`,
	// 2 → 3: the journal of the last batch edit, for Undo. edit_batch is
	// the batch (one row: a new batch replaces the last); edit_item is a
	// file it saved, with the manifest the file had before (the metadata
	// JSON as stored) and its size and modification time after, by which
	// Undo tells that the file has not changed since.
	`
CREATE TABLE edit_batch (
	id INTEGER PRIMARY KEY,
	label TEXT NOT NULL,
	at_ns INTEGER NOT NULL
);
CREATE TABLE edit_item (
	batch_id INTEGER NOT NULL REFERENCES edit_batch(id) ON DELETE CASCADE,
	path TEXT NOT NULL,
	before BLOB NOT NULL,
	after_size INTEGER NOT NULL,
	after_mtime_ns INTEGER NOT NULL,
	PRIMARY KEY (batch_id, path)
) WITHOUT ROWID;
`,
	// 3 → 4: dir_tag counts the files of each folder carrying each tag,
	// kept by the statements that write file_tag, so that the tag panel of
	// a folder shown whole sums a row per folder and tag instead of
	// visiting every file's tags.
	`
CREATE TABLE dir_tag (
	dir TEXT NOT NULL,
	tag TEXT NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (dir, tag)
) WITHOUT ROWID;
INSERT INTO dir_tag (dir, tag, n)
	SELECT f.dir, t.tag, count(*) FROM file f JOIN file_tag t ON t.file_id = f.id GROUP BY f.dir, t.tag;
`,
}

// migrate brings the database to schemaVersion, in one transaction, or
// returns errReplace when it cannot.
func (ix *Index) migrate(ctx context.Context) error {
	var v int
	if err := ix.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return err
	}
	if v == schemaVersion {
		return ix.checkSchema(ctx)
	}
	if v > schemaVersion || v >= len(migrations) {
		return fmt.Errorf("%w (version %d, this program knows %d)", errReplace, v, schemaVersion)
	}
	tx, err := ix.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Another process may have migrated while this one waited for the lock.
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return err
	}
	for ; v < schemaVersion; v++ {
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			return fmt.Errorf("%w: migrating from version %d: %v", errReplace, v, err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", schemaVersion)); err != nil {
		return err
	}
	return tx.Commit()
}

// checkSchema reads the tables the index uses, so that a database whose
// pages or tables are damaged is found at Open rather than at a search.
func (ix *Index) checkSchema(ctx context.Context) error {
	for _, q := range []string{
		"SELECT count(*) FROM (SELECT id FROM file LIMIT 1)",
		"SELECT count(*) FROM (SELECT file_id FROM file_tag LIMIT 1)",
		"SELECT count(*) FROM file_fts WHERE file_fts MATCH 'x' LIMIT 1",
		"SELECT count(*) FROM (SELECT batch_id FROM edit_item LIMIT 1)",
	} {
		var n int
		if err := ix.db.QueryRowContext(ctx, q).Scan(&n); err != nil {
			if systemError(err) {
				return err
			}
			return fmt.Errorf("%w: %v", errReplace, err)
		}
	}
	return nil
}
