package cli

import (
	"fmt"
	"io"
	"net"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// CheckDisplay says, in one line, that the window cannot open when there is
// nowhere to show it: on Linux and the BSDs a window needs an X server
// ($DISPLAY, and something listening there) or a Wayland compositor
// ($WAYLAND_DISPLAY). Without either, the graphics driver would stop the
// program with a goroutine trace. The line
// points to the commands, which need no display. It returns ExitFile and
// false when there is no display.
func CheckDisplay(args []string, getenv func(string) string, stderr io.Writer) (code int, ok bool) {
	switch runtime.GOOS {
	case "darwin", "windows", "ios", "android", "js":
		return ExitOK, true // the system always provides the display
	}
	why := "the window needs $DISPLAY or $WAYLAND_DISPLAY"
	switch x := getenv("DISPLAY"); {
	case getenv("WAYLAND_DISPLAY") != "":
		return ExitOK, true
	case x != "" && xServerAnswers(x):
		return ExitOK, true
	case x != "":
		why = "no X server answers at DISPLAY=" + shellWord(x)
	}
	file := "FILE"
	if len(args) == 1 {
		file = shellWord(args[0])
	}
	fmt.Fprintf(stderr, "gen5view: no display: use `gen5view info %s` (or another command: gen5view help) to read a file without a window; %s\n", file, why)
	return ExitFile, false
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

// shellWord writes a file name so that it can be pasted into a shell: as it
// is when it has no special characters, in single quotes when it is plain
// text, and otherwise escaped by termText, so that no control character
// reaches the terminal.
func shellWord(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/+:@,=-") == "" {
		return s
	}
	if !needsEscape(s) && !strings.ContainsRune(s, '\'') {
		return "'" + s + "'"
	}
	return termText(s)
}
