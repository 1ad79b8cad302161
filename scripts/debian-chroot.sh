# shellcheck shell=sh
# debian-chroot.sh: sourced (not run) by check-fresh.sh and
# check-packages.sh. Makes a throw-away Debian 12 (bookworm) minbase chroot
# and takes it down again, whatever way the script exits.
#
#   REPO=/path/to/checkout CHROOT_NAME=check-x . "$REPO/scripts/debian-chroot.sh"
#   chroot_make make,git,ca-certificates   # sets ROOT; as root
#   chroot_run 'shell command'              # inside, clean environment (+ $CHROOT_ENV)
#
#   FRESH_MIRROR=http://...   the Debian mirror
#   FRESH_CACHE=DIR           where the debootstrap package tarball is kept
#                             (a second run skips the download)
#   CHROOT_KEEP=1             keeps the chroot (its path is printed)
#
# The chroot gets this machine's extra CA certificates
# (/usr/local/share/ca-certificates, so that apt and the Go module proxy
# answer through an intercepting proxy) and its DNS settings, /proc, /sys,
# /dev, pts, /dev/shm and this machine's /tmp. Everything mounted is
# unmounted on any exit, and nothing is deleted through a mount.

SUITE=bookworm
MIRROR=${FRESH_MIRROR:-http://deb.debian.org/debian}
CACHE=${FRESH_CACHE:-/var/cache/gen5view-check-fresh}
CHROOT_NAME=${CHROOT_NAME:-chroot}
CHROOT_ENV=${CHROOT_ENV:-}
ROOT=""

say() { printf '%s: %s\n' "$CHROOT_NAME" "$*"; }
said=""
die() {
	printf '%s: FAILED: %s\n' "$CHROOT_NAME" "$*" >&2
	said=1
	exit 1
}

# mounts_under DIR: the mount points at or below DIR, deepest first.
mounts_under() {
	awk -v r="$1" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/self/mounts | sort -r
}

chroot_cleanup() {
	status=$?
	trap - EXIT INT TERM HUP
	if [ -n "$ROOT" ]; then
		# Processes still running inside (an Xvfb left behind) keep mounts busy.
		for p in /proc/[0-9]*; do
			[ "$(readlink "$p/root" 2>/dev/null)" = "$ROOT" ] && kill -9 "${p#/proc/}" 2>/dev/null
		done
		for m in $(mounts_under "$ROOT"); do
			umount "$m" 2>/dev/null || umount -l "$m" || true
		done
	fi
	if [ "$status" -ne 0 ] && [ -z "$said" ]; then
		printf '%s: FAILED (exit %d): see the lines above\n' "$CHROOT_NAME" "$status" >&2
	fi
	if [ -z "$ROOT" ]; then
		:
	elif [ -n "$(mounts_under "$ROOT")" ]; then
		# Never delete through a mount: it could reach this machine's files.
		printf '%s: could not unmount everything under %s; not removing it:\n' "$CHROOT_NAME" "$ROOT" >&2
		mounts_under "$ROOT" >&2
		status=1
	elif [ "${CHROOT_KEEP:-}" = 1 ]; then
		say "kept the chroot at $ROOT"
	else
		rm -rf "$ROOT"
	fi
	exit "$status"
}

# chroot_make INCLUDE: debootstraps minbase plus the comma-separated
# packages INCLUDE into a new directory, $ROOT, and mounts what programs
# inside need.
chroot_make() {
	include=$1
	[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap, chroot and mount need it)"
	"$REPO/scripts/ensure-packages.sh" debootstrap

	ROOT=$(mktemp -d /var/tmp/gen5view-$CHROOT_NAME.XXXXXX)
	chmod 755 "$ROOT"
	trap chroot_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	trap 'exit 129' HUP

	# 1. The base system, from the cached package tarball when there is one.
	mkdir -p "$CACHE"
	tarball=$CACHE/$SUITE-minbase-$(printf '%s' "$include" | tr , -).tgz
	if [ ! -s "$tarball" ]; then
		say "downloading $SUITE minbase packages into $tarball"
		work=$(mktemp -d /var/tmp/gen5view-$CHROOT_NAME-dl.XXXXXX)
		if ! debootstrap --variant=minbase --include="$include" \
			--make-tarball="$tarball.part" "$SUITE" "$work" "$MIRROR"; then
			rm -rf "$work" "$tarball.part"
			die "debootstrap --make-tarball"
		fi
		rm -rf "$work"
		mv "$tarball.part" "$tarball"
	fi
	say "installing $SUITE minbase (+ $include) into $ROOT"
	debootstrap --variant=minbase --include="$include" --unpack-tarball="$tarball" \
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

	chroot_run 'update-ca-certificates >/dev/null' || die "update-ca-certificates"
}

# chroot_mount_ro DIR INSIDE: DIR of this machine, read-only at INSIDE in the chroot.
chroot_mount_ro() {
	mkdir -p "$ROOT$2"
	mount --bind -o ro "$1" "$ROOT$2"
	mount -o remount,bind,ro "$ROOT$2"
}

# chroot_run CMD: runs a shell command inside the chroot with a clean
# environment (and the VAR=value words of $CHROOT_ENV).
chroot_run() {
	# shellcheck disable=SC2086 # CHROOT_ENV is a list of words
	chroot "$ROOT" /usr/bin/env -i \
		HOME=/root PATH=/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		LANG=C.UTF-8 $CHROOT_ENV \
		/bin/sh -euc "$1"
}
