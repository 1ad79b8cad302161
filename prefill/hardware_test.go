package prefill

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

const (
	fakeOSRelease = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
ID=debian
`
	fakeCPUInfo = `processor	: 0
vendor_id	: AuthenticAMD
cpu family	: 25
model		: 33
model name	: AMD Ryzen 9 5950X 16-Core Processor
cpu MHz		: 3400.000

processor	: 1
model name	: AMD Ryzen 9 5950X 16-Core Processor
`
	fakeMemInfo = `MemTotal:       65773748 kB
MemFree:        24221452 kB
MemAvailable:   50000000 kB
`
	fakeSMIQuery = "NVIDIA GeForce RTX 3090, 24576, 550.54.15\nNVIDIA RTX A4000, 16376, 550.54.15\n"
	fakeSMI      = `Tue Nov 26 10:00:00 2026
+-----------------------------------------------------------------------------------------+
| NVIDIA-SMI 550.54.15              Driver Version: 550.54.15      CUDA Version: 12.4     |
|-----------------------------------------+------------------------+----------------------+
`
)

// fakeMachine is a probe over canned files and command outputs. A command
// whose output is missing fails; one mapped to "hang" waits for its
// deadline, as a stuck nvidia-smi does.
func fakeMachine(goos string, files, commands map[string]string, onPath ...string) probe {
	return probe{
		goos: goos, goarch: "amd64",
		numCPU:   func() int { return 32 },
		hostname: func() (string, error) { return "render-box\n", nil },
		readFile: func(name string) ([]byte, error) {
			if s, ok := files[name]; ok {
				return []byte(s), nil
			}
			return nil, fs.ErrNotExist
		},
		lookPath: func(file string) (string, error) {
			for _, p := range onPath {
				if p == file {
					return "/usr/bin/" + file, nil
				}
			}
			return "", errors.New("not found")
		},
		run: func(ctx context.Context, name string, args ...string) ([]byte, error) {
			out, ok := commands[strings.Join(append([]string{name}, args...), " ")]
			if !ok {
				return nil, errors.New("exit status 1")
			}
			if out == "hang" {
				<-ctx.Done()
				return nil, ctx.Err()
			}
			return []byte(out), nil
		},
		timeout: 100 * time.Millisecond,
	}
}

func TestHardware(t *testing.T) {
	linuxFiles := map[string]string{
		"/etc/os-release":            fakeOSRelease,
		"/proc/sys/kernel/osrelease": "6.1.0-18-amd64\n",
		"/proc/cpuinfo":              fakeCPUInfo,
		"/proc/meminfo":              fakeMemInfo,
	}
	smiQuery := "/usr/bin/nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader,nounits"
	linux := HardwareInfo{
		MachineName: "render-box",
		OS:          "linux; Debian GNU/Linux 12 (bookworm); kernel 6.1.0-18-amd64",
		CPU:         "AMD Ryzen 9 5950X 16-Core Processor",
		CPUCores:    32,
		RAMGB:       62.7,
	}
	withGPUs := linux
	withGPUs.GPU = []GPU{
		{Name: "NVIDIA GeForce RTX 3090", MemoryGB: 24, Driver: "550.54.15", CUDAVersion: "12.4"},
		{Name: "NVIDIA RTX A4000", MemoryGB: 16, Driver: "550.54.15", CUDAVersion: "12.4"},
	}
	withoutCUDA := linux
	withoutCUDA.GPU = []GPU{
		{Name: "NVIDIA GeForce RTX 3090", MemoryGB: 24, Driver: "550.54.15"},
		{Name: "NVIDIA RTX A4000", MemoryGB: 16, Driver: "550.54.15"},
	}
	tests := []struct {
		name string
		p    probe
		want HardwareInfo
	}{
		{"Linux without nvidia-smi", fakeMachine("linux", linuxFiles, nil), linux},
		{"Linux with two GPUs", fakeMachine("linux", linuxFiles, map[string]string{smiQuery: fakeSMIQuery, "/usr/bin/nvidia-smi": fakeSMI}, "nvidia-smi"), withGPUs},
		{"nvidia-smi banner fails", fakeMachine("linux", linuxFiles, map[string]string{smiQuery: fakeSMIQuery}, "nvidia-smi"), withoutCUDA},
		{"nvidia-smi fails", fakeMachine("linux", linuxFiles, nil, "nvidia-smi"), linux},
		{"nvidia-smi hangs", fakeMachine("linux", linuxFiles, map[string]string{smiQuery: "hang"}, "nvidia-smi"), linux},
		{"nvidia-smi odd output", fakeMachine("linux", linuxFiles, map[string]string{smiQuery: "No devices were found\n, 1, 2\nMIG GPU, [N/A], [N/A]\n"}, "nvidia-smi"), func() HardwareInfo {
			h := linux
			h.GPU = []GPU{{Name: "MIG GPU"}}
			return h
		}()},
		{"Linux without /proc", fakeMachine("linux", nil, nil), HardwareInfo{MachineName: "render-box", OS: "linux", CPU: "amd64", CPUCores: 32}},
		{"Raspberry Pi cpuinfo", fakeMachine("linux", map[string]string{"/proc/cpuinfo": "processor\t: 0\nBogoMIPS\t: 108.00\n\nHardware\t: BCM2835\nModel\t\t: Raspberry Pi 4 Model B Rev 1.4\n"}, nil), HardwareInfo{MachineName: "render-box", OS: "linux", CPU: "Raspberry Pi 4 Model B Rev 1.4", CPUCores: 32}},
		{"macOS", fakeMachine("darwin", nil, map[string]string{
			"sw_vers -productVersion":            "14.4.1\n",
			"sysctl -n machdep.cpu.brand_string": "Apple M2 Max\n",
			"sysctl -n hw.memsize":               "34359738368\n",
		}), HardwareInfo{MachineName: "render-box", OS: "darwin; macOS 14.4.1", CPU: "Apple M2 Max", CPUCores: 32, RAMGB: 32}},
		{"Windows", fakeMachine("windows", nil, nil), HardwareInfo{MachineName: "render-box", OS: "windows", CPU: "amd64", CPUCores: 32}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.hardware(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestHardwareAtLeastOneCore(t *testing.T) {
	p := fakeMachine("plan9", nil, nil)
	p.numCPU = func() int { return 0 }
	if got := p.hardware().CPUCores; got != 1 {
		t.Errorf("cpu_cores = %d, want 1", got)
	}
}

// TestHardwareJSON checks the field names against the manifest's
// hardware_info, and that unknown fields are left out rather than zero.
func TestHardwareJSON(t *testing.T) {
	h := HardwareInfo{
		MachineName: "m", OS: "linux", CPU: "c", CPUCores: 8, RAMGB: 64,
		GPU: []GPU{{Name: "RTX 3090", MemoryGB: 24, Driver: "550.54.15", CUDAVersion: "12.4"}},
	}
	b, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"machine_name":"m","os":"linux","cpu":"c","cpu_cores":8,"gpu":[{"name":"RTX 3090","memory_gb":24,"driver":"550.54.15","cuda_version":"12.4"}],"ram_gb":64}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	b, _ = json.Marshal(HardwareInfo{OS: "windows", CPU: "amd64", CPUCores: 1})
	if string(b) != `{"os":"windows","cpu":"amd64","cpu_cores":1}` {
		t.Errorf("got %s", b)
	}
}

// TestHardwareHere runs the real probe: it must not fail or hang on
// whatever machine runs the tests.
func TestHardwareHere(t *testing.T) {
	h := Hardware()
	if h.CPUCores < 1 || !strings.HasPrefix(h.OS, runtime.GOOS) || h.CPU == "" {
		t.Errorf("implausible: %+v", h)
	}
	t.Logf("%+v", h)
}
