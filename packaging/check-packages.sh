#!/bin/sh
# check-packages.sh: the release packages, tried as their users meet them.
#
# The .deb (make deb) is installed with apt-get into a clean Debian 12
# minbase chroot (the one `make check-fresh` makes: scripts/debian-chroot.sh),
# so apt resolves its Depends and Recommends from the archive; then gen5
# info and gen5view thumbnail run on a fixture, xdg-mime must name
# gen5view.desktop the default for application/x-gen5, and after
# `apt-get purge --autoremove` no file may be left that was not there before.
# make check-packages then runs check-windows.sh, which tries the Windows build.
#
#   make check-packages        (as root; not part of make test)
#   FRESH_KEEP=1 ...           keeps the chroot
set -eu

REPO=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${FRESH_SHARED:-$REPO/../shared}
FIXTURE=a0_sd15_f32.gen5
INCLUDE=make,git,ca-certificates # as check-fresh, so the tarball cache is shared
CHROOT_NAME=check-packages
CHROOT_KEEP=${FRESH_KEEP:-}
. "$REPO/scripts/debian-chroot.sh"

VERSION=$(sed -n 's/^Version *= *"\(.*\)"/\1/p' "$REPO/FyneApp.toml")
DEB=$REPO/build/gen5view_${VERSION}_$(dpkg --print-architecture).deb
[ -f "$DEB" ] || die "no $DEB (run make deb)"
[ -f "$SHARED/fixtures/$FIXTURE" ] || die "no fixture $SHARED/fixtures/$FIXTURE"
SHARED=$(cd "$SHARED" && pwd)

chroot_make "$INCLUDE"
chroot_mount_ro "$SHARED" /build/shared
cp "$DEB" "$ROOT/build/"
deb=/build/$(basename "$DEB")
fx=/build/shared/fixtures/$FIXTURE

# The file system as seen before and after, less what apt and dpkg keep
# about their own work (logs, lists, caches, the status database).
snapshot='find / -xdev \( -path /proc -o -path /sys -o -path /dev -o -path /tmp -o -path /build \
	-o -path /var/log -o -path /var/cache/apt -o -path /var/lib/apt -o -path /var/lib/dpkg \
	-o -path /var/cache/debconf -o -path /var/cache/ldconfig -o -path /etc/ld.so.cache \) -prune -o -print | LC_ALL=C sort'

say "apt-get update"
chroot_run 'apt-get update -qq' || die "apt-get update"
chroot_run "$snapshot" >"$ROOT/build/before.txt"
packages='dpkg-query -W -f="\${db:Status-Abbrev} \${Package}\n" | awk "\$1 == \"ii\" { print \$2 }" | LC_ALL=C sort'
chroot_run "$packages" >"$ROOT/build/packages-before.txt"

say "apt-get install ./$(basename "$DEB")"
chroot_run "DEBIAN_FRONTEND=noninteractive apt-get install -y -q $deb" >"$ROOT/build/install.log" 2>&1 || {
	tail -30 "$ROOT/build/install.log" >&2
	die "apt-get install of the .deb"
}
grep -E '^(The following NEW packages|  )' "$ROOT/build/install.log" | head -20 | sed 's/^/  /'
chroot_run 'dpkg-query -W -f="  installed: \${Package} \${Version}, Depends: \${Depends}\n" gen5view'

say "gen5 --version; gen5view --version"
chroot_run 'gen5 --version && gen5view --version' | sed 's/^/  /'
say "gen5 info $fx"
chroot_run "gen5 info $fx" | sed 's/^/  /' || die "gen5 info"
say "gen5view thumbnail -s 128 file://$fx"
chroot_run "gen5view thumbnail -s 128 file://$fx /build/thumb.png &&
	head -c 8 /build/thumb.png | od -An -c | tr -s ' ' && ls -l /build/thumb.png" | sed 's/^/  /' ||
	die "gen5view thumbnail"
[ "$(head -c 4 "$ROOT/build/thumb.png" | tail -c 3)" = PNG ] || die "the thumbnail is not a PNG"
say "man pages, desktop entry, MIME type, thumbnailer"
chroot_run 'for f in /usr/share/man/man1/gen5view.1.gz /usr/share/man/man1/gen5.1.gz \
		/usr/share/applications/gen5view.desktop /usr/share/thumbnailers/gen5view.thumbnailer \
		/usr/share/mime/application/x-gen5.xml /usr/share/mime/application/x-raiiaf.xml \
		/usr/share/icons/hicolor/48x48/apps/gen5view.png /usr/share/doc/gen5view/copyright \
		/usr/share/doc/gen5view/changelog.gz; do test -s "$f" || { echo "missing $f"; exit 1; }; done
	grep -q "^application/x-gen5=gen5view.desktop" /usr/share/applications/mimeinfo.cache' ||
	die "a file is missing, or the triggers did not refresh the MIME and desktop caches"
say "xdg-mime query default application/x-gen5"
default=$(chroot_run 'xdg-mime query default application/x-gen5') || die "xdg-mime query"
printf '  %s\n' "$default"
[ "$default" = gen5view.desktop ] || die "the default for application/x-gen5 is \"$default\", not gen5view.desktop"

say "apt-get purge --autoremove gen5view"
chroot_run 'DEBIAN_FRONTEND=noninteractive apt-get purge -y -q --autoremove gen5view' >"$ROOT/build/purge.log" 2>&1 || {
	tail -30 "$ROOT/build/purge.log" >&2
	die "apt-get purge"
}
chroot_run "$snapshot" >"$ROOT/build/after.txt"
chroot_run "$packages" >"$ROOT/build/packages-after.txt"
if chroot_run 'dpkg-query -W gen5view' >/dev/null 2>&1; then
	die "dpkg still knows gen5view after purge"
fi
left=$(LC_ALL=C comm -13 "$ROOT/build/before.txt" "$ROOT/build/after.txt")
gone=$(LC_ALL=C comm -23 "$ROOT/build/before.txt" "$ROOT/build/after.txt")
kept=$(LC_ALL=C comm -13 "$ROOT/build/packages-before.txt" "$ROOT/build/packages-after.txt")
mention=$(chroot_run 'grep -rl -e x-gen5 -e x-raiiaf -e gen5view /usr/share/mime /usr/share/applications /usr/share/icons /etc 2>/dev/null || true')
if [ -n "$gone" ] || [ -n "$mention" ] || printf '%s\n' "$left" | grep -q gen5; then
	[ -z "$left" ] || printf 'left behind:\n%s\n' "$left" >&2
	[ -z "$gone" ] || printf 'gone:\n%s\n' "$gone" >&2
	[ -z "$mention" ] || printf 'caches or settings still naming gen5view or its types:\n%s\n' "$mention" >&2
	die "the system is not as it was before the install"
fi
if [ -n "$left" ]; then
	# Not gen5view's files: apt keeps some packages that came in as
	# dependencies (Priority important, such as netbase), and the dependencies'
	# own scripts leave traces (adduser's backups of /etc/shadow).
	say "  left by dependencies, not by gen5view (packages apt kept: $(echo $kept)):"
	printf '%s\n' "$left" | sed 's/^/    /'
fi
say "  no file of gen5view left, no cache or setting names it or its MIME types"
say "PASSED: the .deb installs, works and purges cleanly in a fresh Debian 12"
