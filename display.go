package main

import (
	"fmt"
	"io"
	"net"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/gen5viewer/gen5view/internal/cli"
)

// checkDisplay says, in one line, that the window cannot open when there is
// nowhere to show it: on Linux and the BSDs a window needs an X server
// ($DISPLAY, and something listening there) or a Wayland compositor
// ($WAYLAND_DISPLAY). Without either, the graphics driver would stop the
// program with a goroutine trace. The line points to the commands, which need
// no display. It lives in the window's binary, not in cli, because its dial
// of the X socket would pull the network stack into the headless gen5. It returns ExitFile and
// false when there is no display.
func checkDisplay(args []string, getenv func(string) string, stderr io.Writer) (code int, ok bool) {
	switch runtime.GOOS {
	case "darwin", "windows", "ios", "android", "js":
		return cli.ExitOK, true // the system always provides the display
	}
	why := "the window needs $DISPLAY or $WAYLAND_DISPLAY"
	switch x := getenv("DISPLAY"); {
	case getenv("WAYLAND_DISPLAY") != "":
		return cli.ExitOK, true
	case x != "" && xServerAnswers(x):
		return cli.ExitOK, true
	case x != "":
		why = "no X server answers at DISPLAY=" + cli.ShellWord(x)
	}
	file := "FILE"
	if len(args) == 1 {
		file = cli.ShellWord(args[0])
	}
	fmt.Fprintf(stderr, "gen5view: no display: use `gen5view info %s` (or another command: gen5view help) to read a file without a window; %s\n", file, why)
	return cli.ExitFile, false
}

// xServerAnswers reports whether something listens where $DISPLAY points:
// the local socket of display N (abstract or in /tmp/.X11-unix) for ":N" and
// "unix:N", TCP port 6000+N for "host:N" (as ssh's X forwarding sets it).
// A form it does not know is given the benefit of the doubt.
func xServerAnswers(display string) bool {
	i := strings.LastIndex(display, ":")
	if i < 0 || strings.HasPrefix(display, "/") {
		return true
	}
	host := display[:i]
	num, _, _ := strings.Cut(display[i+1:], ".") // ":N.S": screen S of display N
	n, err := strconv.Atoi(num)
	if err != nil || n < 0 {
		return true
	}
	var addrs []string
	network := "unix"
	if host == "" || host == "unix" {
		addrs = []string{"@/tmp/.X11-unix/X" + num, "/tmp/.X11-unix/X" + num}
	} else {
		network = "tcp"
		addrs = []string{net.JoinHostPort(host, strconv.Itoa(6000+n))}
	}
	for _, a := range addrs {
		if c, err := net.DialTimeout(network, a, 3*time.Second); err == nil {
			c.Close()
			return true
		}
	}
	return false
}
