// Package xdgtest runs a private D-Bus session bus for tests, with fakes of
// the desktop services package xdg talks to: the file chooser portal and
// the file manager. Tests set DBUS_SESSION_BUS_ADDRESS to the bus, so the
// code under test finds the fakes as it would the real services.
package xdgtest

import (
	"bufio"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// busConfig is a session bus that activates no service: only the fakes a
// test starts answer on it, whatever the machine has installed.
const busConfig = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=%s</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`

// StartBus starts dbus-daemon on a socket in a temporary folder, points
// DBUS_SESSION_BUS_ADDRESS at it for the test, and returns its address.
// The test is skipped when dbus-daemon is not installed (make test-deps
// installs it).
func StartBus(t testing.TB) string {
	t.Helper()
	daemon, err := exec.LookPath("dbus-daemon")
	if err != nil {
		t.Skip("dbus-daemon is not installed (make test-deps installs it)")
	}
	dir := t.TempDir()
	conf := filepath.Join(dir, "bus.conf")
	if err := os.WriteFile(conf, []byte(fmt.Sprintf(busConfig, filepath.Join(dir, "bus"))), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(daemon, "--config-file="+conf, "--nofork", "--print-address=1")
	KillWithParent(cmd)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	// Its complaints (it cannot raise its fd limit unprivileged) matter
	// only when it does not start.
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(out).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	var addr string
	select {
	case addr = <-line:
	case <-time.After(10 * time.Second):
		t.Fatalf("dbus-daemon did not print its address: %s", &stderr)
	}
	if addr == "" {
		t.Fatalf("dbus-daemon printed no address: %s", &stderr)
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	return addr
}

// connect opens a connection of the fakes' own to the test bus and takes
// the well-known name.
func connect(t testing.TB, name string) *dbus.Conn {
	t.Helper()
	conn, err := dbus.SessionBusPrivateNoAutoStartup()
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.Auth(nil); err != nil {
		t.Fatal(err)
	}
	if err := conn.Hello(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	reply, err := conn.RequestName(name, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("taking %s on the test bus: %v (%v)", name, err, reply)
	}
	return conn
}

// ChooserCall is one call the fake file chooser received.
type ChooserCall struct {
	Method        string // "OpenFile" or "SaveFile"
	Parent, Title string
	Options       map[string]dbus.Variant
}

// Folder is the current_folder option as a path ("" when absent).
func (c ChooserCall) Folder() string {
	b, _ := c.Options["current_folder"].Value().([]byte)
	return strings.TrimSuffix(string(b), "\x00")
}

// String reads a string option ("" when absent).
func (c ChooserCall) String(key string) string {
	s, _ := c.Options[key].Value().(string)
	return s
}

// FileChooser is a fake org.freedesktop.portal.FileChooser. Each call is
// answered at once with the next path of Answers ("" answers as the
// person cancelling), before the call's own reply, as a fast portal may.
type FileChooser struct {
	conn *dbus.Conn

	mu      sync.Mutex
	answers []string
	calls   []ChooserCall
}

// StartFileChooser exports a fake file chooser portal on the test bus that
// StartBus started.
func StartFileChooser(t testing.TB) *FileChooser {
	t.Helper()
	f := &FileChooser{}
	f.conn = connect(t, "org.freedesktop.portal.Desktop")
	path := dbus.ObjectPath("/org/freedesktop/portal/desktop")
	if err := f.conn.Export(chooserMethods{f}, path, "org.freedesktop.portal.FileChooser"); err != nil {
		t.Fatal(err)
	}
	if err := f.conn.Export(chooserProps{}, path, "org.freedesktop.DBus.Properties"); err != nil {
		t.Fatal(err)
	}
	return f
}

// Answer queues the paths the next calls answer with; "" cancels.
func (f *FileChooser) Answer(paths ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.answers = append(f.answers, paths...)
}

// Calls returns the calls received so far.
func (f *FileChooser) Calls() []ChooserCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]ChooserCall(nil), f.calls...)
}

type chooserMethods struct{ f *FileChooser }

func (m chooserMethods) OpenFile(sender dbus.Sender, parent, title string, opts map[string]dbus.Variant) (dbus.ObjectPath, *dbus.Error) {
	return m.f.answer("OpenFile", sender, parent, title, opts)
}

func (m chooserMethods) SaveFile(sender dbus.Sender, parent, title string, opts map[string]dbus.Variant) (dbus.ObjectPath, *dbus.Error) {
	return m.f.answer("SaveFile", sender, parent, title, opts)
}

func (f *FileChooser) answer(method string, sender dbus.Sender, parent, title string, opts map[string]dbus.Variant) (dbus.ObjectPath, *dbus.Error) {
	f.mu.Lock()
	f.calls = append(f.calls, ChooserCall{method, parent, title, opts})
	path := ""
	if len(f.answers) > 0 {
		path, f.answers = f.answers[0], f.answers[1:]
	}
	f.mu.Unlock()

	token, _ := opts["handle_token"].Value().(string)
	s := strings.ReplaceAll(strings.TrimPrefix(string(sender), ":"), ".", "_")
	handle := dbus.ObjectPath("/org/freedesktop/portal/desktop/request/" + s + "/" + token)
	code, results := uint32(1), map[string]dbus.Variant{}
	if path != "" {
		code = 0
		results["uris"] = dbus.MakeVariant([]string{(&url.URL{Scheme: "file", Path: path}).String()})
	}
	if err := f.conn.Emit(handle, "org.freedesktop.portal.Request.Response", code, results); err != nil {
		return "", dbus.MakeFailedError(err)
	}
	return handle, nil
}

type chooserProps struct{}

func (chooserProps) Get(iface, prop string) (dbus.Variant, *dbus.Error) {
	if iface == "org.freedesktop.portal.FileChooser" && prop == "version" {
		return dbus.MakeVariant(uint32(4)), nil
	}
	return dbus.Variant{}, dbus.NewError("org.freedesktop.DBus.Error.UnknownProperty", []any{prop})
}

// FileManager is a fake org.freedesktop.FileManager1 that records the
// URIs ShowItems is asked to show.
type FileManager struct {
	mu    sync.Mutex
	shown [][]string
}

// StartFileManager exports a fake file manager on the test bus that
// StartBus started.
func StartFileManager(t testing.TB) *FileManager {
	t.Helper()
	f := &FileManager{}
	conn := connect(t, "org.freedesktop.FileManager1")
	if err := conn.Export(fileManagerMethods{f}, "/org/freedesktop/FileManager1", "org.freedesktop.FileManager1"); err != nil {
		t.Fatal(err)
	}
	return f
}

// Shown returns the URI lists ShowItems was called with.
func (f *FileManager) Shown() [][]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([][]string(nil), f.shown...)
}

type fileManagerMethods struct{ f *FileManager }

func (m fileManagerMethods) ShowItems(uris []string, startupID string) *dbus.Error {
	m.f.mu.Lock()
	defer m.f.mu.Unlock()
	m.f.shown = append(m.f.shown, uris)
	return nil
}
