#!/bin/sh
# End-to-end check of the viewer and library windows: runs the real binary under a
# virtual X server (Xvfb), takes screenshots of the whole screen and checks
# that a window was drawn and that the program survived.
#
#   e2e/run.sh                      checks ./gen5view (built by `make build`)
#   GEN5VIEW=/path/to/bin e2e/run.sh   checks another build
#   UPDATE_SCREENSHOT=1 e2e/run.sh  also writes docs/screenshot.png
#   E2E_KEEP=dir e2e/run.sh         keeps the screenshots and logs in dir
#
# Needs xvfb-run, xauth and ImageMagick (import, convert, compare). The
# fixtures come from $GEN5_FIXTURES, by default ../shared/fixtures beside
# the checkout. Prints one line per check and "N passed, N failed"; exits
# non-zero when a check fails.
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${GEN5VIEW:-$ROOT/gen5view}
FIXTURES=${GEN5_FIXTURES:-$ROOT/../shared/fixtures}
[ -d "$FIXTURES" ] && FIXTURES=$(cd "$FIXTURES" && pwd)
SCREEN=1400x900x24
WINDOW=1280x800+0+0 # where the window lands on a screen without a window manager
TIMEOUT=20          # seconds to wait for a window

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
# A home of its own, so the run neither reads nor changes the user's
# preferences (the recent files) and every run starts alike.
export HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/home/.config"
mkdir -p "$HOME"
export LANG=en_US.UTF-8 # Fyne cannot parse the C locale and says so

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok    $1"; }
fail() { failed=$((failed + 1)); echo "FAIL  $1"; }

for tool in xvfb-run xauth import convert compare; do
	command -v "$tool" >/dev/null 2>&1 || { echo "e2e: $tool is not installed (make test-deps installs it)"; exit 2; }
done
[ -x "$BIN" ] || { echo "e2e: $BIN is missing; run make build first"; exit 2; }
[ -d "$FIXTURES" ] || { echo "e2e: fixtures not found at $FIXTURES; set GEN5_FIXTURES"; exit 2; }

# shoot NAME MINCOLOURS [FILE]: starts the viewer (on FILE when given) in a
# fresh X server, waits until the screen shows at least MINCOLOURS distinct
# colours (or TIMEOUT passes), lets it settle, takes $TMP/NAME.png and
# writes $TMP/NAME.status: "alive" or "dead", the colour count, and the
# seconds waited. The program's output goes to $TMP/NAME.log.
shoot() {
	name=$1 mincolours=$2
	shift 2
	xvfb-run -a -s "-screen 0 $SCREEN" sh -c '
		bin=$1 out=$2 min=$3 timeout=$4 log=$5
		shift 5
		"$bin" "$@" >"$log" 2>&1 &
		pid=$!
		waited=0
		n=0
		while [ "$waited" -lt "$((timeout * 2))" ]; do
			sleep 0.5
			waited=$((waited + 1))
			import -window root "$out" 2>/dev/null || continue
			n=$(convert "$out" -format %k info: 2>/dev/null || echo 0)
			[ "$n" -ge "$min" ] && break
		done
		sleep 1.5 # let the background rendering finish
		import -window root "$out"
		n=$(convert "$out" -format %k info: 2>/dev/null || echo 0)
		if kill -0 "$pid" 2>/dev/null; then state=alive; else state=dead; fi
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		echo "$state $n $((waited / 2)).$((waited % 2 * 5))"
	' sh "$BIN" "$TMP/$name.png" "$mincolours" "$TIMEOUT" "$TMP/$name.log" "$@" >"$TMP/$name.status" 2>>"$TMP/xvfb.log"
}

# verdict NAME WHAT MINCOLOURS: the checks every run gets.
verdict() {
	name=$1 what=$2 mincolours=$3
	if [ ! -s "$TMP/$name.status" ] || [ ! -s "$TMP/$name.png" ]; then
		fail "$what: no screenshot (see $TMP/xvfb.log)"
		sed 's/^/      /' "$TMP/xvfb.log" 2>/dev/null | tail -5
		return
	fi
	read -r state colours waited <"$TMP/$name.status"
	if [ "$state" = alive ]; then
		pass "$what: still running when the screenshot was taken"
	else
		fail "$what: the program had exited by the screenshot"
		sed 's/^/      /' "$TMP/$name.log" | tail -5
	fi
	if [ "$colours" -ge "$mincolours" ]; then
		pass "$what: the screen is drawn ($colours colours, after ${waited}s)"
	else
		fail "$what: the screen looks blank ($colours colours, want $mincolours)"
	fi
	if grep -q '^panic:\|^fatal error:' "$TMP/$name.log"; then
		fail "$what: the program crashed:"
		grep -A3 '^panic:\|^fatal error:' "$TMP/$name.log" | sed 's/^/      /'
	else
		pass "$what: no panic in its output"
	fi
}

# covers_empty NAME WHAT: passes when screenshot NAME differs enough from
# the empty window's that an error dialog must be covering it.
covers_empty() {
	name=$1 what=$2
	[ -s "$TMP/$name.png" ] && [ -s "$TMP/empty.png" ] || return 0
	# compare prints the number of differing pixels, possibly as 1.2e+06.
	diff=$(compare -metric AE "$TMP/$name.png" "$TMP/empty.png" null: 2>&1 | cut -d' ' -f1)
	if ! awk -v d="$diff" 'BEGIN { exit !(d ~ /^[0-9.e+]+$/) }'; then
		fail "$what: cannot compare with the empty window ($diff)"
	elif awk -v d="$diff" 'BEGIN { exit !(d + 0 > 2000) }'; then
		pass "$what: an error dialog covers the window ($(awk -v d="$diff" 'BEGIN { printf "%d", d }') pixels differ from the empty one)"
	else
		fail "$what: the screen is the empty window, no error shown ($diff pixels differ)"
	fi
}

# 1. A real file: the image, the tree and the heatmap make for many colours.
good="$FIXTURES/a0_sd15_f32.gen5"
shoot good 500 "$good"
verdict good "a0_sd15_f32.gen5" 500

# 2. No file: the empty window with its invitation to open one.
shoot empty 20
verdict empty "no file" 20

# 3. A damaged file (cut in half): the window stays up and an error dialog
#    shows, so the screen differs from the plain empty window.
cut="$TMP/cut.gen5"
size=$(wc -c <"$good")
head -c $((size / 2)) "$good" >"$cut"
shoot cut 20 "$cut"
verdict cut "truncated file" 20
covers_empty cut "truncated file"

# 4. A file that is not there (moved since it was double-clicked): the
#    window opens and an error dialog says so.
shoot missing 20 "$TMP/moved-away.gen5"
verdict missing "missing file" 20
covers_empty missing "missing file"

# 5. A garbled file (bytes overwritten in the middle): it opens with a
#    warning, or is refused with an error; either way the window survives.
garbled="$TMP/garbled.gen5"
cp "$FIXTURES/v010_uncompressed.gen5" "$garbled"
chmod u+w "$garbled"
printf 'GARBLEDGARBLEDGARBLED' | dd of="$garbled" bs=1 seek=200 conv=notrunc 2>/dev/null
shoot garbled 20 "$garbled"
verdict garbled "garbled file" 20

# 6. A folder: the library window, a grid of the thumbnails of generated
#    pictures (gradients, plasma, shapes), with one file in ten damaged.
"$ROOT/e2e/libfolder.sh" "$BIN" "$TMP/library" 16
shoot library 1000 "$TMP/library"
verdict library "library window on a folder" 1000

if [ "${UPDATE_SCREENSHOT:-}" = 1 ] && [ -s "$TMP/good.png" ]; then
	mkdir -p "$ROOT/docs"
	convert "$TMP/good.png" -crop "$WINDOW" +repage "$ROOT/docs/screenshot.png"
	echo "wrote docs/screenshot.png"
fi

if [ -n "${E2E_KEEP:-}" ]; then
	mkdir -p "$E2E_KEEP" && cp "$TMP"/*.png "$TMP"/*.log "$E2E_KEEP"/ 2>/dev/null
	echo "screenshots kept in $E2E_KEEP"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
