package codec

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestParseShape(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []int
	}{
		{"1,4,64,64", []int{1, 4, 64, 64}},
		{"1x4x64x64", []int{1, 4, 64, 64}},
		{"(1, 4, 128, 128)", []int{1, 4, 128, 128}},
		{"[2 16 8 8]", []int{2, 16, 8, 8}},
		{"1×4×32", []int{1, 4, 32}},
		{"7", []int{7}},
	} {
		got, err := ParseShape(tc.in)
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("ParseShape(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", " , ", "1,0,64,64", "1,-4,64,64", "1,4,a,64", "65536,65536,65536"} {
		if got, err := ParseShape(bad); err == nil {
			t.Errorf("ParseShape(%q) = %v, want an error", bad, got)
		}
	}
}

func TestSameFileAndNamePathError(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.gen5")
	os.WriteFile(a, nil, 0o644)
	link := filepath.Join(dir, "link.gen5")
	if err := os.Symlink(a, link); err != nil {
		t.Skip(err)
	}
	if !SameFile(a, link) || !SameFile(a, filepath.Join(dir, ".", "a.gen5")) {
		t.Error("one file under two names is not the same file")
	}
	if !SameFile(filepath.Join(dir, "new.gen5"), filepath.Join(dir, "x", "..", "new.gen5")) {
		t.Error("a file yet to be written is not itself")
	}
	if SameFile(a, filepath.Join(dir, "new.gen5")) {
		t.Error("two files are the same")
	}

	_, err := os.Open(filepath.Join(dir, "missing.gen5"))
	if got := NamePathError("missing.gen5", err); got.Error() != "missing.gen5: no such file or directory" || !errors.Is(got, fs.ErrNotExist) {
		t.Errorf("named: %v", got)
	}
	if got := NamePathError("", err); got.Error() != "no such file or directory" {
		t.Errorf("bare: %v", got)
	}
	if other := errors.New("x"); NamePathError("f", other) != other || NamePathError("f", nil) != nil {
		t.Error("an error other than a path error was changed")
	}
}
