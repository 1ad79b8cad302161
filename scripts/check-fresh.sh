#!/bin/sh
# check-fresh.sh: runs `make test` as CI would, from a fresh clone of the
# committed HEAD, inside a throw-away Debian 12 (bookworm) chroot that holds
# only what README's "Set up" asks for: a minbase system, make, git,
# ca-certificates and Go. A step the Makefile forgets to install fails here
# before anyone meets it on a clean machine.
#
#   make check-fresh                     (as root: it debootstraps and mounts)
#   FRESH_MIRROR=http://... make check-fresh
#   FRESH_KEEP=1 make check-fresh        keeps the chroot (its path is printed)
#
# The chroot gets this machine's Go (/usr/local/go, copied), its extra CA
# certificates (/usr/local/share/ca-certificates, so that the Go module proxy
# and apt answer through an intercepting proxy) and its DNS settings; the
# reference files (../shared) are mounted read-only beside the clone. The
# packages debootstrap fetches are kept as a tarball in $FRESH_CACHE, so a
# second run skips the download. Everything mounted is unmounted on any exit.
set -eu

REPO=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${FRESH_SHARED:-$REPO/../shared}
GOROOT_HOST=${FRESH_GOROOT:-/usr/local/go}
# What a new user is told to have: see README, "Set up".
INCLUDE=make,git,ca-certificates
CHROOT_NAME=check-fresh
CHROOT_KEEP=${FRESH_KEEP:-}
CHROOT_ENV="CI=true GEN5_REQUIRE_FIXTURES=1"
. "$REPO/scripts/debian-chroot.sh"

[ -d "$SHARED" ] || die "reference files not found at $SHARED"
[ -x "$GOROOT_HOST/bin/go" ] || die "no Go at $GOROOT_HOST (set FRESH_GOROOT)"
SHARED=$(cd "$SHARED" && pwd)

# The commit under test: HEAD, as a fresh clone sees it. Uncommitted changes
# are not in a clone, so say so rather than test something else silently.
REV=$(git -C "$REPO" rev-parse --verify HEAD) || die "$REPO is not a git checkout"
GITDIR=$(cd "$REPO" && cd "$(git rev-parse --git-common-dir)" && pwd)
if [ -n "$(git -C "$REPO" status --porcelain --untracked-files=no)" ]; then
	say "warning: uncommitted changes in $REPO are not tested (HEAD $REV is)"
fi

# 1–3. The base system, network and mounts (scripts/debian-chroot.sh).
chroot_make "$INCLUDE"

# 4. Go, as README tells a new user to install it: the release tree in /usr/local/go.
say "copying Go ($("$GOROOT_HOST/bin/go" version | cut -d' ' -f3)) from $GOROOT_HOST"
cp -a "$GOROOT_HOST" "$ROOT/usr/local/go"

# 5. The reference files beside a fresh clone, as ../shared is beside /work/main.
chroot_mount_ro "$SHARED" /build/shared
chroot_mount_ro "$GITDIR" /build/origin.git

run() { chroot_run "$1"; }

run "git clone --quiet --no-local /build/origin.git /build/gen5view && git -C /build/gen5view checkout --quiet --detach $REV" ||
	die "git clone"
umount "$ROOT/build/origin.git"

# 6. gen5, the command line without the window, before any GUI package is
# installed: built with Go alone, static, and run where there is no GL, X11
# or C compiler.
say "gen5 in the bare chroot, before any GUI package"
run 'cd /build/gen5view && CGO_ENABLED=0 go build -o /build/gen5 ./cmd/gen5 &&
	! ls /usr/lib/*/libGL.so* /usr/lib/*/libX11.so* >/dev/null 2>&1 &&
	! ldd /build/gen5 >/dev/null 2>&1 &&
	/build/gen5 info --json /build/shared/fixtures/a0_flux_f32.gen5 >/dev/null' ||
	die "gen5 does not build or run without the GUI libraries"

# 7. The test, as CI runs it.
say "make test in a fresh clone of $REV"
start=$(date +%s)
if ! run 'cd /build/gen5view && make test'; then
	die "make test failed in the fresh $SUITE chroot (after $(($(date +%s) - start))s)"
fi
say "PASSED: make test in a fresh $SUITE minbase chroot, $REV, in $(($(date +%s) - start))s"
