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

say() { printf 'check-fresh: %s\n' "$*"; }
said=""
die() {
	printf 'check-fresh: FAILED: %s\n' "$*" >&2
	said=1
	exit 1
}

[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap, chroot and mount need it)"

REPO=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${FRESH_SHARED:-$REPO/../shared}
SUITE=bookworm
MIRROR=${FRESH_MIRROR:-http://deb.debian.org/debian}
CACHE=${FRESH_CACHE:-/var/cache/gen5view-check-fresh}
GOROOT_HOST=${FRESH_GOROOT:-/usr/local/go}
# What a new user is told to have: see README, "Set up".
INCLUDE=make,git,ca-certificates

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

"$REPO/scripts/ensure-packages.sh" debootstrap

ROOT=$(mktemp -d /var/tmp/gen5view-fresh.XXXXXX)
chmod 755 "$ROOT"

# mounts_under DIR: the mount points at or below DIR, deepest first.
mounts_under() {
	awk -v r="$1" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/self/mounts | sort -r
}

cleanup() {
	status=$?
	trap - EXIT INT TERM HUP
	# Processes still running inside (an Xvfb left behind) keep mounts busy.
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/root" 2>/dev/null)" = "$ROOT" ] && kill -9 "${p#/proc/}" 2>/dev/null
	done
	for m in $(mounts_under "$ROOT"); do
		umount "$m" 2>/dev/null || umount -l "$m" || true
	done
	if [ "$status" -ne 0 ] && [ -z "$said" ]; then
		printf 'check-fresh: FAILED (exit %d): see the lines above\n' "$status" >&2
	fi
	if [ -n "$(mounts_under "$ROOT")" ]; then
		# Never delete through a mount: it could reach this machine's files.
		printf 'check-fresh: could not unmount everything under %s; not removing it:\n' "$ROOT" >&2
		mounts_under "$ROOT" >&2
		status=1
	elif [ "${FRESH_KEEP:-}" = 1 ]; then
		say "kept the chroot at $ROOT"
	else
		rm -rf "$ROOT"
	fi
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# 1. The base system, from the cached package tarball when there is one.
mkdir -p "$CACHE"
TARBALL=$CACHE/$SUITE-minbase-$(printf '%s' "$INCLUDE" | tr , -).tgz
if [ ! -s "$TARBALL" ]; then
	say "downloading $SUITE minbase packages into $TARBALL"
	work=$(mktemp -d /var/tmp/gen5view-fresh-dl.XXXXXX)
	if ! debootstrap --variant=minbase --include="$INCLUDE" \
		--make-tarball="$TARBALL.part" "$SUITE" "$work" "$MIRROR"; then
		rm -rf "$work" "$TARBALL.part"
		die "debootstrap --make-tarball"
	fi
	rm -rf "$work"
	mv "$TARBALL.part" "$TARBALL"
fi
say "installing $SUITE minbase (+ $INCLUDE) into $ROOT"
debootstrap --variant=minbase --include="$INCLUDE" --unpack-tarball="$TARBALL" \
	"$SUITE" "$ROOT" "$MIRROR" >"$ROOT.debootstrap.log" 2>&1 || {
	tail -20 "$ROOT.debootstrap.log" >&2
	rm -f "$ROOT.debootstrap.log"
	die "debootstrap --unpack-tarball (see the lines above)"
}
rm -f "$ROOT.debootstrap.log"

# 2. Network: DNS, this machine's extra CA certificates, the mirror.
cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf"
if [ -d /usr/local/share/ca-certificates ]; then
	cp -a /usr/local/share/ca-certificates/. "$ROOT/usr/local/share/ca-certificates/"
fi
printf 'deb %s %s main\n' "$MIRROR" "$SUITE" >"$ROOT/etc/apt/sources.list"

# 3. What the kernel-facing tools inside need (Xvfb wants /dev/shm and pts).
mount -t proc proc "$ROOT/proc"
mount -t sysfs -o ro sysfs "$ROOT/sys"
mount --bind /dev "$ROOT/dev"
mount -t devpts -o newinstance,ptmxmode=0666 devpts "$ROOT/dev/pts"
mount -t tmpfs -o mode=1777 tmpfs "$ROOT/dev/shm"
# /tmp is this machine's: the chroot shares its network namespace, so an X
# server inside binds the same abstract socket names (@/tmp/.X11-unix/XN) as
# one outside, and xvfb-run -a can only pick a free display number when it
# sees the other servers' lock files in /tmp.
mount --bind /tmp "$ROOT/tmp"

# 4. Go, as README tells a new user to install it: the release tree in /usr/local/go.
say "copying Go ($("$GOROOT_HOST/bin/go" version | cut -d' ' -f3)) from $GOROOT_HOST"
cp -a "$GOROOT_HOST" "$ROOT/usr/local/go"

# 5. The reference files beside a fresh clone, as ../shared is beside /work/main.
mkdir -p "$ROOT/build/shared" "$ROOT/build/origin.git"
mount --bind -o ro "$SHARED" "$ROOT/build/shared"
mount -o remount,bind,ro "$ROOT/build/shared"
mount --bind -o ro "$GITDIR" "$ROOT/build/origin.git"
mount -o remount,bind,ro "$ROOT/build/origin.git"

# run CMD: runs a shell command inside the chroot with a clean environment.
run() {
	chroot "$ROOT" /usr/bin/env -i \
		HOME=/root PATH=/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		LANG=C.UTF-8 CI=true GEN5_REQUIRE_FIXTURES=1 \
		/bin/sh -euc "$1"
}

run 'update-ca-certificates >/dev/null' || die "update-ca-certificates"
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
