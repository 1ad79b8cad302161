// Package newcontainer is the New container window: it puts a new .gen5
// file together from a picture and its initial noise, with the metadata
// form prefilled from what the picture says about its own generation. It
// is a window of its own rather than a mode of the viewer, so that the file
// the viewer shows (and any unsaved edits to it) stays in view while the
// new one is assembled, and the viewer opens the result when it is written.
// What it needs of the viewer is a Viewer.
//
// The parts live in files of their own: the picture (picture.go), the
// noise, read or generated (noise.go), the form (form.go), the checks
// compose.Build makes (check.go) and writing the file (create.go). All the
// format work is compose's; this is only the bridge to widgets.
//
// The package does not import fyne.io/fyne/v2/app, so its tests run on
// Fyne's test driver.
package newcontainer

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/gen5viewer/gen5view/ui/widgets"
)

// appName is what the window's title and messages call the program.
const appName = "Gen5 Viewer"

// title is the window's title.
const title = "New container — " + appName

// Viewer is what the New container window needs from the viewer window
// that opened it.
type Viewer interface {
	// App is the application: it makes the window, and its preferences
	// hold the tag vocabulary the tag field suggests from.
	App() fyne.App
	// Window is the viewer's window, which refuses a drop of files that
	// are neither pictures nor noise while no New container window is
	// open.
	Window() fyne.Window
	// Open shows the container just written at path: in the viewer's
	// window, or in a new one when that has closed meanwhile. It returns
	// the window that shows it, where what compose noted while writing is
	// listed.
	Open(path string) fyne.Window
	// OpenContainers opens .gen5 and .raiiaf files dropped on the New
	// container window, as a drop on the viewer does.
	OpenContainers(paths []string)
	// AskPath asks where to write a file as the viewer asks where to save
	// one: in the desktop's file chooser where there is one, else in the
	// window's own dialog (widgets.AskPath).
	AskPath(w fyne.Window, p widgets.PathDialog)
	// RunOnUI runs f on the UI goroutine: fyne.Do, or a test's stand-in.
	RunOnUI(f func())
}

// Window is one New container window.
type Window struct {
	v     Viewer
	win   fyne.Window
	vocab *widgets.TagVocabulary

	picture *picturePane
	noise   *noisePane
	form    *metadataForm
	checks  *checkList

	// wg counts the background work under way (reading, generating,
	// checking, writing, drawing), for Wait.
	wg sync.WaitGroup
	// checkDelay is how long the checks wait after the last change
	// before running, so that typing does not build a container per key.
	checkDelay time.Duration
	// closed is set when the window has gone; late results are dropped.
	closed bool
}

// Show brings up nc, the viewer's New container window, or a new one when
// nc is nil or has closed, and fills in the pictures and noise files among
// paths. The viewer hands it the dropped files that are not .gen5 files;
// with no paths (File ▸ New from Files…) the window opens empty, with
// buttons to choose the files. When none of the paths is a picture or a
// noise file, nothing opens: the window in front says why, and nc is
// returned as it was. Show returns the window shown.
func Show(v Viewer, nc *Window, paths []string) *Window {
	if nc != nil && nc.closed {
		nc = nil
	}
	in := sortDropped(paths)
	if len(paths) > 0 && len(in.pictures)+len(in.noise) == 0 {
		w := v.Window()
		if nc != nil {
			w = nc.win
		}
		refuseDropped(in.other, w)
		return nc
	}
	if nc == nil {
		nc = newWindow(v)
		nc.win.Show()
	} else {
		nc.win.RequestFocus()
	}
	nc.drop(in)
	return nc
}

// Window is the Fyne window.
func (nc *Window) Window() fyne.Window { return nc.win }

// Picture is the path of the picture in the window, "" before one is given.
func (nc *Window) Picture() string { return nc.picture.path }

// Wait blocks until the background work started so far (reading,
// generating, checking, writing, drawing) is done: for tests, which must
// not sleep.
func (nc *Window) Wait() { nc.wg.Wait() }

// droppedFiles are dropped paths sorted by what they are, told apart by
// their names: compose tells noise formats apart by content, but a drop
// has to be routed before anything is read.
type droppedFiles struct {
	pictures, noise, gen5, other []string
}

func sortDropped(paths []string) droppedFiles {
	var d droppedFiles
	for _, p := range paths {
		switch strings.ToLower(filepath.Ext(p)) {
		case ".png", ".jpg", ".jpeg", ".webp":
			d.pictures = append(d.pictures, p)
		case ".npy", ".safetensors":
			d.noise = append(d.noise, p)
		case ".gen5", ".raiiaf":
			d.gen5 = append(d.gen5, p)
		default:
			d.other = append(d.other, p)
		}
	}
	return d
}

// refuseDropped says that the files are neither pictures nor noise.
func refuseDropped(other []string, w fyne.Window) {
	if len(other) == 0 {
		return
	}
	widgets.ShowMessage(w, "Not a picture or noise file",
		fmt.Sprintf("%s is neither a picture (PNG, JPEG or WebP) nor a noise file (.npy or .safetensors). "+
			"%s opens .gen5 and .raiiaf files and makes new .gen5 files from a picture and its noise.", filepath.Base(other[0]), appName))
}

// drop fills in what was dropped: a picture replaces the picture (and the
// fields nobody typed in follow it), a noise file replaces the noise.
// .gen5 files go to the viewer, which opens them.
func (nc *Window) drop(in droppedFiles) {
	if len(in.pictures) > 0 {
		nc.setPicture(in.pictures[0])
	}
	if len(in.noise) > 0 {
		nc.setNoiseFiles(in.noise)
	}
	if len(in.gen5) > 0 {
		nc.v.OpenContainers(in.gen5)
	}
	var extra []string
	if len(in.pictures) > 1 {
		extra = append(extra, fmt.Sprintf("Only one picture goes in a container: %s was taken.", filepath.Base(in.pictures[0])))
	}
	if len(in.other) > 0 {
		refuseDropped(in.other, nc.win)
	} else if len(extra) > 0 {
		widgets.ShowMessage(nc.win, "Several files of a kind", strings.Join(extra, "\n"))
	}
}

func newWindow(v Viewer) *Window {
	nc := &Window{
		v:          v,
		win:        v.App().NewWindow(title),
		vocab:      widgets.LoadTagVocabulary(v.App().Preferences()),
		checkDelay: 200 * time.Millisecond,
	}
	nc.win.SetIcon(v.App().Icon())
	nc.picture = newPicturePane(nc)
	nc.noise = newNoisePane(nc)
	nc.form = newMetadataForm(nc)
	nc.checks = newCheckList(nc)

	left := container.NewVSplit(nc.picture.content, nc.noise.content)
	left.SetOffset(0.5)
	right := container.NewBorder(nil, nc.checks.content, nil, nil, nc.form.content)
	split := container.NewHSplit(left, right)
	split.SetOffset(0.5)
	nc.win.SetContent(split)
	widgets.ResizeToScreen(nc.win, fyne.NewSize(1280, 800))

	nc.win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) {
		var paths []string
		for _, u := range uris {
			if u.Scheme() == "file" {
				paths = append(paths, u.Path())
			}
		}
		nc.drop(sortDropped(paths))
	})
	nc.win.SetCloseIntercept(nc.confirmClose)
	nc.win.SetOnClosed(func() { nc.closed = true })
	nc.scheduleCheck()
	return nc
}

// confirmClose closes the window, first asking when something was typed
// that would be lost. While the file is being written it stays open.
func (nc *Window) confirmClose() {
	switch {
	case nc.checks.busy:
		widgets.ShowMessage(nc.win, "Writing the container", "Wait until the new container is written.")
	case nc.form.touched():
		widgets.ShowConfirm(nc.win, "Close without creating?",
			"What you typed for the new container will be lost.", "Close", "Keep Editing", func(ok bool) {
				if ok {
					nc.win.Close()
				}
			})
	default:
		nc.win.Close()
	}
}
