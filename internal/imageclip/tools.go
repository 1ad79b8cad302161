package imageclip

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"time"
)

// golang.design/x/clipboard loads "libX11.so", the name only libx11-dev
// installs; a desktop with the library alone (libX11.so.6) has the tools
// that copy instead, one of which serves the clipboard for us.

// toolTimeout bounds a tool's start: it reads the picture and goes to the
// background to serve it.
const toolTimeout = 10 * time.Second

// clipboardTools are the programs that take image/png on standard input
// and keep it on the clipboard: wl-copy on a Wayland desktop, xclip on
// X11 (and under XWayland).
func clipboardTools() [][]string {
	var tools [][]string
	if os.Getenv("WAYLAND_DISPLAY") != "" {
		tools = append(tools, []string{"wl-copy", "--type", "image/png"})
	}
	if os.Getenv("DISPLAY") != "" {
		tools = append(tools, []string{"xclip", "-selection", "clipboard", "-t", "image/png", "-i"})
	}
	return tools
}

// writeWithTool puts png on the clipboard through the first tool of
// clipboardTools that is installed.
func writeWithTool(png []byte) error {
	var errs []error
	for _, tool := range clipboardTools() {
		path, err := exec.LookPath(tool[0])
		if err != nil {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), toolTimeout)
		cmd := exec.CommandContext(ctx, path, tool[1:]...)
		cmd.Stdin = bytes.NewReader(png)
		// No pipe for its output: the server it leaves behind would hold
		// it open, and Run wait for it.
		cmd.Stdout, cmd.Stderr = nil, nil
		cmd.WaitDelay = time.Second
		err = cmd.Run()
		cancel()
		if err == nil {
			return nil
		}
		errs = append(errs, fmt.Errorf("%s: %w", tool[0], err))
	}
	if len(errs) == 0 {
		return errors.New("install xclip (X11) or wl-clipboard (Wayland) to copy pictures")
	}
	return errors.Join(errs...)
}
