// Package unprivileged runs a test as an ordinary user when the tests run as
// root, as they do in CI and containers. Some failures (a read-only
// directory, an unwritable file) cannot happen to root, so a test of how
// they are handled would otherwise be skipped exactly where it must run.
package unprivileged

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gen5viewer/gen5view/internal/fixtures"
)

// childEnv marks the re-executed test binary, so that it runs the test
// body instead of re-executing again.
const childEnv = "GEN5_UNPRIVILEGED_CHILD"

// Account is the user the test runs as: nobody, in group nogroup.
const (
	Account = "nobody"
	Group   = "nogroup"
)

// Rerun makes the calling test run as an ordinary user. When the process is
// not root it returns false at once and the test goes on as it is. As root
// it copies the test binary and the named fixtures into a private directory
// owned by Account, runs that one test there as Account (through setpriv,
// with a home and TMPDIR of its own and GEN5_FIXTURES pointing at the
// copies), reports the child's result as this test's, and returns true:
// the caller then returns without running the body itself.
//
//	func TestReadOnlyDir(t *testing.T) {
//		if unprivileged.Rerun(t, "a0_sd15_f32.gen5") {
//			return
//		}
//		... // runs as nobody
//	}
func Rerun(t *testing.T, fixtureNames ...string) bool {
	t.Helper()
	if os.Geteuid() != 0 {
		return false
	}
	if os.Getenv(childEnv) == "1" {
		t.Fatalf("still root after setpriv --reuid=%s", Account)
	}
	setpriv, err := exec.LookPath("setpriv")
	if err != nil {
		t.Fatalf("running as root, and setpriv (util-linux) is missing to run %s as %s: %v", t.Name(), Account, err)
	}
	u, err := user.Lookup(Account)
	if err != nil {
		t.Fatalf("no %s account to run %s as: %v", Account, t.Name(), err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)

	// Everything the child needs, in one directory only it (and root) can
	// read: the checkout, the build cache and /root are closed to nobody.
	root, err := os.MkdirTemp("", "gen5-unprivileged-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(root) })
	for _, d := range []string{"home", "tmp", "fixtures"} {
		if err := os.Mkdir(filepath.Join(root, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(root, filepath.Base(self))
	copyFile(t, self, bin, 0o700)
	for _, name := range fixtureNames {
		copyFile(t, fixtures.Path(t, name), filepath.Join(root, "fixtures", name), 0o400)
	}
	err = filepath.Walk(root, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, uid, gid)
	})
	if err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(setpriv, "--reuid="+Account, "--regid="+Group, "--clear-groups", "--",
		bin, "-test.run=^"+regexp.QuoteMeta(t.Name())+"$", "-test.count=1", "-test.v")
	cmd.Dir = root
	cmd.Env = []string{
		childEnv + "=1",
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + filepath.Join(root, "home"),
		"TMPDIR=" + filepath.Join(root, "tmp"),
		"GEN5_FIXTURES=" + filepath.Join(root, "fixtures"),
		"GEN5_REQUIRE_FIXTURES=" + os.Getenv("GEN5_REQUIRE_FIXTURES"),
		"LANG=C.UTF-8",
	}
	out, err := cmd.CombinedOutput()
	text := strings.TrimSpace(string(out))
	t.Logf("ran as %s (uid %d):\n%s", Account, uid, text)
	switch {
	case err != nil:
		t.Fatalf("%s failed as %s: %v", t.Name(), Account, err)
	case strings.Contains(text, "--- SKIP: "+t.Name()):
		t.Skipf("%s skipped as %s", t.Name(), Account)
	case !strings.Contains(text, "--- PASS: "+t.Name()):
		t.Fatalf("%s did not run as %s", t.Name(), Account)
	}
	return true
}

func copyFile(t *testing.T, from, to string, mode os.FileMode) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		t.Fatal(fmt.Errorf("copying %s: %v", from, err))
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
