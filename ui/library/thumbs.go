package library

import (
	"container/list"
	"image"
	"sync"
)

// thumbWorkers is how many thumbnails are made at once. Making one reads
// and decodes a picture; the machine's other work (the scan, the UI) must
// go on meanwhile.
const thumbWorkers = 2

// thumbMemory is how many decoded thumbnails are kept in memory: a few
// screens of the largest cells. A 256-pixel thumbnail is 256 KiB, so this
// bounds them to about 100 MiB.
const thumbMemory = 400

// thumbResult is a thumbnail or why there is none.
type thumbResult struct {
	img image.Image
	err error
}

// thumbLoader makes thumbnails off the UI goroutine, the most recently
// asked for first, skipping those no cell shows any more, and keeps the
// last thumbMemory results in memory. Results go to deliver, called on a
// worker goroutine.
type thumbLoader struct {
	make    func(path string) (image.Image, error)
	deliver func(path string, r thumbResult)

	mu      sync.Mutex
	wake    *sync.Cond
	pending []string        // a stack: the newest request first
	queued  map[string]bool // in pending or being made
	wanted  map[string]int  // paths shown by cells, with how many show each
	lru     *list.List      // of *lruItem, most recent at the front
	cached  map[string]*list.Element
	closed  bool

	// workers counts the running worker goroutines, so that a closed
	// loader can be waited for until none still writes a thumbnail.
	workers sync.WaitGroup
}

type lruItem struct {
	path string
	r    thumbResult
}

func newThumbLoader(mk func(string) (image.Image, error), deliver func(string, thumbResult)) *thumbLoader {
	l := &thumbLoader{make: mk, deliver: deliver, queued: map[string]bool{}, wanted: map[string]int{},
		lru: list.New(), cached: map[string]*list.Element{}}
	l.wake = sync.NewCond(&l.mu)
	for range thumbWorkers {
		l.workers.Add(1)
		go func() {
			defer l.workers.Done()
			l.work()
		}()
	}
	return l
}

// show tells the loader a cell now shows path (and no longer old, when
// not ""), and returns its thumbnail when it is in memory. Otherwise the
// thumbnail is made and delivered later.
func (l *thumbLoader) show(path, old string) (thumbResult, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if old != "" {
		if l.wanted[old]--; l.wanted[old] <= 0 {
			delete(l.wanted, old)
		}
	}
	if path == "" {
		return thumbResult{}, false
	}
	l.wanted[path]++
	if e, ok := l.cached[path]; ok {
		l.lru.MoveToFront(e)
		return e.Value.(*lruItem).r, true
	}
	if !l.queued[path] {
		l.queued[path] = true
		l.pending = append(l.pending, path)
		l.wake.Signal()
	}
	return thumbResult{}, false
}

// forget drops path's thumbnail from memory, so that the next show makes
// it anew (the file changed).
func (l *thumbLoader) forget(path string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if e, ok := l.cached[path]; ok {
		l.lru.Remove(e)
		delete(l.cached, path)
	}
}

// wait blocks until every thumbnail asked for so far is made or dropped;
// for tests.
func (l *thumbLoader) wait() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for len(l.queued) > 0 && !l.closed {
		l.wake.Wait()
	}
}

// close stops the workers once they finish what they are making.
func (l *thumbLoader) close() {
	l.mu.Lock()
	l.closed = true
	l.pending = nil
	l.mu.Unlock()
	l.wake.Broadcast()
}

func (l *thumbLoader) work() {
	for {
		l.mu.Lock()
		var path string
		for path == "" {
			for len(l.pending) == 0 && !l.closed {
				l.wake.Wait()
			}
			if l.closed {
				l.mu.Unlock()
				return
			}
			p := l.pending[len(l.pending)-1]
			l.pending = l.pending[:len(l.pending)-1]
			if l.wanted[p] > 0 {
				path = p
			} else {
				delete(l.queued, p) // scrolled away before its turn
				l.wake.Broadcast()  // for wait
			}
		}
		l.mu.Unlock()

		img, err := l.make(path)
		r := thumbResult{img, err}

		l.mu.Lock()
		delete(l.queued, path)
		l.wake.Broadcast() // for wait
		l.cached[path] = l.lru.PushFront(&lruItem{path, r})
		for l.lru.Len() > thumbMemory {
			old := l.lru.Back()
			l.lru.Remove(old)
			delete(l.cached, old.Value.(*lruItem).path)
		}
		closed := l.closed
		l.mu.Unlock()
		if !closed {
			l.deliver(path, r)
		}
	}
}
