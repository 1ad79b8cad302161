//go:build !linux

package xdgtest

import "os/exec"

// KillWithParent does nothing where the system cannot tie a child's life
// to its parent's; the test's cleanup still ends it.
func KillWithParent(cmd *exec.Cmd) {}
