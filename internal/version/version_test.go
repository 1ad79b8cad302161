package version

import (
	"os"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
)

// The default release (what an unstamped go build reports) is the one
// FyneApp.toml gives, which the Makefile stamps.
func TestMatchesFyneApp(t *testing.T) {
	b, err := os.ReadFile("../../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^Version\s*=\s*"([^"]+)"`).FindSubmatch(b)
	if m == nil || string(m[1]) != Version() {
		t.Errorf("FyneApp.toml has version %q, the code %q", m, Version())
	}
	if Program() != "gen5view-"+Version() {
		t.Errorf("Program() = %q", Program())
	}
}

func TestCommitFromBuildInfo(t *testing.T) {
	bi := func(kv ...string) *debug.BuildInfo {
		b := &debug.BuildInfo{}
		for i := 0; i < len(kv); i += 2 {
			b.Settings = append(b.Settings, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return b
	}
	for _, c := range []struct {
		b    *debug.BuildInfo
		ok   bool
		want string
	}{
		{bi("vcs.revision", "3a7ab57c0d1e2f3a4b5c6d7e8f90123456789abc", "vcs.modified", "false"), true, "3a7ab57c0d1e"},
		{bi("vcs.revision", "3a7ab57c0d1e2f3a4b5c6d7e8f90123456789abc", "vcs.modified", "true"), true, "3a7ab57c0d1e-dirty"},
		{bi("vcs.revision", "abc"), true, "abc"},
		{bi("vcs", "git"), true, ""},
		{nil, false, ""},
	} {
		if got := commitFrom(c.b, c.ok); got != c.want {
			t.Errorf("commitFrom(%v) = %q, want %q", c.b, got, c.want)
		}
	}
}

func TestStampedCommitWins(t *testing.T) {
	defer func(c string) { commit = c }(commit)
	commit = "0123456789ab"
	if got := String(); got != Version()+" (commit 0123456789ab)" {
		t.Errorf("String() = %q", got)
	}
	if got := Line("gen5"); !strings.HasPrefix(got, "gen5 "+Version()+" (commit 0123456789ab) go1.") {
		t.Errorf("Line = %q", got)
	}
	commit = ""
	if describe("1.2.3", "") != "1.2.3" {
		t.Errorf("describe without a commit = %q", describe("1.2.3", ""))
	}
}
