package version

import (
	"os"
	"regexp"
	"testing"
)

func TestMatchesFyneApp(t *testing.T) {
	b, err := os.ReadFile("../../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^Version\s*=\s*"([^"]+)"`).FindSubmatch(b)
	if m == nil || string(m[1]) != Version {
		t.Errorf("FyneApp.toml has version %q, the code %q", m, Version)
	}
}
