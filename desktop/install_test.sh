#!/bin/sh
# install_test.sh: installs Gen5 Viewer into a throwaway prefix with `make
# install`, checks that the freedesktop tools a file manager relies on see it
# (type by content and by name, default application, desktop entry, icons,
# the thumbnailer a file manager runs for previews), then runs `make
# uninstall` and checks that nothing of it is left.
#
# Run by `make test` (make test-desktop); needs xdg-utils, shared-mime-info,
# desktop-file-utils and libglib2.0-bin (gio), which `make test-deps` installs.
# Works headless and as root: it sets its own HOME and XDG directories and
# declares a GNOME session so xdg-mime asks GIO (the shared-mime-info
# database, as a file manager does) rather than file(1), which knows nothing
# of .gen5.
#
# Set BINARY=/path/to/executable to install that instead of building with make.
set -u

cd "$(dirname "$0")/.." || exit 2
repo=$(pwd)
MAKE=${MAKE:-make}
SIZES="16 32 48 64 128 256 512"

# `make install` runs `go build` (a no-op when gen5view is up to date): keep
# Go's build cache, module cache and settings where they are rather than
# under the temporary HOME, or it would rebuild Fyne from scratch.
if command -v "${GO:-go}" >/dev/null 2>&1; then
	for v in GOCACHE GOMODCACHE GOPATH GOENV; do
		val=$("${GO:-go}" env "$v") && export "$v=$val"
	done
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gen5view-install-test.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/home" "$tmp/config" "$tmp/xdg" "$tmp/run" "$tmp/files"
chmod 700 "$tmp/run"

export HOME="$tmp/home"
export XDG_DATA_HOME="$tmp/share"
export XDG_CONFIG_HOME="$tmp/config"
export XDG_CONFIG_DIRS="$tmp/xdg"
export XDG_DATA_DIRS="$tmp/share:/usr/share"
export XDG_RUNTIME_DIR="$tmp/run"
export XDG_CURRENT_DESKTOP=GNOME
export GIO_USE_VFS=local
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS XDG_MENU_PREFIX KDE_FULL_SESSION KDE_SESSION_VERSION DESKTOP_SESSION 2>/dev/null
PREFIX="$tmp"
base_path=$PATH

passed=0
failed=0
ok() {
	passed=$((passed + 1))
	printf 'ok   %s\n' "$1"
}
fail() {
	failed=$((failed + 1))
	printf 'FAIL %s\n' "$1"
	[ -z "${2:-}" ] || printf '     %s\n' "$2" | sed '2,$s/^/     /'
}
# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() {
	d=$1
	shift
	if "$@" >/dev/null 2>&1; then ok "$d"; else fail "$d"; fi
}
# check_eq DESCRIPTION WANT GOT
check_eq() {
	if [ "$3" = "$2" ]; then ok "$1"; else fail "$1" "want '$2', got '$3'"; fi
}
# png_size FILE: prints WIDTHxHEIGHT from the PNG header.
png_size() {
	[ "$(od -An -c -j1 -N3 "$1" | tr -d ' ')" = PNG ] || return 1
	w=$(od -An -tu1 -j16 -N4 "$1" | awk '{print $1*16777216 + $2*65536 + $3*256 + $4}')
	h=$(od -An -tu1 -j20 -N4 "$1" | awk '{print $1*16777216 + $2*65536 + $3*256 + $4}')
	echo "${w}x${h}"
}
filetype() { xdg-mime query filetype "$1" 2>/dev/null; }
default_app() { xdg-mime query default application/x-gen5 2>/dev/null; }

for t in xdg-mime gio update-mime-database update-desktop-database desktop-file-validate; do
	command -v "$t" >/dev/null 2>&1 || fail "tool $t present" "install it: make test-deps (xdg-utils shared-mime-info desktop-file-utils libglib2.0-bin)"
done

# Sample files: GEN5 magic with the extension, the extension alone, the magic
# alone, and neither.
printf 'GEN5\001\000\000\000binary payload\000\377' >"$tmp/files/x.gen5"
printf 'not a container, just a name\n' >"$tmp/files/y.gen5"
printf 'GEN5\001\000\000\000binary payload\000\377' >"$tmp/files/noextension"
printf 'plain text\n' >"$tmp/files/z.txt"
printf 'raiiaf\001\000\000binary payload\000\377' >"$tmp/files/r.raiiaf"
printf 'raiiaf\001\000\000binary payload\000\377' >"$tmp/files/raiiaf-noextension"

# ---- install ----
if [ -n "${BINARY:-}" ]; then
	PREFIX="$PREFIX" BINARY="$BINARY" ./desktop/install.sh >"$tmp/install.log" 2>&1
else
	"$MAKE" --no-print-directory install PREFIX="$PREFIX" >"$tmp/install.log" 2>&1
fi
rc=$?
if [ $rc -eq 0 ]; then ok "install exits 0"; else fail "install exits 0" "exit $rc; log: $(tail -n 20 "$tmp/install.log")"; fi
if grep -q "$PREFIX/bin is not on PATH" "$tmp/install.log"; then
	ok "install warns that \$PREFIX/bin is not on PATH"
else
	fail "install warns that \$PREFIX/bin is not on PATH"
fi
export PATH="$PREFIX/bin:$base_path"

exe="$PREFIX/bin/gen5view"
check "binary installed and executable at \$PREFIX/bin/gen5view" test -f "$exe" -a -x "$exe"
if [ -z "${BINARY:-}" ]; then
	check "installed binary is the built ./gen5view" cmp -s "$exe" "$repo/gen5view"
fi

desktop="$PREFIX/share/applications/gen5view.desktop"
if out=$(desktop-file-validate "$desktop" 2>&1) && ! printf '%s' "$out" | grep -q 'error:'; then
	ok "desktop-file-validate passes on the installed gen5view.desktop"
else
	fail "desktop-file-validate passes on the installed gen5view.desktop" "${out:-file missing}"
fi
execprog=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$desktop" 2>/dev/null)
check_eq "desktop Exec program resolves on PATH to the installed binary" "$exe" "$(command -v "$execprog" 2>/dev/null)"
check_eq "desktop Exec passes the file (%f)" "gen5view %f" "$(sed -n 's/^Exec=//p' "$desktop" 2>/dev/null)"
icon=$(sed -n 's/^Icon=//p' "$desktop" 2>/dev/null)

check "MIME database has application/x-gen5" test -f "$PREFIX/share/mime/application/x-gen5.xml"
check_eq "xdg-mime: x.gen5 with GEN5 magic is application/x-gen5" application/x-gen5 "$(filetype "$tmp/files/x.gen5")"
check_eq "xdg-mime: y.gen5 without magic is application/x-gen5 (glob)" application/x-gen5 "$(filetype "$tmp/files/y.gen5")"
check_eq "xdg-mime: GEN5 magic without extension is application/x-gen5" application/x-gen5 "$(filetype "$tmp/files/noextension")"
if [ -f assets/sample.gen5 ]; then
	cp assets/sample.gen5 "$tmp/files/sample.gen5"
	check_eq "xdg-mime: the bundled assets/sample.gen5 is application/x-gen5" application/x-gen5 "$(filetype "$tmp/files/sample.gen5")"
fi
got=$(filetype "$tmp/files/z.txt")
if [ -n "$got" ] && [ "$got" != application/x-gen5 ]; then ok "xdg-mime: z.txt is not application/x-gen5 ($got)"; else fail "xdg-mime: z.txt is not application/x-gen5" "got '$got'"; fi

check "MIME database has application/x-raiiaf" test -f "$PREFIX/share/mime/application/x-raiiaf.xml"
check_eq "xdg-mime: r.raiiaf is application/x-raiiaf" application/x-raiiaf "$(filetype "$tmp/files/r.raiiaf")"
check_eq "xdg-mime: raiiaf magic without extension is application/x-raiiaf" application/x-raiiaf "$(filetype "$tmp/files/raiiaf-noextension")"
check_eq "xdg-mime: default for application/x-raiiaf is gen5view.desktop" gen5view.desktop "$(xdg-mime query default application/x-raiiaf 2>/dev/null)"

check_eq "xdg-mime: default for application/x-gen5 is gen5view.desktop" gen5view.desktop "$(default_app)"
check "mimeapps.list records the default" grep -qx 'application/x-gen5=gen5view.desktop' "$XDG_CONFIG_HOME/mimeapps.list"
check "mimeinfo.cache lists gen5view.desktop for application/x-gen5" grep -q '^application/x-gen5=.*gen5view\.desktop' "$PREFIX/share/applications/mimeinfo.cache"
gioout=$(gio mime application/x-gen5 2>&1)
if printf '%s\n' "$gioout" | grep -q '^Default application for .*: gen5view\.desktop$'; then
	ok "gio (what file managers use): default application is gen5view.desktop"
else
	fail "gio (what file managers use): default application is gen5view.desktop" "$gioout"
fi

# The double-click itself: a file manager asks GIO for the default program of
# the file's type and runs its Exec line on the file, as xdg-open does. Under
# Xvfb, check that this starts the installed gen5view on the sample, then stop
# that process (found by its executable, which lives only in this prefix).
if ! [ -f "$exe" ] || ! [ -x "$exe" ]; then
	fail "double-click (xdg-open under Xvfb) starts \$PREFIX/bin/gen5view on the file" "not installed"
elif command -v xvfb-run >/dev/null 2>&1 && [ -f "$tmp/files/sample.gen5" ]; then
	target="$tmp/files/sample.gen5"
	launched=$(xvfb-run -a -s "-screen 0 1024x768x24" sh -c '
		exe=$(readlink -f "$1") target=$2
		case "$exe" in /*/bin/gen5view) ;; *) echo "bad executable path: $1"; exit 1 ;; esac
		xdg-open "$target" >/dev/null 2>&1
		i=0
		while [ $i -lt 60 ]; do
			for p in /proc/[0-9]*; do
				pexe=$(readlink "$p/exe" 2>/dev/null) || continue
				[ "$pexe" = "$exe" ] || continue
				tr "\000" " " <"$p/cmdline"
				sleep 1
				if [ "$(readlink "$p/exe" 2>/dev/null)" = "$exe" ]; then
					echo "(still running after 1s)"
					kill "${p#/proc/}"
				fi
				exit 0
			done
			sleep 0.25
			i=$((i + 1))
		done
		echo "no gen5view process within 15s"' sh "$exe" "$target" 2>&1)
	case "$launched" in
	"gen5view $target (still running after 1s)") ok "double-click (xdg-open under Xvfb) starts \$PREFIX/bin/gen5view on the file" ;;
	*) fail "double-click (xdg-open under Xvfb) starts \$PREFIX/bin/gen5view on the file" "$launched" ;;
	esac
else
	printf 'skip double-click under Xvfb (needs xvfb-run and assets/sample.gen5)\n'
fi

bad=""
for n in $SIZES; do
	for f in "apps/$icon.png" mimetypes/application-x-gen5.png mimetypes/application-x-raiiaf.png; do
		p="$PREFIX/share/icons/hicolor/${n}x${n}/$f"
		s=$(png_size "$p" 2>/dev/null) || s=missing
		[ "$s" = "${n}x${n}" ] || bad="$bad ${n}x${n}/$f:$s"
	done
done
if [ -z "$bad" ] && [ "$icon" = gen5view ]; then
	ok "icons $icon.png, application-x-gen5.png and application-x-raiiaf.png installed at $(echo $SIZES | tr ' ' ,) px"
else
	fail "icons installed at every size" "Icon=$icon;$bad"
fi

# ---- thumbnailer ----
# The entry, checked key by key as desktop-file-validate would if it knew
# [Thumbnailer Entry] (it rejects any file without [Desktop Entry]).
thumbnailer="$PREFIX/share/thumbnailers/gen5view.thumbnailer"
check "thumbnailer installed at \$PREFIX/share/thumbnailers/gen5view.thumbnailer" test -f "$thumbnailer"
problems=$(awk '
	NR == 1 && $0 != "[Thumbnailer Entry]" { print "first line is not [Thumbnailer Entry]: " $0 }
	/^\[/ && NR > 1 { print "more than one group: " $0 }
	/^[ \t]*(#|$)/ || /^\[/ { next }
	!/^[A-Za-z0-9-]+=/ { print "not a Key=Value line: " $0; next }
	{
		k = substr($0, 1, index($0, "=") - 1)
		if (k != "TryExec" && k != "Exec" && k != "MimeType") print "unknown key " k
		if (seen[k]++) print "duplicate key " k
	}
	END { if (NR == 0) print "empty file" }
' "$thumbnailer" 2>&1)
if LC_ALL=C.UTF-8 iconv -f UTF-8 -t UTF-8 "$thumbnailer" >/dev/null 2>&1; then :; else problems="$problems not UTF-8"; fi
check_eq "thumbnailer entry: one [Thumbnailer Entry] group of known, unique Key=Value lines" "" "$problems"
t_exec=$(sed -n 's/^Exec=//p' "$thumbnailer" 2>/dev/null)
t_tryexec=$(sed -n 's/^TryExec=//p' "$thumbnailer" 2>/dev/null)
t_mime=$(sed -n 's/^MimeType=//p' "$thumbnailer" 2>/dev/null)
check_eq "thumbnailer Exec is 'gen5view thumbnail -s %s %u %o'" "gen5view thumbnail -s %s %u %o" "$t_exec"
check_eq "thumbnailer TryExec is the program Exec runs" "${t_exec%% *}" "$t_tryexec"
check_eq "thumbnailer TryExec resolves on PATH to the installed binary" "$exe" "$(command -v "$t_tryexec" 2>/dev/null)"
check_eq "thumbnailer MimeType is application/x-gen5;application/x-raiiaf; (a ;-terminated list)" "application/x-gen5;application/x-raiiaf;" "$t_mime"

# run_exec LINE SIZE URI OUT: runs an Exec line as a file manager does,
# splitting it at spaces and putting each value in as one argument
# (gnome-desktop and tumbler substitute %s, %u, %i, %o and %%).
run_exec() {
	line=$1 size=$2 uri=$3 out=$4
	set -f
	# shellcheck disable=SC2086
	set -- $line
	set +f
	n=$#
	for a; do
		case $a in
		%s) a=$size ;;
		%u) a=$uri ;;
		%i) a=$(printf '%s' "$uri" | sed 's|^file://||') ;;
		%o) a=$out ;;
		%%) a=% ;;
		esac
		set -- "$@" "$a"
	done
	shift "$n"
	"$@"
}

# The file manager's call on the bundled sample, in a folder whose name
# needs percent-encoding, given the URI GIO makes (what it passes as %u).
if [ -f assets/sample.gen5 ] && [ -n "$t_exec" ]; then
	shelf="$tmp/files/Pictures ünï #1"
	mkdir -p "$shelf"
	cp assets/sample.gen5 "$shelf/lighthouse at dusk.gen5"
	uri=$(gio list -u "$shelf" 2>/dev/null | grep 'lighthouse' | head -n 1)
	case $uri in
	file://*%20*%C3%BC*%23*) ok "gio gives the sample a percent-encoded URI ($uri)" ;;
	*) fail "gio gives the sample a percent-encoded URI" "got '$uri'" ;;
	esac
	out="$tmp/thumb out.png"
	err=$(run_exec "$t_exec" 256 "$uri" "$out" 2>&1)
	rc=$?
	if [ $rc -eq 0 ] && [ -z "$err" ]; then ok "thumbnailer Exec line runs on the sample (exit 0, silent)"; else fail "thumbnailer Exec line runs on the sample" "exit $rc: $err"; fi
	src_png="$tmp/sample-picture.png"
	gen5view extract "$shelf/lighthouse at dusk.gen5" --image "$src_png" >/dev/null 2>&1
	src_size=$(png_size "$src_png" 2>/dev/null)
	check_eq "thumbnail is 256 px on its longer side, aspect kept (source ${src_size:-unknown})" \
		"$(identify -format '%[fx:w>=h?256:round(256*w/h)]x%[fx:h>=w?256:round(256*h/w)]' "$src_png" 2>/dev/null)" "$(png_size "$out" 2>/dev/null)"
	check_eq "thumbnail is an 8-bit RGBA PNG (colour type 6), as the thumbnail standard asks" "8 6" "$(od -An -tu1 -j24 -N2 "$out" 2>/dev/null | awk '{print $1, $2}')"
	check_eq "thumbnail pixels are all opaque" "255" "$(convert "$out" -alpha extract -format '%[fx:round(minima*255)]' info: 2>/dev/null)"
	# Looks like the picture: each channel's mean within 3 levels of the
	# source's, and the mean per-pixel difference from ImageMagick's own
	# downscale of the source under 4 levels of 255.
	means() { convert "$1" -alpha off -format '%[fx:round(255*mean.r)] %[fx:round(255*mean.g)] %[fx:round(255*mean.b)]' info: 2>/dev/null; }
	sm=$(means "$src_png") tm=$(means "$out")
	if [ -n "$sm" ] && printf '%s %s\n' "$sm" "$tm" | awk '{ for (i = 1; i <= 3; i++) { d = $i - $(i+3); if (d < -3 || d > 3) exit 1 } }'; then
		ok "thumbnail's mean colour ($tm) matches the picture's ($sm)"
	else
		fail "thumbnail's mean colour matches the picture's" "picture '$sm', thumbnail '$tm'"
	fi
	diff=$(convert "$src_png" -alpha off -filter Box -resize "$(png_size "$out")!" "$out" -alpha off -compose difference -composite -colorspace gray -format '%[fx:round(255*mean*100)/100]' info: 2>/dev/null)
	if [ -n "$diff" ] && awk -v d="$diff" 'BEGIN { exit !(d < 4) }'; then
		ok "thumbnail differs from ImageMagick's downscale of the picture by $diff/255 per pixel on average"
	else
		fail "thumbnail looks like ImageMagick's downscale of the picture" "mean difference '$diff'/255"
	fi
	# A file that is not a .gen5: exit 1, one line, nothing written.
	err=$(run_exec "$t_exec" 128 "file://$tmp/files/y.gen5" "$tmp/bad.png" 2>&1)
	rc=$?
	if [ $rc -eq 1 ] && [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && [ ! -e "$tmp/bad.png" ]; then
		ok "thumbnailer on a broken .gen5: exit 1, one line, no PNG"
	else
		fail "thumbnailer on a broken .gen5: exit 1, one line, no PNG" "exit $rc: $err"
	fi
else
	fail "thumbnailer run on the sample" "no assets/sample.gen5 or no Exec line"
fi

# ---- uninstall ----
if [ -n "${BINARY:-}" ]; then
	PREFIX="$PREFIX" ./desktop/uninstall.sh >"$tmp/uninstall.log" 2>&1
else
	"$MAKE" --no-print-directory uninstall PREFIX="$PREFIX" >"$tmp/uninstall.log" 2>&1
fi
rc=$?
if [ $rc -eq 0 ]; then ok "uninstall exits 0"; else fail "uninstall exits 0" "exit $rc; log: $(tail -n 20 "$tmp/uninstall.log")"; fi

left=""
for p in bin/gen5view share/applications/gen5view.desktop share/mime/packages/gen5view-mime.xml share/thumbnailers/gen5view.thumbnailer; do
	[ ! -e "$PREFIX/$p" ] || left="$left $p"
done
for n in $SIZES; do
	for f in apps/gen5view.png mimetypes/application-x-gen5.png mimetypes/application-x-raiiaf.png; do
		[ ! -e "$PREFIX/share/icons/hicolor/${n}x${n}/$f" ] || left="$left ${n}x${n}/$f"
	done
done
if [ -z "$left" ]; then ok "uninstall removed the binary, desktop file, MIME package, thumbnailer and all icons"; else fail "uninstall removed every installed file" "left:$left"; fi
leftover=$(find "$PREFIX/bin" "$PREFIX/share" -type f 2>/dev/null)
if [ -z "$leftover" ]; then ok "prefix holds no files any more (generated caches removed too)"; else fail "prefix holds no files any more" "$leftover"; fi
# (The viewer's own preferences, under $XDG_CONFIG_HOME/fyne, are its data,
# not part of the installation.)
mentions=$(grep -rli gen5 "$PREFIX/bin" "$PREFIX/share" "$XDG_CONFIG_HOME/mimeapps.list" 2>/dev/null; find "$PREFIX/bin" "$PREFIX/share" -iname '*gen5*' 2>/dev/null)
if [ -z "$mentions" ]; then ok "nothing in the prefix or mimeapps.list names gen5 any more (caches regenerated, default dropped)"; else fail "nothing in the prefix or mimeapps.list names gen5 any more" "$mentions"; fi
got=$(filetype "$tmp/files/x.gen5")
if [ "$got" != application/x-gen5 ]; then ok "xdg-mime: x.gen5 no longer application/x-gen5 (${got:-empty})"; else fail "xdg-mime: x.gen5 no longer application/x-gen5"; fi
check_eq "xdg-mime: no default application for application/x-gen5" "" "$(default_app)"
check_eq "xdg-mime: no default application for application/x-raiiaf" "" "$(xdg-mime query default application/x-raiiaf 2>/dev/null)"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
