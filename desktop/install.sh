#!/bin/sh
# install.sh: installs gen5view and registers .gen5 files with the desktop,
# so double-clicking one in a file manager opens it in Gen5 Viewer.
#
#   PREFIX   where to install (default $HOME/.local; /usr/local as root)
#   DESTDIR  staging root for packagers; when set, the desktop databases and
#            the per-user default are left to the package's own hooks
#   BINARY   the executable to install (default: gen5view at the repo root,
#            built by `make build`)
#
# Installs:
#   $PREFIX/bin/gen5view
#   $PREFIX/share/applications/gen5view.desktop
#   $PREFIX/share/mime/packages/gen5view-mime.xml
#   $PREFIX/share/thumbnailers/gen5view.thumbnailer  (file managers' previews)
#   $PREFIX/share/icons/hicolor/NxN/apps/gen5view.png            (N = 16..512)
#   $PREFIX/share/icons/hicolor/NxN/mimetypes/application-x-gen5.png
#   $PREFIX/share/icons/hicolor/NxN/mimetypes/application-x-raiiaf.png
# then refreshes the MIME, desktop-entry and icon caches and makes
# gen5view.desktop the default for application/x-gen5 and
# application/x-raiiaf (xdg-mime).
# desktop/uninstall.sh undoes all of it.
#
# Exits non-zero only when a file could not be copied; a missing desktop tool
# is reported (with the package to install) and skipped.
set -u

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
PREFIX=${PREFIX:-$HOME/.local}
DESTDIR=${DESTDIR:-}
BINARY=${BINARY:-$repo/gen5view}
SIZES="16 32 48 64 128 256 512"

root=$DESTDIR$PREFIX
missing_pkgs=""

say() { printf '%s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}
have() { command -v "$1" >/dev/null 2>&1; }
need_pkg() {
	case " $missing_pkgs " in
	*" $1 "*) ;;
	*) missing_pkgs="$missing_pkgs $1" ;;
	esac
}

# put SRC DEST MODE: copies through a temporary name and renames, so a running
# gen5view is replaced rather than overwritten ("Text file busy").
put() {
	mkdir -p "$(dirname "$2")" || die "cannot create $(dirname "$2")"
	tmpf="$2.tmp.$$"
	if cp "$1" "$tmpf" && chmod "$3" "$tmpf" && mv -f "$tmpf" "$2"; then
		say "  $2"
	else
		rm -f "$tmpf"
		die "cannot install $2"
	fi
}

[ -f "$BINARY" ] && [ -x "$BINARY" ] || die "no executable at $BINARY (run 'make build' first, or set BINARY)"
for f in "$here/gen5view.desktop" "$here/gen5view-mime.xml" "$here/gen5view.thumbnailer"; do
	[ -f "$f" ] || die "missing $f"
done
for n in $SIZES; do
	[ -f "$here/icons/gen5view-$n.png" ] || die "missing $here/icons/gen5view-$n.png (go run desktop/iconsrc/main.go)"
done

say "installing Gen5 Viewer into $root"
put "$BINARY" "$root/bin/gen5view" 755
put "$here/gen5view.desktop" "$root/share/applications/gen5view.desktop" 644
put "$here/gen5view-mime.xml" "$root/share/mime/packages/gen5view-mime.xml" 644
put "$here/gen5view.thumbnailer" "$root/share/thumbnailers/gen5view.thumbnailer" 644
for n in $SIZES; do
	put "$here/icons/gen5view-$n.png" "$root/share/icons/hicolor/${n}x${n}/apps/gen5view.png" 644
	put "$here/icons/gen5view-$n.png" "$root/share/icons/hicolor/${n}x${n}/mimetypes/application-x-gen5.png" 644
	put "$here/icons/gen5view-$n.png" "$root/share/icons/hicolor/${n}x${n}/mimetypes/application-x-raiiaf.png" 644
done

if [ -n "$DESTDIR" ]; then
	say "DESTDIR is set: not updating the MIME, desktop or icon databases, nor the default application"
	exit 0
fi

if have update-mime-database; then
	update-mime-database "$PREFIX/share/mime" || warn "update-mime-database failed: .gen5 files may not be recognised"
else
	warn "update-mime-database not found: .gen5 files will not be recognised by type"
	need_pkg shared-mime-info
fi

if have update-desktop-database; then
	update-desktop-database -q "$PREFIX/share/applications" || warn "update-desktop-database failed"
else
	warn "update-desktop-database not found: some file managers will not offer Gen5 Viewer for .gen5 files"
	need_pkg desktop-file-utils
fi

# Touching the theme directory tells icon caches to rescan it. A cache is only
# (re)built where the theme has an index.theme, as in /usr/share/icons/hicolor;
# elsewhere gtk-update-icon-cache declines, which is fine.
touch "$PREFIX/share/icons/hicolor" 2>/dev/null || true
if have gtk-update-icon-cache; then
	gtk-update-icon-cache -q "$PREFIX/share/icons/hicolor" >/dev/null 2>&1 || true
fi

if have xdg-mime; then
	xdg-mime default gen5view.desktop application/x-gen5 application/x-raiiaf || warn "xdg-mime default failed: choose Gen5 Viewer with 'Open with' once"
else
	warn "xdg-mime not found: Gen5 Viewer was not made the default for .gen5 files"
	need_pkg xdg-utils
fi

if [ -n "$missing_pkgs" ]; then
	warn "to finish the desktop integration install:$missing_pkgs"
	warn "  e.g. sudo apt-get install xdg-utils shared-mime-info desktop-file-utils, then run this again"
fi

# The desktop file runs plain "gen5view", so it must be on the PATH the
# desktop session uses, and the desktop must look in $PREFIX/share.
case ":${PATH:-}:" in
*":$PREFIX/bin:"* | *":$PREFIX/bin/:"*) ;;
*) warn "$PREFIX/bin is not on PATH: add it (e.g. in ~/.profile) and log in again, or double-clicked files will not open" ;;
esac
datadirs="${XDG_DATA_HOME:-$HOME/.local/share}:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
case ":$datadirs:" in
*":$PREFIX/share:"* | *":$PREFIX/share/:"*) ;;
*) warn "$PREFIX/share is not in XDG_DATA_HOME or XDG_DATA_DIRS, so the desktop will not find the files installed there" ;;
esac

if [ -n "$missing_pkgs" ]; then
	say "done: files installed, but .gen5 files are not yet bound to Gen5 Viewer (see the warnings above)"
else
	say "done: .gen5 files now open with Gen5 Viewer (gen5view.desktop)"
fi
exit 0
