package imageclip_test

import (
	"bufio"
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/gen5viewer/gen5view/internal/imageclip"
	"github.com/gen5viewer/gen5view/internal/xdg/xdgtest"
)

// startX starts a virtual X server of the test's own and points DISPLAY
// at it. The test is skipped without Xvfb or xclip (make test-deps
// installs both).
func startX(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"Xvfb", "xclip"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (make test-deps installs it)", tool)
		}
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	// -displayfd: the server picks a free display and writes its number.
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "64x64x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	xdgtest.KillWithParent(cmd)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	num := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(r).ReadString('\n')
		num <- strings.TrimSpace(s)
	}()
	select {
	case n := <-num:
		if n == "" {
			t.Fatal("Xvfb did not start")
		}
		t.Setenv("DISPLAY", ":"+n)
	case <-time.After(20 * time.Second):
		t.Fatal("Xvfb did not say its display")
	}
}

func testPNG(t *testing.T) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 3, 2))
	img.Set(1, 1, color.NRGBA{200, 10, 30, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func xclip(t *testing.T, target string) []byte {
	t.Helper()
	out, err := exec.Command("xclip", "-selection", "clipboard", "-t", target, "-o").Output()
	if err != nil {
		t.Fatalf("xclip -t %s: %v", target, err)
	}
	return out
}

// Another program pasting sees image/png offered, and gets the very bytes.
func TestWritePNGOffersImagePNG(t *testing.T) {
	startX(t)
	want := testPNG(t)
	replaced, err := imageclip.WritePNG(want)
	if err != nil {
		t.Fatal(err)
	}
	// Xlib ends the process when the server goes while the clipboard's
	// thread still holds a connection: take the clipboard back first.
	t.Cleanup(func() {
		take := exec.Command("xclip", "-selection", "clipboard", "-i")
		take.Stdin = strings.NewReader("text")
		if err := take.Run(); err != nil {
			t.Error(err)
		}
		select {
		case <-replaced:
		case <-time.After(20 * time.Second):
			t.Error("the clipboard was taken back but the picture's owner did not let go")
		}
	})
	targets := strings.Fields(string(xclip(t, "TARGETS")))
	found := false
	for _, tg := range targets {
		found = found || tg == "image/png"
	}
	if !found {
		t.Fatalf("the clipboard offers %q, no image/png", targets)
	}
	if got := xclip(t, "image/png"); !bytes.Equal(got, want) {
		t.Fatalf("pasted %d bytes, not the %d copied", len(got), len(want))
	}
}

func TestWritePNGRefusesOtherData(t *testing.T) {
	if _, err := imageclip.WritePNG([]byte("\xff\xd8\xff\xe0 a JPEG")); err == nil {
		t.Fatal("a JPEG was put on the clipboard as image/png")
	}
}

// Where golang.design/x/clipboard cannot load libX11.so (no libx11-dev),
// xclip serves the picture: image/png is offered all the same.
func TestWriteWithTool(t *testing.T) {
	startX(t)
	t.Setenv("WAYLAND_DISPLAY", "")
	want := testPNG(t)
	if err := imageclip.WriteWithTool(want); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		take := exec.Command("xclip", "-selection", "clipboard", "-i")
		take.Stdin = strings.NewReader("text")
		take.Run()
	})
	if got := xclip(t, "image/png"); !bytes.Equal(got, want) {
		t.Fatalf("pasted %d bytes, not the %d copied", len(got), len(want))
	}
}
