package ui

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

// The "New container" view puts a new .gen5 file together from a picture
// and its initial noise, with the metadata form prefilled from what the
// picture says about its own generation. It is a window of its own rather
// than a mode of the viewer, so that the file the viewer shows (and any
// unsaved edits to it) stays in view while the new one is assembled, and
// the viewer opens the result when it is written.
//
// The parts live in files of their own: the picture (newcontainer_picture.go),
// the noise, read or generated (newcontainer_noise.go), the form
// (newcontainer_form.go), the checks compose.Build makes
// (newcontainer_check.go) and writing the file (newcontainer_create.go).
// All the format work is compose's; this is only the bridge to widgets.

// newContainerTitle is the view's window title.
const newContainerTitle = "New container — " + appName

// newContainer is one New container window.
type newContainer struct {
	v     *viewer
	win   fyne.Window
	vocab *widgets.TagVocabulary

	picture *ncPicture
	noise   *ncNoise
	form    *ncForm
	checks  *ncChecks

	// wg counts the background work under way (reading, generating,
	// checking, writing, drawing), for tests, which must not sleep.
	wg sync.WaitGroup
	// checkDelay is how long the checks wait after the last change
	// before running, so that typing does not build a container per key.
	checkDelay time.Duration
	// closed is set when the window has gone; late results are dropped.
	closed bool
}

// showNewContainer brings up the viewer's New container window, opening
// it if needed, and fills in the pictures and noise files among paths.
// The viewer hands it the dropped files that are not .gen5 files; with
// no paths (File ▸ New from Files…) it opens the view empty, with buttons
// to choose the files. When none of the paths is a picture or a noise
// file, nothing opens and the viewer says why.
func (v *viewer) showNewContainer(paths []string) {
	in := sortDropped(paths)
	nc := v.newContainer
	if len(paths) > 0 && len(in.pictures)+len(in.noise) == 0 {
		w := v.win
		if nc != nil {
			w = nc.win
		}
		refuseDropped(in.other, w)
		return
	}
	if nc == nil {
		nc = newNewContainer(v)
		v.newContainer = nc
		nc.win.Show()
	} else {
		nc.win.RequestFocus()
	}
	nc.drop(in)
}

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
	showMessage(w, "Not a picture or noise file",
		fmt.Sprintf("%s is neither a picture (PNG, JPEG or WebP) nor a noise file (.npy or .safetensors). "+
			"%s opens .gen5 and .raiiaf files and makes new .gen5 files from a picture and its noise.", filepath.Base(other[0]), appName))
}

// drop fills in what was dropped: a picture replaces the picture (and the
// fields nobody typed in follow it), a noise file replaces the noise.
// .gen5 files go to the viewer, which opens them.
func (nc *newContainer) drop(in droppedFiles) {
	if len(in.pictures) > 0 {
		nc.setPicture(in.pictures[0])
	}
	if len(in.noise) > 0 {
		nc.setNoiseFiles(in.noise)
	}
	if len(in.gen5) > 0 {
		nc.v.HandleDrop(in.gen5)
	}
	var extra []string
	if len(in.pictures) > 1 {
		extra = append(extra, fmt.Sprintf("Only one picture goes in a container: %s was taken.", filepath.Base(in.pictures[0])))
	}
	if len(in.other) > 0 {
		refuseDropped(in.other, nc.win)
	} else if len(extra) > 0 {
		showMessage(nc.win, "Several files of a kind", strings.Join(extra, "\n"))
	}
}

func newNewContainer(v *viewer) *newContainer {
	nc := &newContainer{
		v:          v,
		win:        v.app.NewWindow(newContainerTitle),
		vocab:      widgets.LoadTagVocabulary(v.app.Preferences()),
		checkDelay: 200 * time.Millisecond,
	}
	nc.win.SetIcon(iconResource)
	nc.picture = newNCPicture(nc)
	nc.noise = newNCNoise(nc)
	nc.form = newNCForm(nc)
	nc.checks = newNCChecks(nc)

	left := container.NewVSplit(nc.picture.content, nc.noise.content)
	left.SetOffset(0.5)
	right := container.NewBorder(nil, nc.checks.content, nil, nil, nc.form.content)
	split := container.NewHSplit(left, right)
	split.SetOffset(0.5)
	nc.win.SetContent(split)
	resizeToScreen(nc.win, fyne.NewSize(1280, 800))

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
	nc.win.SetOnClosed(func() {
		nc.closed = true
		if v.newContainer == nc {
			v.newContainer = nil
		}
	})
	nc.scheduleCheck()
	return nc
}

// wait blocks until the background work started so far is done. For tests.
func (nc *newContainer) wait() { nc.wg.Wait() }

// confirmClose closes the window, first asking when something was typed
// that would be lost. While the file is being written it stays open.
func (nc *newContainer) confirmClose() {
	switch {
	case nc.checks.busy:
		showMessage(nc.win, "Writing the container", "Wait until the new container is written.")
	case nc.form.touched():
		showConfirm(nc.win, "Close without creating?",
			"What you typed for the new container will be lost.", "Close", "Keep Editing", func(ok bool) {
				if ok {
					nc.win.Close()
				}
			})
	default:
		nc.win.Close()
	}
}
