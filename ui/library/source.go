package library

import (
	"context"
)

// Entry is what the window shows of one file: the row its Source keeps.
type Entry struct {
	Path string

	ModelName, ModelVersion string
	Date                    string
	Prompt, NegativePrompt  string
	Tags                    []string

	Seed     *uint64
	Steps    *int64
	Sampler  string
	CFGScale *float64

	Width, Height int

	// Error is why the file cannot be read, in one line, or "".
	Error string
}

// TagCount is a tag and how many of the shown files carry it.
type TagCount struct {
	Tag   string
	Files int
}

// Search is what the window asks its Source for: the files of Dir (and
// of the folders below) matching Text, as typed in the search field, and
// carrying every one of Tags, in the order Sort names.
type Search struct {
	Dir  string
	Text string
	Tags []string
	Sort string // "name", "date", "model" or "seed"
}

// Source is where the window's files come from: the library index, or a
// list of its own in tests.
type Source interface {
	// Scan brings what the source knows of dir up to date, calling
	// progress (on Scan's goroutine) as it goes.
	Scan(ctx context.Context, dir string, progress func(found, done int)) error
	// Find returns the files matching s, in its order, and the tags they
	// carry with their counts, most used first. An error about the
	// search text is shown beside the field.
	Find(ctx context.Context, s Search) ([]Entry, []TagCount, error)
}
