# Gen5 Viewer. `make run` opens the viewer on the bundled sample; `make test`
# runs every test. Both install the Debian packages they need first.

GO       ?= go
BIN      := gen5view
# gen5: the same commands without the window, static (no cgo, no GL/X11).
CLI_BIN  := gen5
SAMPLE   := assets/sample.gen5
export GEN5_FIXTURES ?= $(abspath ../shared/fixtures)

# The release has one source, FyneApp.toml's Version; it and the commit are
# stamped into both binaries (internal/version says what a plain go build
# reports instead). "-dirty" marks a build from uncommitted changes.
VERSION  := $(shell sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
COMMIT   := $(shell c=$$(git rev-parse --short=12 HEAD 2>/dev/null) && \
              { git diff --quiet HEAD -- 2>/dev/null || c=$$c-dirty; } && echo $$c)
VPKG     := github.com/gen5viewer/gen5view/internal/version
LDFLAGS  := -X $(VPKG).version=$(VERSION) -X $(VPKG).commit=$(COMMIT)

# Debian packages: Fyne's cgo build (the C compiler and C library headers,
# which gcc only recommends and so does not bring with --no-install-recommends;
# GL, X11), the headless display for the end-to-end tests, the
# desktop-integration tools, dbus-daemon for a private session bus with fake
# desktop services, xclip to paste what the viewer copies, and zfp's own
# library with NumPy, which codec/zfp's tests compare the Go codec against. `make check-fresh` proves
# the lists complete on a clean machine.
BUILD_DEPS := gcc libc6-dev pkg-config libgl-dev libx11-dev libxrandr-dev libxxf86vm-dev \
              libxi-dev libxcursor-dev libxinerama-dev
TEST_DEPS  := xvfb xauth imagemagick xdg-utils shared-mime-info desktop-file-utils dbus-daemon xclip \
              libglib2.0-bin python3-zfpy python3-numpy

.PHONY: all build run test deps test-deps vet fuzz-smoke clean sample test-e2e check-fresh

all: build

# deps installs what is missing, and only that, so a second run costs nothing.
deps:
	@./scripts/ensure-packages.sh $(BUILD_DEPS)

test-deps: deps
	@./scripts/ensure-packages.sh $(TEST_DEPS)

build: deps
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) .
	CGO_ENABLED=0 $(GO) build -ldflags '$(LDFLAGS)' -o $(CLI_BIN) ./cmd/gen5

# Fonts the window falls back to for what its own font lacks: Fyne draws
# a glyph missing from Noto Sans with an installed font that has it, and
# a desktop without a CJK font shows Chinese, Japanese and Korean prompts
# as "�". Noto CJK matches the look of Fyne's Noto Sans.
RUN_DEPS := fonts-noto-cjk

run: build
	@./scripts/ensure-packages.sh $(RUN_DEPS)
	./$(BIN) $(SAMPLE)

vet:
	$(GO) vet ./...

test: test-deps build vet
	$(GO) test -count=1 ./...
	$(MAKE) fuzz-smoke
	$(MAKE) test-desktop
	$(MAKE) test-e2e

# make test from a fresh clone of HEAD in a throw-away Debian 12 minbase
# chroot with only make, git, ca-certificates and Go: shows a missing install
# step before a new user meets it. As root; not part of make test.
check-fresh:
	./scripts/check-fresh.sh

# Packages people install. deb: build/gen5view_VERSION_ARCH.deb (dpkg-deb).
# windows: build/gen5view-VERSION-windows-amd64.zip (gen5view.exe through
# gcc-mingw-w64, gen5.exe, README, licences). check-windows: the Windows
# build run under wine (commands on fixtures, the window under Xvfb).
# check-packages: the .deb installed, used and purged in a clean Debian 12
# chroot, then check-windows; as root, not part of make test.
# docs/RELEASING.md.
DEB_DEPS     := dpkg-dev python3-debian
WINDOWS_DEPS := gcc-mingw-w64-x86-64 zip
.PHONY: deb windows check-windows check-packages

deb:
	@./scripts/ensure-packages.sh $(BUILD_DEPS) $(DEB_DEPS)
	VERSION='$(VERSION)' LDFLAGS='$(LDFLAGS)' GO='$(GO)' ./packaging/build-deb.sh

windows:
	@./scripts/ensure-packages.sh $(WINDOWS_DEPS)
	VERSION='$(VERSION)' LDFLAGS='$(LDFLAGS)' GO='$(GO)' ./packaging/build-windows.sh

CHECK_WINDOWS_DEPS := wine64 xvfb imagemagick gcc-mingw-w64-x86-64

check-windows: windows
	@./scripts/ensure-packages.sh $(CHECK_WINDOWS_DEPS)
	./packaging/check-windows.sh

check-packages: deb windows
	@./scripts/ensure-packages.sh debootstrap $(CHECK_WINDOWS_DEPS)
	./packaging/check-packages.sh
	./packaging/check-windows.sh

# The real window under Xvfb: a fixture and damaged files, screenshots checked.
test-e2e: test-deps build
	./e2e/run.sh

# A short run of each fuzz target; the long runs are done by hand.
fuzz-smoke:
	$(GO) test -run='^$$' -fuzz=FuzzOpen -fuzztime=15s -fuzzminimizetime=5s ./codec
	$(GO) test -run='^$$' -fuzz=FuzzImageText -fuzztime=10s -fuzzminimizetime=5s ./prefill
	$(GO) test -run='^$$' -fuzz=FuzzDecode -fuzztime=10s -fuzzminimizetime=5s ./codec/zfp
	$(GO) test -run='^$$' -fuzz=FuzzShrinkPNG -fuzztime=10s -fuzzminimizetime=5s ./thumbnail

clean:
	rm -f $(BIN) $(CLI_BIN)

# The bundled sample is written by our own create, from our own picture and
# seed-42 noise (assets/samplesrc). Rebuild it by hand when the writer changes.
sample: build
	tmp=$$(mktemp -d) && $(GO) run assets/samplesrc/main.go $$tmp && \
	./$(BIN) create --force --image $$tmp/sample.png --noise $$tmp/sample_noise.npy \
	  --out $(SAMPLE) --model "Stable Diffusion 1.5" --model-version "1.5" \
	  --prompt "a red and white lighthouse on a headland at dusk, low sun over a calm sea, flat illustration" \
	  --negative-prompt "blurry, text, watermark" \
	  --tag lighthouse --tag dusk --tag sea --tag illustration \
	  --seed 42 --steps 30 --sampler "DPM++ 2M" --scheduler karras --cfg 7 && rm -r $$tmp

# Desktop integration (Linux): binary, .desktop entry, application/x-gen5 MIME
# type, icons and thumbnailer under $(PREFIX), so a double-clicked .gen5 file
# opens in the viewer and file managers show its picture. PREFIX=/usr/local
# (as root) installs for every user; DESTDIR stages.
PREFIX ?= $(HOME)/.local

.PHONY: install uninstall test-desktop

install: build
	PREFIX='$(PREFIX)' DESTDIR='$(DESTDIR)' ./desktop/install.sh
	install -D -m 0755 $(CLI_BIN) '$(DESTDIR)$(PREFIX)/bin/$(CLI_BIN)'

uninstall:
	PREFIX='$(PREFIX)' DESTDIR='$(DESTDIR)' ./desktop/uninstall.sh
	rm -f '$(DESTDIR)$(PREFIX)/bin/$(CLI_BIN)'

# Installs into a temporary prefix, checks the MIME type, default application,
# desktop entry and icons as the desktop tools see them, then uninstalls.
test-desktop:
	./desktop/install_test.sh
