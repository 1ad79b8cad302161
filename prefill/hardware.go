package prefill

import (
	"bufio"
	"bytes"
	"context"
	"math"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// HardwareInfo describes the machine, in the shape of a .gen5 manifest's
// model_info.hardware_info. Fields this package cannot learn are left
// empty and, where the schema allows it, omitted from JSON.
type HardwareInfo struct {
	MachineName string  `json:"machine_name,omitempty"` // the host name
	OS          string  `json:"os"`                     // runtime.GOOS, then distribution and kernel, "; "-separated
	CPU         string  `json:"cpu"`                    // the CPU model, or the architecture when unknown
	CPUCores    int     `json:"cpu_cores"`              // logical CPUs, at least 1
	GPU         []GPU   `json:"gpu,omitempty"`          // NVIDIA GPUs, as nvidia-smi lists them
	RAMGB       float64 `json:"ram_gb,omitempty"`       // total memory in GiB, to one decimal
	Framework   string  `json:"framework,omitempty"`    // left for the user: this viewer runs no model
	ComputeLib  string  `json:"compute_lib,omitempty"`  // likewise
}

// GPU is one entry of HardwareInfo.GPU.
type GPU struct {
	Name        string  `json:"name"`
	MemoryGB    float64 `json:"memory_gb,omitempty"` // total memory in GiB, to one decimal
	Driver      string  `json:"driver,omitempty"`    // the driver version
	CUDAVersion string  `json:"cuda_version,omitempty"`
}

// probe is where Hardware gets its facts, so that tests can stand in fake
// /proc files and a fake nvidia-smi for the real ones.
type probe struct {
	goos, goarch string
	numCPU       func() int
	hostname     func() (string, error)
	readFile     func(name string) ([]byte, error)
	lookPath     func(file string) (string, error)
	run          func(ctx context.Context, name string, args ...string) ([]byte, error)
	// timeout bounds all the commands run together: nvidia-smi can hang
	// for a long time on a machine whose driver is in a bad state, and a
	// prefill must not.
	timeout time.Duration
}

// system is the real machine.
var system = probe{
	goos:     runtime.GOOS,
	goarch:   runtime.GOARCH,
	numCPU:   runtime.NumCPU,
	hostname: os.Hostname,
	readFile: os.ReadFile,
	lookPath: exec.LookPath,
	run: func(ctx context.Context, name string, args ...string) ([]byte, error) {
		cmd := exec.CommandContext(ctx, name, args...)
		// A child that keeps the output pipe open must not outlive the
		// deadline either.
		cmd.WaitDelay = 500 * time.Millisecond
		return cmd.Output()
	},
	timeout: 3 * time.Second,
}

// Hardware describes this machine for a new container's hardware_info. It
// never fails: what it cannot find out it leaves empty. On Linux it reads
// /etc/os-release, /proc/sys/kernel/osrelease, /proc/cpuinfo and
// /proc/meminfo; on macOS it asks sysctl and sw_vers; elsewhere it reports
// the architecture as the CPU. GPUs come from nvidia-smi when it is on the
// PATH. All the commands it runs get 3 seconds together.
func Hardware() HardwareInfo { return system.hardware() }

func (p probe) hardware() HardwareInfo {
	h := HardwareInfo{OS: p.goos, CPU: p.goarch, CPUCores: max(p.numCPU(), 1)}
	if name, err := p.hostname(); err == nil {
		h.MachineName = strings.TrimSpace(name)
	}
	ctx, cancel := context.WithTimeout(context.Background(), p.timeout)
	defer cancel()
	switch p.goos {
	case "linux":
		p.linux(&h)
	case "darwin":
		p.darwin(ctx, &h)
	}
	h.GPU = p.nvidiaGPUs(ctx)
	return h
}

// linux fills what /etc/os-release and /proc say.
func (p probe) linux(h *HardwareInfo) {
	var parts []string
	if b, err := p.readFile("/etc/os-release"); err == nil {
		if v := keyValue(b, "PRETTY_NAME", "="); v != "" {
			parts = append(parts, v)
		}
	}
	if b, err := p.readFile("/proc/sys/kernel/osrelease"); err == nil {
		if v := strings.TrimSpace(string(b)); v != "" {
			parts = append(parts, "kernel "+v)
		}
	}
	h.OS = strings.Join(append([]string{p.goos}, parts...), "; ")
	if b, err := p.readFile("/proc/cpuinfo"); err == nil {
		// x86 says "model name"; arm64 kernels often name no model per
		// core, but boards like the Raspberry Pi give "Model" or
		// "Hardware" once; MIPS says "cpu model", POWER "cpu".
		for _, k := range []string{"model name", "Model", "Hardware", "cpu model", "cpu"} {
			if v := keyValue(b, k, ":"); v != "" {
				h.CPU = v
				break
			}
		}
	}
	if b, err := p.readFile("/proc/meminfo"); err == nil {
		f := strings.Fields(keyValue(b, "MemTotal", ":")) // "24684084 kB"
		if len(f) == 2 && f[1] == "kB" {
			if kb, err := strconv.ParseUint(f[0], 10, 64); err == nil {
				h.RAMGB = gib(float64(kb) * 1024)
			}
		}
	}
}

// darwin fills what sysctl and sw_vers say, best effort.
func (p probe) darwin(ctx context.Context, h *HardwareInfo) {
	if out, err := p.run(ctx, "sw_vers", "-productVersion"); err == nil {
		if v := strings.TrimSpace(string(out)); v != "" {
			h.OS = p.goos + "; macOS " + v
		}
	}
	if out, err := p.run(ctx, "sysctl", "-n", "machdep.cpu.brand_string"); err == nil {
		if v := strings.TrimSpace(string(out)); v != "" {
			h.CPU = v
		}
	}
	if out, err := p.run(ctx, "sysctl", "-n", "hw.memsize"); err == nil {
		if n, err := strconv.ParseUint(strings.TrimSpace(string(out)), 10, 64); err == nil {
			h.RAMGB = gib(float64(n))
		}
	}
}

// nvidiaGPUs lists the GPUs nvidia-smi knows, or nil when it is absent,
// fails or runs out of time. The CUDA version is only in the banner of a
// plain nvidia-smi run, which is asked for once the query has succeeded.
func (p probe) nvidiaGPUs(ctx context.Context) []GPU {
	bin, err := p.lookPath("nvidia-smi")
	if err != nil {
		return nil
	}
	out, err := p.run(ctx, bin, "--query-gpu=name,memory.total,driver_version", "--format=csv,noheader,nounits")
	if err != nil {
		return nil
	}
	var gpus []GPU
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		// "NVIDIA GeForce RTX 3090, 24576, 550.54.15": memory in MiB. The
		// name is everything before the last two fields, in case it ever
		// holds a comma.
		f := strings.Split(sc.Text(), ",")
		if len(f) < 3 {
			continue
		}
		g := GPU{
			Name:   strings.TrimSpace(strings.Join(f[:len(f)-2], ",")),
			Driver: strings.TrimSpace(f[len(f)-1]),
		}
		if g.Name == "" {
			continue
		}
		if mib, err := strconv.ParseFloat(strings.TrimSpace(f[len(f)-2]), 64); err == nil && mib > 0 {
			g.MemoryGB = gib(mib * (1 << 20))
		}
		if strings.HasPrefix(g.Driver, "[") { // "[N/A]"
			g.Driver = ""
		}
		gpus = append(gpus, g)
	}
	if len(gpus) == 0 {
		return nil
	}
	if banner, err := p.run(ctx, bin); err == nil {
		if v := cudaVersion(banner); v != "" {
			for i := range gpus {
				gpus[i].CUDAVersion = v
			}
		}
	}
	return gpus
}

// cudaVersion finds "CUDA Version: 12.4" in nvidia-smi's banner.
func cudaVersion(banner []byte) string {
	_, after, ok := bytes.Cut(banner, []byte("CUDA Version:"))
	if !ok {
		return ""
	}
	f := strings.Fields(string(after))
	if len(f) == 0 || strings.Trim(f[0], "0123456789.") != "" {
		return ""
	}
	return f[0]
}

// keyValue returns the value of the first line "key<sep>value" in b, with
// surrounding spaces and quotes removed. Keys are compared after trimming,
// because /proc/cpuinfo pads them with tabs.
func keyValue(b []byte, key, sep string) string {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), sep)
		if ok && strings.TrimSpace(k) == key {
			return strings.Trim(strings.TrimSpace(v), `"'`)
		}
	}
	return ""
}

// gib converts bytes to GiB rounded to one decimal, as the reference's
// fixtures write memory sizes (64.0).
func gib(bytes float64) float64 {
	return math.Round(bytes/(1<<30)*10) / 10
}
