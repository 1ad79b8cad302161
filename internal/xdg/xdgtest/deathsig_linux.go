package xdgtest

import (
	"os/exec"
	"syscall"
)

// KillWithParent makes cmd, not started yet, die with the test process,
// so that a test that panics (and runs no cleanup) leaves no server behind.
func KillWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
