package xdg

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"

	"github.com/godbus/dbus/v5"
)

// The file chooser portal, as xdg-desktop-portal documents it: a call
// returns a request handle at once, and the person's answer comes later as
// the Response signal of that request.
const (
	portalService   = "org.freedesktop.portal.Desktop"
	portalPath      = dbus.ObjectPath("/org/freedesktop/portal/desktop")
	fileChooserIntf = "org.freedesktop.portal.FileChooser"
	requestIntf     = "org.freedesktop.portal.Request"
	propertiesGet   = "org.freedesktop.DBus.Properties.Get"
)

// Response codes of org.freedesktop.portal.Request.Response.
const (
	responseSuccess   = 0
	responseCancelled = 1
)

// Filter is one entry of a file chooser's file type list: a name shown to
// the person and the glob patterns ("*.gen5") of the files it shows.
type Filter struct {
	Name     string
	Patterns []string
}

// portalFilter is a Filter as the portal takes it: (sa(us)), where 0 marks
// a glob pattern.
type portalFilter struct {
	Name  string
	Rules []portalRule
}

type portalRule struct {
	Kind    uint32
	Pattern string
}

// FileChooserOptions say what a file chooser shows.
type FileChooserOptions struct {
	// Parent identifies the window the chooser belongs to ("x11:1c00007"),
	// or is empty.
	Parent string
	Title  string
	// AcceptLabel is the label of the button that chooses ("Open").
	AcceptLabel string
	// Folder is the folder shown first; empty lets the chooser decide.
	Folder string
	// Name is the file name suggested when saving.
	Name    string
	Filters []Filter
}

// FileChooserAvailable says whether a file chooser portal answers on the
// bus, within CallTimeout.
func (b *Bus) FileChooserAvailable(ctx context.Context) bool {
	var v dbus.Variant
	err := b.call(ctx, portalService, portalPath, propertiesGet, []any{&v}, fileChooserIntf, "version")
	return err == nil
}

// OpenFile shows the portal's chooser for one existing file and returns its
// path, or "" when the person cancelled. It returns when they have chosen.
func (b *Bus) OpenFile(ctx context.Context, o FileChooserOptions) (string, error) {
	return b.choose(ctx, "OpenFile", o, map[string]dbus.Variant{
		"multiple": dbus.MakeVariant(false),
	})
}

// SaveFile shows the portal's chooser for a file to write and returns its
// path, or "" when the person cancelled. The chooser itself confirms
// replacing a file the person picked; nothing is written.
func (b *Bus) SaveFile(ctx context.Context, o FileChooserOptions) (string, error) {
	extra := map[string]dbus.Variant{}
	if o.Name != "" {
		extra["current_name"] = dbus.MakeVariant(o.Name)
	}
	return b.choose(ctx, "SaveFile", o, extra)
}

// tokens makes each request's handle_token unique in the process.
var tokens atomic.Uint64

func (b *Bus) choose(ctx context.Context, method string, o FileChooserOptions, opts map[string]dbus.Variant) (string, error) {
	names := b.conn.Names()
	if len(names) == 0 {
		return "", errors.New("file chooser: no name on the session bus")
	}
	token := fmt.Sprintf("gen5view%d", tokens.Add(1))
	sender := strings.ReplaceAll(strings.TrimPrefix(names[0], ":"), ".", "_")
	handle := dbus.ObjectPath(fmt.Sprintf("%s/request/%s/%s", portalPath, sender, token))

	// Listen before calling: the answer may come before the call returns.
	signals := make(chan *dbus.Signal, 8)
	b.conn.Signal(signals)
	defer b.conn.RemoveSignal(signals)
	match := []dbus.MatchOption{
		dbus.WithMatchObjectPath(handle),
		dbus.WithMatchInterface(requestIntf),
		dbus.WithMatchMember("Response"),
	}
	if err := b.conn.AddMatchSignal(match...); err != nil {
		return "", fmt.Errorf("file chooser: %w", err)
	}
	defer b.conn.RemoveMatchSignal(match...)

	opts["handle_token"] = dbus.MakeVariant(token)
	opts["modal"] = dbus.MakeVariant(true)
	if o.AcceptLabel != "" {
		opts["accept_label"] = dbus.MakeVariant(o.AcceptLabel)
	}
	if o.Folder != "" {
		// A byte string ending in NUL, as the portal takes file names.
		opts["current_folder"] = dbus.MakeVariant(append([]byte(o.Folder), 0))
	}
	if len(o.Filters) > 0 {
		fs := make([]portalFilter, len(o.Filters))
		for i, f := range o.Filters {
			fs[i].Name = f.Name
			for _, p := range f.Patterns {
				fs[i].Rules = append(fs[i].Rules, portalRule{0, p})
			}
		}
		opts["filters"] = dbus.MakeVariant(fs)
		opts["current_filter"] = dbus.MakeVariant(fs[0])
	}
	var got dbus.ObjectPath
	if err := b.call(ctx, portalService, portalPath, fileChooserIntf+"."+method, []any{&got}, o.Parent, o.Title, opts); err != nil {
		return "", fmt.Errorf("file chooser: %w", err)
	}
	// A portal older than handle_token answers on a handle of its own.
	if got != handle {
		handle = got
	}
	for {
		select {
		case s, ok := <-signals:
			if !ok {
				return "", errors.New("file chooser: the session bus connection closed")
			}
			if s.Path != handle || s.Name != requestIntf+".Response" {
				continue
			}
			return chosenPath(s.Body)
		case <-ctx.Done():
			// Close the chooser the person did not answer.
			_ = b.call(context.Background(), portalService, handle, requestIntf+".Close", nil)
			return "", ctx.Err()
		}
	}
}

// chosenPath reads the path from a Response signal's body (u a{sv}): ""
// when the person cancelled.
func chosenPath(body []any) (string, error) {
	if len(body) != 2 {
		return "", errors.New("file chooser: malformed answer")
	}
	code, ok := body[0].(uint32)
	results, ok2 := body[1].(map[string]dbus.Variant)
	if !ok || !ok2 {
		return "", errors.New("file chooser: malformed answer")
	}
	switch code {
	case responseSuccess:
	case responseCancelled:
		return "", nil
	default:
		return "", errors.New("file chooser: closed without an answer")
	}
	uris, ok := results["uris"].Value().([]string)
	if !ok || len(uris) == 0 {
		return "", nil
	}
	return fileURIPath(uris[0])
}

// fileURIPath is the local path of a file:// URI.
func fileURIPath(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", fmt.Errorf("file chooser: %w", err)
	}
	if u.Scheme != "file" || u.Path == "" {
		return "", fmt.Errorf("file chooser: %q is not a local file", uri)
	}
	return u.Path, nil
}
