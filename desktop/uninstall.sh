#!/bin/sh
# uninstall.sh: removes what desktop/install.sh installed, with the same
# PREFIX (default $HOME/.local) and DESTDIR, then refreshes the MIME,
# desktop-entry and icon caches so .gen5 files are no longer bound to it.
# The application/x-gen5 default that install.sh set with xdg-mime is removed
# from mimeapps.list, unless it has since been changed to another program.
set -u

PREFIX=${PREFIX:-$HOME/.local}
DESTDIR=${DESTDIR:-}
SIZES="16 32 48 64 128 256 512"
root=$DESTDIR$PREFIX
status=0

say() { printf '%s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }

remove() {
	[ -e "$1" ] || [ -L "$1" ] || return 0
	if rm -f "$1"; then
		say "  removed $1"
	else
		warn "cannot remove $1"
		status=1
	fi
}

say "removing Gen5 Viewer from $root"
remove "$root/bin/gen5view"
remove "$root/share/applications/gen5view.desktop"
remove "$root/share/mime/packages/gen5view-mime.xml"
remove "$root/share/thumbnailers/gen5view.thumbnailer"
for n in $SIZES; do
	remove "$root/share/icons/hicolor/${n}x${n}/apps/gen5view.png"
	remove "$root/share/icons/hicolor/${n}x${n}/mimetypes/application-x-gen5.png"
	remove "$root/share/icons/hicolor/${n}x${n}/mimetypes/application-x-raiiaf.png"
done

if [ -n "$DESTDIR" ]; then
	exit $status
fi

# empty DIR: true when DIR has no entries (or does not exist).
empty() { [ -z "$(ls -A "$1" 2>/dev/null)" ]; }

# The MIME database: rebuild it without application/x-gen5, or, when ours was
# the only package in it (as in a fresh ~/.local), delete what
# update-mime-database generated, leaving the directory as it was before.
mime="$PREFIX/share/mime"
if [ -d "$mime/packages" ] && empty "$mime/packages"; then
	for f in aliases generic-icons globs globs2 icons magic mime.cache subclasses treemagic types version XMLnamespaces; do
		rm -f "$mime/$f"
	done
	rm -f "$mime/application/x-gen5.xml" "$mime/application/x-raiiaf.xml"
	rmdir "$mime/packages" "$mime/application" "$mime" 2>/dev/null
elif [ -d "$mime/packages" ]; then
	if have update-mime-database; then
		update-mime-database "$mime" || warn "update-mime-database failed"
	else
		warn "update-mime-database not found (apt-get install shared-mime-info): the MIME cache still lists application/x-gen5"
	fi
fi

# The desktop-entry cache, likewise.
apps="$PREFIX/share/applications"
if [ -d "$apps" ] && [ -z "$(find "$apps" -name '*.desktop' 2>/dev/null | head -n 1)" ]; then
	rm -f "$apps/mimeinfo.cache"
	rmdir "$apps" 2>/dev/null
elif [ -d "$apps" ]; then
	if have update-desktop-database; then
		update-desktop-database -q "$apps" || warn "update-desktop-database failed"
	else
		warn "update-desktop-database not found (apt-get install desktop-file-utils): mimeinfo.cache still lists gen5view.desktop"
	fi
fi

# The thumbnailers directory, when ours was its only entry.
rmdir "$PREFIX/share/thumbnailers" 2>/dev/null

# Icon directories left empty; rmdir only ever removes empty ones.
hicolor="$PREFIX/share/icons/hicolor"
for n in $SIZES; do
	rmdir "$hicolor/${n}x${n}/apps" "$hicolor/${n}x${n}/mimetypes" "$hicolor/${n}x${n}" 2>/dev/null
done
rmdir "$hicolor" "$PREFIX/share/icons" 2>/dev/null
if [ -d "$hicolor" ]; then
	touch "$hicolor" 2>/dev/null || true
	if have gtk-update-icon-cache; then
		gtk-update-icon-cache -q "$hicolor" >/dev/null 2>&1 || true
	fi
fi

# Drop the line `xdg-mime default` wrote to [Default Applications].
list="${XDG_CONFIG_HOME:-$HOME/.config}/mimeapps.list"
if [ -f "$list" ] && grep -q '^application/x-\(gen5\|raiiaf\)=gen5view\.desktop;\{0,1\}$' "$list"; then
	if awk '
		/^\[/ { indefault = ($0 == "[Default Applications]") }
		indefault && /^application\/x-(gen5|raiiaf)=gen5view\.desktop;?$/ { next }
		{ print }
	' "$list" >"$list.tmp.$$" && mv -f "$list.tmp.$$" "$list"; then
		say "  removed the application/x-gen5 and x-raiiaf defaults from $list"
	else
		rm -f "$list.tmp.$$"
		warn "cannot update $list"
		status=1
	fi
fi

say "done"
exit $status
