#!/bin/sh
# build-windows.sh: cross-compiles Gen5 Viewer for 64-bit Windows and zips it:
#
#   build/windows/gen5view.exe   the window and the commands: cgo through
#                                Debian's gcc-mingw-w64, a GUI program (no
#                                console window opens with it)
#   build/windows/gen5.exe       the commands alone, a console program, plain go build
#   build/gen5view-VERSION-windows-amd64.zip   both, README.txt, LICENSE.txt
#                                (Gen5 Viewer's) and THIRD-PARTY-LICENSES.txt
#                                (of the Go code linked in: licences.sh)
#
# Each .exe carries the icon (assets/icon.png), an application manifest and
# version details (product and file version, name, description), as
# `fyne package` embeds them: a .syso resource object made by go-winres
# (Go module github.com/tc-hib/go-winres, through the module proxy) that go
# build links in when it sees it in the package's folder.
#
# Called by `make windows` with VERSION and LDFLAGS (the version stamp).
set -eu
umask 022

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
: "${VERSION:?set VERSION (make windows does)}"
LDFLAGS=${LDFLAGS:-}
OUT=${OUT:-$repo/build}
GO=${GO:-go}
WINRES=github.com/tc-hib/go-winres@v0.3.3
CC_WIN=${CC_WIN:-x86_64-w64-mingw32-gcc}
# Windows wants four numbers: the release and FyneApp.toml's Build.
build_no=$(sed -n 's/^Build *= *\([0-9]*\).*/\1/p' FyneApp.toml)
filever=$VERSION.${build_no:-0}

say() { printf 'windows: %s\n' "$*"; }
command -v "$CC_WIN" >/dev/null || {
	echo "windows: $CC_WIN not found (apt-get install gcc-mingw-w64-x86-64)" >&2
	exit 1
}

dist=$OUT/windows
rm -rf "$dist"
mkdir -p "$dist"
syso_gui=$repo/rsrc_windows_amd64.syso
syso_cli=$repo/cmd/gen5/rsrc_windows_amd64.syso
trap 'rm -f "$syso_gui" "$syso_cli"' EXIT

# winres OUT MANIFEST NAME DESCRIPTION: writes OUT_windows_amd64.syso.
winres() {
	"$GO" run "$WINRES" simply --arch amd64 --out "$1" --manifest "$2" \
		--icon assets/icon.png --product-name "Gen5 Viewer" \
		--product-version "$VERSION" --file-version "$filever" \
		--original-filename "$3" --file-description "$4"
}
say "resources (icon, manifest, version $filever)"
winres "${syso_gui%_windows_amd64.syso}" gui gen5view.exe "Gen5 Viewer"
winres "${syso_cli%_windows_amd64.syso}" cli gen5.exe "Gen5 Viewer command line"

say "gen5view.exe (cgo, $CC_WIN)"
CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=$CC_WIN \
	"$GO" build -trimpath -ldflags "$LDFLAGS -s -w -H windowsgui" -o "$dist/gen5view.exe" .
say "gen5.exe"
CGO_ENABLED=0 GOOS=windows GOARCH=amd64 \
	"$GO" build -trimpath -ldflags "$LDFLAGS -s -w" -o "$dist/gen5.exe" ./cmd/gen5

sed "s/@VERSION@/$VERSION/g" packaging/windows/README.txt >"$dist/README.txt"
cp LICENSE "$dist/LICENSE.txt"
GO=$GO packaging/licences.sh text "$dist/gen5view.exe" "$dist/gen5.exe" >"$dist/THIRD-PARTY-LICENSES.txt"
zipf=$OUT/gen5view-$VERSION-windows-amd64.zip
rm -f "$zipf"
# -l: the texts with Windows line ends; -X: no Unix owners or times beyond the date.
(cd "$dist" && zip -q -X "$zipf" gen5view.exe gen5.exe &&
	zip -q -X -l "$zipf" README.txt LICENSE.txt THIRD-PARTY-LICENSES.txt)
say "wrote $zipf"
