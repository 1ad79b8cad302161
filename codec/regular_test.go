package codec

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// specialFiles makes one of each kind of file that is not regular and that
// a reader must refuse without blocking or reading forever: a named pipe
// nobody writes to, endless character devices, a directory.
func specialFiles(t *testing.T) map[string]string {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.gen5")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	files := map[string]string{fifo: "named pipe", dir: "directory"}
	for _, dev := range []string{"/dev/zero", "/dev/urandom"} {
		if _, err := os.Stat(dev); err == nil {
			files[dev] = "character device"
		}
	}
	return files
}

// noHang runs f and fails the test, instead of hanging it, when f blocks
// (a read of a pipe with no writer would never return).
func noHang(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatalf("%s blocked", what)
	}
}

func TestSpecialFilesAreRefusedAsInputs(t *testing.T) {
	readers := map[string]func(path string) error{
		"OpenFile":      func(p string) error { f, err := OpenFile(p); closeIf(f); return err },
		"LoadFile":      func(p string) error { _, err := LoadFile(p); return err },
		"ReadNoiseFile": func(p string) error { _, _, err := ReadNoiseFile(p, ""); return err },
		"ReadRegular":   func(p string) error { _, err := ReadRegular(p, 1<<20); return err },
	}
	for path, kind := range specialFiles(t) {
		for name, read := range readers {
			var err error
			noHang(t, name+"("+path+")", func() { err = read(path) })
			var nr *NotRegularError
			if !errors.As(err, &nr) || !strings.HasPrefix(err.Error(), path+": is ") || !strings.Contains(err.Error(), kind) {
				t.Errorf("%s(%s): error %v, want one naming the file as a %s", name, path, err, kind)
			}
		}
	}
}

func closeIf(f *File) {
	if f != nil {
		f.Close()
	}
}

// TestReadRegularIsBoundedByTheLimit: a regular file over the limit is
// refused before it is read.
func TestReadRegularIsBoundedByTheLimit(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big")
	if err := os.WriteFile(p, make([]byte, 4096), 0o644); err != nil {
		t.Fatal(err)
	}
	var tl *TooLargeError
	if _, err := ReadRegular(p, 4095); !errors.As(err, &tl) {
		t.Errorf("4096-byte file under a 4095-byte limit: %v", err)
	}
	if b, err := ReadRegular(p, 4096); err != nil || len(b) != 4096 {
		t.Errorf("4096-byte file at the limit: %d bytes, %v", len(b), err)
	}
}

func writeHello(w io.Writer) error { _, err := io.WriteString(w, "hello"); return err }

// TestWriteFileAtomicReplacesOnlyRegularFiles: outputs onto a pipe, a
// directory, a link to either or a link to nothing are refused and leave
// them as they were; a link to a regular file is written through.
func TestWriteFileAtomicReplacesOnlyRegularFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	linkToFifo := filepath.Join(dir, "to-pipe")
	os.Symlink(fifo, linkToFifo)
	linkToDir := filepath.Join(dir, "to-dir")
	os.Symlink(sub, linkToDir)
	dangling := filepath.Join(dir, "dangling")
	os.Symlink(filepath.Join(dir, "nothing"), dangling)
	refused := map[string]string{
		fifo:       "named pipe",
		sub:        "directory",
		linkToFifo: "symbolic link to a named pipe",
		linkToDir:  "symbolic link to a directory",
		dangling:   "symbolic link to nothing",
	}
	if os.Geteuid() == 0 {
		// A private null device: as root, replacing a device is possible,
		// which is what must not happen to /dev/null.
		null := filepath.Join(dir, "null")
		if err := syscall.Mknod(null, syscall.S_IFCHR|0o666, 1<<8|3); err == nil {
			refused[null] = "character device"
		}
	}
	for path, kind := range refused {
		before, _ := os.Lstat(path)
		err := WriteFileAtomic(path, 0o644, writeHello, nil)
		var nr *NotRegularError
		if !errors.As(err, &nr) || !strings.HasPrefix(err.Error(), path+": is a "+kind) {
			t.Errorf("%s: error %v, want a refusal naming a %s", path, err, kind)
		}
		after, _ := os.Lstat(path)
		if before == nil || after == nil || before.Mode() != after.Mode() || !os.SameFile(before, after) {
			t.Errorf("%s: replaced (%v, then %v)", path, before, after)
		}
	}

	target := filepath.Join(sub, "real.npy")
	os.WriteFile(target, []byte("old"), 0o600)
	link := filepath.Join(dir, "link.npy")
	os.Symlink(target, link)
	if err := WriteFileAtomic(link, 0o644, writeHello, nil); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a file: %v %v", st, err)
	}
	if b, _ := os.ReadFile(target); string(b) != "hello" {
		t.Errorf("the link's target holds %q, want the new contents", b)
	}
	for _, d := range []string{dir, sub} {
		if tmps, _ := filepath.Glob(filepath.Join(d, ".*.tmp")); len(tmps) > 0 {
			t.Errorf("temporary files left behind: %v", tmps)
		}
	}
}
