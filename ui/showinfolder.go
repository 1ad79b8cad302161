package ui

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"runtime"

	"github.com/gen5viewer/gen5view/internal/xdg"
	"github.com/gen5viewer/gen5view/ui/widgets"
)

// showInFolder is File ▸ Show in Folder: the file manager shows the open
// file's folder with the file selected, where it says it can
// (org.freedesktop.FileManager1 on Linux desktops, Explorer, Finder);
// otherwise the folder is opened with the desktop's default program for
// folders (xdg-open). The asking runs off the UI goroutine: a file
// manager being started may take a moment.
func (v *viewer) showInFolder() {
	if v.doc == nil {
		return
	}
	path := v.doc.path
	v.exports.Add(1)
	go func() {
		err := revealFile(path)
		runOnUI(func() {
			defer v.exports.Done()
			if err != nil {
				widgets.ShowError(v.win, err)
			}
		})
	}()
}

// revealFile shows path selected in its folder, as showInFolder says.
func revealFile(path string) error {
	switch runtime.GOOS {
	case "windows":
		return startProgram("explorer", "/select,"+path)
	case "darwin":
		return startProgram("open", "-R", path)
	}
	ctx, cancel := context.WithTimeout(context.Background(), xdg.CallTimeout)
	defer cancel()
	if b, err := xdg.Connect(ctx); err == nil {
		err = b.ShowItems(ctx, []string{path})
		b.Close()
		if err == nil {
			return nil
		}
	}
	return openFolder(filepath.Dir(path))
}

// openFolder opens dir in the desktop's program for folders; tests
// replace it.
var openFolder = func(dir string) error {
	return startProgram("xdg-open", dir)
}

// startProgram starts a program that outlives the request (a file
// manager), and reaps it when it ends.
func startProgram(name string, args ...string) error {
	cmd := exec.Command(name, args...)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("showing the folder: %w", err)
	}
	go cmd.Wait()
	return nil
}
