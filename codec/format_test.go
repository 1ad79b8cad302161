package codec

import "testing"

func TestEnsureExt(t *testing.T) {
	for in, want := range map[string]string{
		"out":              "out.gen5",
		"out.gen5":         "out.gen5",
		"OUT.GEN5":         "OUT.GEN5",
		"out.Gen5":         "out.Gen5",
		"out.png":          "out.png.gen5",
		"out.":             "out.gen5",
		"/a/b.gen5/c":      "/a/b.gen5/c.gen5",
		"/tmp/x.gen5.bak":  "/tmp/x.gen5.bak.gen5",
		"archive.tar.gen5": "archive.tar.gen5",
		"out.raiiaf":       "out.raiiaf",
		"OUT.RAIIAF":       "OUT.RAIIAF",
	} {
		if got := Gen5.EnsureExt(in); got != want {
			t.Errorf("Gen5.EnsureExt(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Raiiaf.EnsureExt("out"); got != "out.raiiaf" {
		t.Errorf("Raiiaf.EnsureExt(\"out\") = %q", got)
	}
}
