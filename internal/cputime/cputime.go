// Package cputime reads the CPU time the process has used, for benchmarks
// on a shared machine: wall time there measures the other processes too,
// CPU time only this one.
package cputime

import "time"

// Used returns the user and system CPU time the process has used so far,
// or 0 where the system does not say.
func Used() time.Duration { return used() }
