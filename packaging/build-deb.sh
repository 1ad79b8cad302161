#!/bin/sh
# build-deb.sh: builds gen5view_VERSION_ARCH.deb with dpkg-deb, from this
# checkout, installing under /usr:
#
#   usr/bin/gen5view, usr/bin/gen5              (PIE, hardened cgo; static)
#   usr/share/applications/gen5view.desktop
#   usr/share/mime/packages/gen5view-mime.xml   (application/x-gen5, x-raiiaf)
#   usr/share/thumbnailers/gen5view.thumbnailer
#   usr/share/icons/hicolor/*/{apps,mimetypes}/…png
#   usr/share/man/man1/gen5view.1.gz, gen5.1.gz (from the binaries' --help)
#   usr/share/doc/gen5view/changelog.gz, copyright (packaging/licences.sh)
#
# No maintainer scripts: the MIME, desktop-entry and icon caches are
# refreshed by the dpkg file triggers of shared-mime-info
# (/usr/share/mime/packages), desktop-file-utils (/usr/share/applications)
# and hicolor-icon-theme (/usr/share/icons/hicolor), as for every Debian
# package, on install and on removal. Depends is what dpkg-shlibdeps finds
# gen5view linked against.
#
# Called by `make deb`, which passes VERSION and LDFLAGS (the version stamp);
# OUT is the folder the .deb is written to (default build/). The only network
# use is the Go module proxy, for modules not yet in the module cache.
set -eu
umask 022

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
: "${VERSION:?set VERSION (make deb does)}"
LDFLAGS=${LDFLAGS:-}
OUT=${OUT:-$repo/build}
GO=${GO:-go}
ARCH=$(dpkg --print-architecture)
MAINTAINER=${MAINTAINER:-$(sed -n 's/^ -- \(.*>\)  .*/\1/p' packaging/changelog | head -1)}
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}"

say() { printf 'deb: %s\n' "$*"; }
die() {
	printf 'deb: %s\n' "$*" >&2
	exit 1
}

head -1 packaging/changelog | grep -q "^gen5view ($VERSION) " ||
	die "packaging/changelog does not start with gen5view ($VERSION): add its entry (docs/RELEASING.md)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage=$work/gen5view_${VERSION}_$ARCH
mkdir -p "$stage/DEBIAN" "$stage/usr/bin"

# 1. The binaries, hardened as Debian builds C: dpkg-buildflags' flags for
# the cgo half of gen5view (GLFW, GL), a position-independent executable,
# full RELRO; symbols and DWARF stripped (-s -w); paths of this machine
# left out (-trimpath).
say "building gen5view and gen5 $VERSION"
CGO_CFLAGS="$(dpkg-buildflags --get CFLAGS)" \
	CGO_CPPFLAGS="$(dpkg-buildflags --get CPPFLAGS)" \
	CGO_LDFLAGS="$(dpkg-buildflags --get LDFLAGS) -Wl,-z,now" \
	"$GO" build -trimpath -buildmode=pie -ldflags "$LDFLAGS -s -w" -o "$work/gen5view" .
CGO_ENABLED=0 "$GO" build -trimpath -ldflags "$LDFLAGS -s -w" -o "$stage/usr/bin/gen5" ./cmd/gen5

# 2. The desktop integration, by the same script as `make install`.
PREFIX=/usr DESTDIR=$stage BINARY=$work/gen5view ./desktop/install.sh >/dev/null

# 3. Manual pages from the binaries' own help.
mkdir -p "$stage/usr/share/man/man1"
for b in gen5view gen5; do
	packaging/manpage.sh "$stage/usr/bin/$b" | gzip -9n >"$stage/usr/share/man/man1/$b.1.gz"
done

# 4. Changelog, and copyright: Gen5 Viewer's licence (LICENSE) and that of
# the Go standard library and of every Go module linked in, machine-readable
# (copyright-format 1.0, checked by the parser of python3-debian, which is
# for Debian's own python3).
doc=$stage/usr/share/doc/gen5view
mkdir -p "$doc"
gzip -9n <packaging/changelog >"$doc/changelog.gz"
{
	cat packaging/copyright.in
	GO=$GO packaging/licences.sh dep5 "$work/gen5view" "$stage/usr/bin/gen5"
} >"$doc/copyright"
/usr/bin/python3 -c 'import sys; from debian.copyright import Copyright; Copyright(open(sys.argv[1], encoding="utf-8"), strict=True)' \
	"$doc/copyright" || die "usr/share/doc/gen5view/copyright is not machine-readable (copyright-format 1.0)"

# gen5 is static on purpose: it is the build for machines without the GL,
# X11 or even C libraries (cmd/gen5). The copyright file names musl's
# authors, one of them Jo-Philipp Wich, not a misspelt "Which".
mkdir -p "$stage/usr/share/lintian/overrides"
printf '%s\n' 'gen5view: statically-linked-binary [usr/bin/gen5]' \
	'gen5view: spelling-error-in-copyright Wich Which' >"$stage/usr/share/lintian/overrides/gen5view"

# 5. Control: Depends from the libraries gen5view links.
mkdir -p "$work/shlibs/debian"
printf 'Source: gen5view\n\nPackage: gen5view\nArchitecture: any\n' >"$work/shlibs/debian/control"
depends=$(cd "$work/shlibs" && dpkg-shlibdeps -O "$work/gen5view" | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || die "dpkg-shlibdeps found no dependencies for gen5view"
size=$(du -sk --apparent-size "$stage/usr" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE@/$size/" \
	-e "s/@DEPENDS@/$depends/" -e "s/@MAINTAINER@/$MAINTAINER/" \
	packaging/control.in >"$stage/DEBIAN/control"
(cd "$stage" && find usr -type f | LC_ALL=C sort | xargs md5sum) >"$stage/DEBIAN/md5sums"
chmod 644 "$stage/DEBIAN/control" "$stage/DEBIAN/md5sums"

# Same commit, same package: every file dated as the commit.
find "$stage" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
mkdir -p "$OUT"
deb=$OUT/gen5view_${VERSION}_$ARCH.deb
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
say "wrote $deb (Depends: $depends)"
