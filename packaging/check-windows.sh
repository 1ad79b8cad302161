#!/bin/sh
# check-windows.sh: runs the Windows build (make windows) under Debian's
# wine64, in a throw-away wine prefix: gen5.exe --version, info and verify
# on fixtures (verify also on a damaged copy, which must fail), then
# gen5view.exe's window on a fixture under Xvfb, which must stay up and draw,
# with a screenshot in build/windows/wine-window.png.
#
#   make check-windows          (also run by make check-packages)
#
# Go programs for Windows load bcryptprimitives.dll from system32 at start,
# which Debian 12's wine 8.0 lacks. When the prefix has none, a stand-in
# built from packaging/wine/bcryptprimitives.c with gcc-mingw-w64 goes into
# the throw-away prefix's system32 (never into the zip). Prints one line per
# check and "N passed, N failed"; exits non-zero when a check fails.
set -u

REPO=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${FRESH_SHARED:-$REPO/../shared}
DIST=${WINDOWS_DIST:-$REPO/build/windows} # what make windows wrote
WINE=${WINE:-/usr/lib/wine/wine64}
CC_WIN=${CC_WIN:-x86_64-w64-mingw32-gcc}
FIXTURE=a0_sd15_f32.gen5
WAIT=${WINE_WINDOW_WAIT:-60} # seconds for gen5view.exe to draw its window
say() { printf 'check-windows: %s\n' "$*"; }
die() {
	printf 'check-windows: %s\n' "$*" >&2
	exit 2
}
passed=0
failed=0
pass() {
	passed=$((passed + 1))
	echo "ok    $1"
}
fail() {
	failed=$((failed + 1))
	echo "FAIL  $1"
}

[ -x "$WINE" ] || die "no $WINE (apt-get install wine64)"
for tool in Xvfb import convert "$CC_WIN"; do
	command -v "$tool" >/dev/null || die "$tool is not installed (make check-windows installs it)"
done
[ -f "$DIST/gen5.exe" ] && [ -f "$DIST/gen5view.exe" ] || die "no Windows build in $DIST (run make windows)"
[ -f "$SHARED/fixtures/$FIXTURE" ] || die "no fixture $SHARED/fixtures/$FIXTURE"
fixtures=$(cd "$SHARED/fixtures" && pwd)

work=$(mktemp -d)
xpid=""
cleanup() {
	WINEPREFIX=$work/prefix "${WINE%/*}/wineserver" -k 2>/dev/null
	[ -z "$xpid" ] || kill "$xpid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# No Mono or Gecko download prompts, no debug noise, no display for the
# command line.
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY
say "$("$WINE" --version), prefix $WINEPREFIX"
"$WINE" wineboot --init >/dev/null 2>&1 || true
system32=$WINEPREFIX/drive_c/windows/system32
[ -d "$system32" ] || die "wineboot made no prefix at $WINEPREFIX"
if [ ! -f "$system32/bcryptprimitives.dll" ]; then
	"$CC_WIN" -shared -O2 -s -Wall -o "$system32/bcryptprimitives.dll" \
		"$REPO/packaging/wine/bcryptprimitives.c" -ladvapi32 ||
		die "could not build the stand-in bcryptprimitives.dll"
	export WINEDLLOVERRIDES="$WINEDLLOVERRIDES;bcryptprimitives=n"
	say "this wine has no bcryptprimitives.dll: the stand-in from packaging/wine is in the prefix's system32"
fi

# run NAME EXE ARGS...: runs EXE under wine, its output (Windows line ends
# made Unix) in $work/NAME.out and shown indented; returns EXE's status.
run() {
	name=$1
	shift
	"$WINE" "$@" >"$work/$name.out" 2>&1
	status=$?
	tr -d '\r' <"$work/$name.out" >"$work/$name.txt"
	sed 's/^/      /' "$work/$name.txt"
	return $status
}

echo "gen5.exe --version"
if run version "$DIST/gen5.exe" --version && grep -q "^gen5 .*$(sed -n 's/^Version *= *"\(.*\)"/\1/p' "$REPO/FyneApp.toml")" "$work/version.txt"; then
	pass "gen5.exe starts and names the release"
else
	fail "gen5.exe --version"
fi
for f in a0_sd15_f32.gen5 a0_flux_f32.gen5; do
	echo "gen5.exe info Z:$fixtures/$f"
	if run info "$DIST/gen5.exe" info "Z:$fixtures/$f" && grep -q . "$work/info.txt"; then
		pass "gen5.exe info $f"
	else
		fail "gen5.exe info $f"
	fi
	echo "gen5.exe verify Z:$fixtures/$f"
	if run verify "$DIST/gen5.exe" verify "Z:$fixtures/$f"; then
		pass "gen5.exe verify $f: exit status 0"
	else
		fail "gen5.exe verify $f"
	fi
done
cp "$fixtures/$FIXTURE" "$work/damaged.gen5"
size=$(stat -c %s "$work/damaged.gen5")
printf 'XXXX' | dd of="$work/damaged.gen5" bs=1 seek=$((size / 2)) conv=notrunc status=none
echo "gen5.exe verify damaged.gen5 (a copy of $FIXTURE with 4 bytes overwritten)"
# It must fail by finding the damage, not by failing to start.
if run damaged "$DIST/gen5.exe" verify "Z:$work/damaged.gen5"; then
	fail "gen5.exe verify passed a damaged file"
elif grep -q 'damaged.gen5: .*failed' "$work/damaged.txt"; then
	pass "gen5.exe verify damaged.gen5: finds the damage, exit status non-zero"
else
	fail "gen5.exe verify damaged.gen5 failed without naming the damage"
fi

# The window: a fresh X server, gen5view.exe on the fixture; it must still
# run once the screen shows more than a few colours (a bare X screen has one).
echo "gen5view.exe Z:$fixtures/$FIXTURE under Xvfb"
n=90
while [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ]; do n=$((n + 1)); done
Xvfb ":$n" -screen 0 1366x768x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xpid=$!
sleep 2
kill -0 "$xpid" 2>/dev/null || die "Xvfb :$n did not start: $(cat "$work/xvfb.log")"
shot=$DIST/wine-window.png
rm -f "$shot"
DISPLAY=:$n "$WINE" "$DIST/gen5view.exe" "Z:$fixtures/$FIXTURE" >"$work/gui.log" 2>&1 &
gpid=$!
colours=0
waited=0
while [ "$waited" -lt "$WAIT" ] && kill -0 "$gpid" 2>/dev/null; do
	sleep 5
	waited=$((waited + 5))
	DISPLAY=:$n import -window root "$work/shot.png" 2>/dev/null || continue
	colours=$(convert "$work/shot.png" -format %k info:)
	[ "$colours" -gt 50 ] && break
done
sleep 5 # let the picture and the noise panel finish drawing
DISPLAY=:$n import -window root "$shot" 2>/dev/null && colours=$(convert "$shot" -format %k info:)
if ! kill -0 "$gpid" 2>/dev/null; then
	fail "gen5view.exe exited within $waited s:"
	tr -d '\r' <"$work/gui.log" | tail -5 | sed 's/^/      /'
elif [ "$colours" -le 50 ]; then
	fail "gen5view.exe runs but the screen shows $colours colours after $waited s"
else
	pass "gen5view.exe draws its window ($colours colours after $waited s); screenshot $shot"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
