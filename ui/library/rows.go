package library

import (
	"container/list"
	"context"
)

// rowBlock is how many rows the grid reads at a time: a few screens of the
// smallest cells, one statement to the index.
const rowBlock = 256

// rowMemory is how many rows the grid keeps: a folder of 100,000 files
// keeps its paths (a few MiB) but only these of its rows (prompts, tags,
// settings), so that its memory does not grow with the folder.
const rowMemory = 8 * rowBlock

// rowCache holds the rows of the grid's files most recently shown, read
// from the Source a block of neighbours at a time, the least recently
// used dropped beyond rowMemory. It is used on the UI goroutine only.
type rowCache struct {
	read func(paths []string) ([]Entry, error)

	lru    *list.List // of *Entry, most recent at the front
	byPath map[string]*list.Element
}

func newRowCache(ctx context.Context, src Source) *rowCache {
	read := func(paths []string) ([]Entry, error) {
		if src == nil {
			return nil, nil
		}
		return src.Rows(ctx, paths)
	}
	return &rowCache{read: read, lru: list.New(), byPath: map[string]*list.Element{}}
}

// clear forgets every row: a new result may come after files changed.
func (rc *rowCache) clear() {
	rc.lru.Init()
	clear(rc.byPath)
}

// get returns the row of paths[i], reading it with the rows around it
// when it is not kept. A file the source cannot give a row for gets one
// with only its path and, when the source failed, the reason.
func (rc *rowCache) get(paths []string, i int) *Entry {
	p := paths[i]
	if el, ok := rc.byPath[p]; ok {
		rc.lru.MoveToFront(el)
		return el.Value.(*Entry)
	}
	start := i / rowBlock * rowBlock
	var want []string
	for _, q := range paths[start:min(start+rowBlock, len(paths))] {
		if _, ok := rc.byPath[q]; !ok {
			want = append(want, q)
		}
	}
	rows, err := rc.read(want)
	for k := range rows {
		rc.put(&rows[k])
	}
	if el, ok := rc.byPath[p]; ok {
		return el.Value.(*Entry)
	}
	e := &Entry{Path: p}
	if err != nil {
		e.Error = err.Error()
	}
	return e
}

func (rc *rowCache) put(e *Entry) {
	if el, ok := rc.byPath[e.Path]; ok {
		el.Value = e
		rc.lru.MoveToFront(el)
		return
	}
	rc.byPath[e.Path] = rc.lru.PushFront(e)
	for rc.lru.Len() > rowMemory {
		last := rc.lru.Back()
		delete(rc.byPath, last.Value.(*Entry).Path)
		rc.lru.Remove(last)
	}
}

// len is the number of rows kept.
func (rc *rowCache) len() int { return rc.lru.Len() }
