package newcontainer

import (
	"errors"
	"fmt"
	"image"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gen5viewer/gen5view/codec"
	"github.com/gen5viewer/gen5view/compose"
	"github.com/gen5viewer/gen5view/exif"
	"github.com/gen5viewer/gen5view/ui/widgets"
)

// picturePane is the New container window's picture: a preview in the
// image pane the viewer shows its pictures in, the file's name and a
// button to choose another.
type picturePane struct {
	nc      *Window
	view    *widgets.ImagePane
	name    *widget.Label
	content fyne.CanvasObject

	path    string // "" until a picture is given
	reading bool   // the file is being read
	// data is the file as read, handed to compose as it is so that what
	// is checked and stored is what was previewed; nil when it could not
	// be read (compose then reads the path and says why).
	data []byte
	info codec.ImageInfo
	// prefilled is what the picture says about its generation.
	prefilled  compose.Prefilled
	prefillErr error
	seq        int // numbers the reads; only the newest is shown
}

// pictureExtensions are the picture formats a container stores.
var pictureExtensions = []string{".png", ".jpg", ".jpeg", ".webp"}

func newPicturePane(nc *Window) *picturePane {
	p := &picturePane{nc: nc, view: widgets.NewImagePane(), name: widget.NewLabel("")}
	p.name.Truncation = fyne.TextTruncateEllipsis
	choose := widget.NewButtonWithIcon("Choose Picture…", theme.FileImageIcon(), p.choose)
	header := container.NewBorder(nil, nil, widgets.Heading("Picture"), choose, p.name)
	p.content = container.NewBorder(header, nil, nil, nil, p.view)
	p.showEmpty()
	return p
}

// showEmpty invites a picture.
func (p *picturePane) showEmpty() {
	p.view.SetImage(nil, image.Point{})
	p.view.SetMessage("Drop a picture here (PNG, JPEG or WebP), or choose one")
	p.view.SetCaption("No picture yet")
	p.name.SetText("")
}

// choose asks for a picture file, starting in the current one's folder.
func (p *picturePane) choose() {
	widgets.ChooseFile(p.nc.win, pictureExtensions, p.path, func(path string) { p.nc.setPicture(path) })
}

// pictureRead is what reading a picture file found.
type pictureRead struct {
	data       []byte
	img        image.Image // upright, as orientation says
	info       codec.ImageInfo
	err        error // why img is nil
	prefilled  compose.Prefilled
	prefillErr error

	// orientation is the Exif Orientation img was turned by; the file
	// is stored as it is.
	orientation int
}

// readPicture reads, decodes and prefills a picture, off the UI goroutine.
func readPicture(path string) pictureRead {
	var r pictureRead
	data, err := codec.ReadRegular(path, codec.DefaultMaxChunkSize)
	var nr *codec.NotRegularError
	var tl *codec.TooLargeError
	switch {
	case errors.As(err, &nr):
		r.err = fmt.Errorf("it is %s, not a picture", nr.Kind)
		return r
	case errors.As(err, &tl):
		r.err = fmt.Errorf("its %s are more than a container holds in one chunk", widgets.FormatBytes(tl.Size))
		return r
	case err != nil:
		r.err = codec.NamePathError("", err)
		return r
	}
	r.data = data
	r.img, r.info, r.err = codec.DecodeImage(r.data, codec.DefaultMaxPixels)
	if r.err != nil {
		r.info, _ = codec.ProbeImage(r.data)
	} else {
		r.orientation = exif.DisplayOrientation(r.data)
		r.img = exif.Upright(r.img, r.orientation)
	}
	r.prefilled, r.prefillErr = compose.Prefill(r.data)
	return r
}

// reason is why a picture could not be decoded, as the pane shows it.
func reason(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// setPicture reads the picture at path in the background and then shows
// it, prefills the fields nobody typed in and sizes generated noise for it.
func (nc *Window) setPicture(path string) {
	p := nc.picture
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	p.seq++
	seq := p.seq
	p.path, p.data, p.reading = path, nil, true
	p.info = codec.ImageInfo{}
	p.name.SetText(filepath.Base(path))
	p.view.SetMessage("Reading " + filepath.Base(path) + "…")
	nc.scheduleCheck()
	nc.wg.Add(1)
	go func() {
		r := readPicture(path)
		nc.v.RunOnUI(func() {
			defer nc.wg.Done()
			if seq != p.seq || nc.closed {
				return
			}
			p.reading = false
			p.data, p.info, p.prefilled, p.prefillErr = r.data, r.info, r.prefilled, r.prefillErr
			p.view.SetPicture(widgets.Picture{
				Image: r.img, Format: r.info.Format, Size: image.Pt(r.info.Width, r.info.Height), Orientation: r.orientation,
				Bytes: int64(len(r.data)), Reason: reason(r.err),
			})
			nc.form.prefill(p.prefilled, p.prefillErr, filepath.Base(path), r.data != nil)
			nc.noise.setPictureSize(r.info, r.prefilled.Params)
			nc.scheduleCheck()
		})
	}()
}
