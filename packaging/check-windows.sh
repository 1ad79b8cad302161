#!/bin/sh
# check-windows.sh: runs the Windows build (make windows) under Debian's
# wine64, in a throw-away wine prefix: gen5.exe --version, info and verify
# on fixtures (verify also on a damaged copy, which must fail), then
# gen5view.exe's window on a fixture under Xvfb, with a screenshot in
# build/windows/wine-window.png. Part of `make check-packages`.
set -eu

REPO=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${FRESH_SHARED:-$REPO/../shared}
DIST=$REPO/build/windows
WINE=${WINE:-/usr/lib/wine/wine64}
say() { printf 'check-windows: %s\n' "$*"; }
die() {
	printf 'check-windows: FAILED: %s\n' "$*" >&2
	exit 1
}
[ -x "$WINE" ] || die "no $WINE (apt-get install wine64)"
[ -f "$DIST/gen5.exe" ] && [ -f "$DIST/gen5view.exe" ] || die "no Windows build in $DIST (run make windows)"
fixtures=$(cd "$SHARED/fixtures" && pwd)

work=$(mktemp -d)
xpid=""
trap '[ -z "$xpid" ] || kill "$xpid" 2>/dev/null; rm -rf "$work"' EXIT
# No Mono or Gecko download prompts, no debug noise.
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY
say "wine $("$WINE" --version), prefix $WINEPREFIX"
"$WINE" wineboot --init >/dev/null 2>&1 || true

# wine EXE ARGS...: runs EXE, its output with Windows line ends made Unix.
wine() { "$WINE" "$@" | tr -d '\r'; }

say "gen5.exe --version"
out=$("$WINE" "$DIST/gen5.exe" --version 2>&1 | tr -d '\r') || true
printf '%s\n' "$out" | head -3
case $out in
*"bcryptprimitives.dll not found"*)
	# Go 1.26's Windows runtime takes its random numbers from
	# bcryptprimitives.dll (ProcessPrng), present since Windows 8; Debian
	# 12's wine 8.0 does not have it, so no Go program starts under it.
	say "SKIPPED: $("$WINE" --version) has no bcryptprimitives.dll, which every Go 1.26 Windows program loads at start; a wine with it (wine 9 or later) runs this check"
	exit 0
	;;
esac
for f in a0_sd15_f32.gen5 a0_flux_f32.gen5; do
	say "gen5.exe info $f"
	wine "$DIST/gen5.exe" info "Z:$fixtures/$f" || die "gen5.exe info $f"
	say "gen5.exe verify $f"
	wine "$DIST/gen5.exe" verify "Z:$fixtures/$f" || die "gen5.exe verify $f"
done
cp "$fixtures/a0_sd15_f32.gen5" "$work/damaged.gen5"
size=$(stat -c %s "$work/damaged.gen5")
printf 'XXXX' | dd of="$work/damaged.gen5" bs=1 seek=$((size / 2)) conv=notrunc status=none
say "gen5.exe verify damaged.gen5 (must fail)"
if wine "$DIST/gen5.exe" verify "Z:$work/damaged.gen5"; then
	die "gen5.exe verify passed a damaged file"
fi
say "  exit status non-zero, as it should be"

say "gen5view.exe a0_sd15_f32.gen5 under Xvfb"
display=:$((90 + $$ % 9))
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xpid=$!
sleep 2
DISPLAY=$display "$WINE" "$DIST/gen5view.exe" "Z:$fixtures/a0_sd15_f32.gen5" >"$work/gui.log" 2>&1 &
gpid=$!
sleep 25
if kill -0 "$gpid" 2>/dev/null; then
	say "  the window is running after 25 s"
else
	say "  gen5view.exe exited early:"
	sed 's/^/    /' "$work/gui.log" | tr -d '\r' | tail -5
fi
DISPLAY=$display import -window root "$DIST/wine-window.png" && say "  screenshot: $DIST/wine-window.png"
"${WINE%/*}/wineserver" -k 2>/dev/null || kill "$gpid" 2>/dev/null || true
say "done"
