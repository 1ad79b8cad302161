// Package xdg talks to the desktop's services over the D-Bus session bus:
// the file chooser of xdg-desktop-portal and the file manager's
// org.freedesktop.FileManager1. It knows nothing of Fyne; the window asks
// it and falls back to its own dialogs when no service answers.
//
// Every call is bounded: connecting and each method call are given up
// after a short timeout, so a missing or stuck service costs the window a
// fallback, never a hang. Only a file chooser's answer, which waits for a
// person, has no timeout of its own (its context may end it).
package xdg

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/godbus/dbus/v5"
)

// CallTimeout bounds connecting to the bus and each method call that does
// not wait for a person. A portal that is started on demand by the bus
// answers well within it.
const CallTimeout = 3 * time.Second

// ErrNoBus is returned when there is no session bus to connect to.
var ErrNoBus = errors.New("no D-Bus session bus")

// Bus is a private connection to the session bus. Being private, the
// signals it receives are only those asked for here, not those of the
// shared connection other code in the process listens on.
type Bus struct {
	conn *dbus.Conn
}

// Connect opens a private connection to the session bus named by
// DBUS_SESSION_BUS_ADDRESS (or $XDG_RUNTIME_DIR/bus). It never starts a
// bus of its own (no dbus-launch), and gives up when ctx ends.
func Connect(ctx context.Context) (*Bus, error) {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		sock := filepath.Join(os.Getenv("XDG_RUNTIME_DIR"), "bus")
		if os.Getenv("XDG_RUNTIME_DIR") == "" {
			return nil, ErrNoBus
		}
		if _, err := os.Stat(sock); err != nil {
			return nil, ErrNoBus
		}
	}
	type result struct {
		conn *dbus.Conn
		err  error
	}
	ch := make(chan result, 1)
	go func() {
		conn, err := dbus.SessionBusPrivateNoAutoStartup()
		if err == nil {
			if err = conn.Auth(nil); err == nil {
				err = conn.Hello()
			}
			if err != nil {
				conn.Close()
				conn = nil
			}
		}
		ch <- result{conn, err}
	}()
	select {
	case r := <-ch:
		if r.err != nil {
			return nil, fmt.Errorf("connecting to the session bus: %w", r.err)
		}
		return &Bus{conn: r.conn}, nil
	case <-ctx.Done():
		go func() {
			if r := <-ch; r.conn != nil {
				r.conn.Close()
			}
		}()
		return nil, fmt.Errorf("connecting to the session bus: %w", ctx.Err())
	}
}

// Close closes the connection; a chooser still open gets an error.
func (b *Bus) Close() error { return b.conn.Close() }

// call calls method on the object at path of service dest, bounded by
// CallTimeout and ctx, and stores the reply in out.
func (b *Bus) call(ctx context.Context, dest string, path dbus.ObjectPath, method string, out []any, args ...any) error {
	ctx, cancel := context.WithTimeout(ctx, CallTimeout)
	defer cancel()
	c := b.conn.Object(dest, path).CallWithContext(ctx, method, 0, args...)
	if c.Err != nil {
		return c.Err
	}
	if len(out) == 0 {
		return nil
	}
	return c.Store(out...)
}
