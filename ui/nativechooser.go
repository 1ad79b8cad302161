package ui

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"

	"github.com/gen5viewer/gen5view/internal/xdg"
)

// nativeChooser is the desktop's own file chooser, reached through the
// xdg-desktop-portal on the session bus. Fyne's file dialog enters a
// folder on one click, mixes folders with files and takes no typed path;
// the desktop's chooser is the one people know. Where no portal answers
// (no session bus, no portal, Windows), the window's own dialogs are used
// instead, and so they are when a portal call fails.
//
// Whether a portal answers is asked once, in the background, on first use;
// a chooser asked for meanwhile waits for that answer (xdg.CallTimeout at
// most) off the UI goroutine.
type nativeChooser struct {
	once  sync.Once
	ready chan struct{}
	// bus is the session bus with a portal on it, nil when there is none;
	// set before ready is closed, cleared when a call fails.
	bus atomic.Pointer[xdg.Bus]
	// pending counts the choosers open, for tests.
	pending sync.WaitGroup
}

// native is the process's file chooser: one session bus serves every window.
var native = &nativeChooser{}

// probe asks the session bus for a file chooser portal, once.
func (n *nativeChooser) probe() {
	n.once.Do(func() {
		n.ready = make(chan struct{})
		go func() {
			defer close(n.ready)
			ctx, cancel := context.WithTimeout(context.Background(), xdg.CallTimeout)
			defer cancel()
			b, err := xdg.Connect(ctx)
			if err != nil {
				return
			}
			if !b.FileChooserAvailable(ctx) {
				b.Close()
				return
			}
			n.bus.Store(b)
		}()
	})
}

// openFile asks for one existing file in the portal's chooser and passes
// its path to then ("" when cancelled), or runs fallback when no portal
// answers. Both run on the UI goroutine.
func (n *nativeChooser) openFile(w fyne.Window, o xdg.FileChooserOptions, then func(path string), fallback func()) {
	n.run(w, o, (*xdg.Bus).OpenFile, then, fallback)
}

// saveFile asks for a file to write, as openFile does.
func (n *nativeChooser) saveFile(w fyne.Window, o xdg.FileChooserOptions, then func(path string), fallback func()) {
	n.run(w, o, (*xdg.Bus).SaveFile, then, fallback)
}

func (n *nativeChooser) run(w fyne.Window, o xdg.FileChooserOptions,
	call func(*xdg.Bus, context.Context, xdg.FileChooserOptions) (string, error),
	then func(string), fallback func()) {
	n.probe()
	select {
	case <-n.ready:
		if n.bus.Load() == nil {
			fallback()
			return
		}
	default:
	}
	o.Parent = windowHandle(w)
	n.pending.Add(1)
	go func() {
		defer n.pending.Done()
		<-n.ready
		b := n.bus.Load()
		if b == nil {
			runOnUI(fallback)
			return
		}
		path, err := call(b, context.Background(), o)
		runOnUI(func() {
			if err != nil {
				// A portal that fails once (no backend for its file
				// chooser, say) is not asked again this run.
				fyne.LogError("the desktop's file chooser failed; using the window's own", err)
				n.bus.Store(nil)
				fallback()
				return
			}
			then(path)
		})
	}()
}

// windowHandle identifies w to the portal, so that its chooser stays above
// w: "x11:" and the X window in hex. Under Wayland a handle must be
// exported through xdg-foreign, which Fyne does not offer; the chooser then
// has no parent.
func windowHandle(w fyne.Window) string {
	nw, ok := w.(driver.NativeWindow)
	if !ok {
		return ""
	}
	handle := ""
	nw.RunNative(func(ctx any) {
		if x, ok := ctx.(driver.X11WindowContext); ok && x.WindowHandle != 0 {
			handle = fmt.Sprintf("x11:%x", x.WindowHandle)
		}
	})
	return handle
}
