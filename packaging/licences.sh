#!/bin/sh
# licences.sh: the licences of what a release binary holds, Gen5 Viewer's
# own (LICENSE) and those of the Go standard library and every Go module
# linked into it, for the packages to ship beside the binaries.
#
#   licences.sh dep5 BINARY...   paragraphs for a machine-readable Debian
#                                copyright file (copyright-format 1.0)
#   licences.sh text BINARY...   plain text, for the Windows zip: the
#                                others' licences (Gen5 Viewer's own is
#                                LICENSE, shipped beside it)
#
# What is linked is read from the binaries themselves (go version -m: the
# main package, GOOS, cgo, every module and its version). A module's licence
# files are those at its root and in the folders of its packages that the
# binaries link, with the folders holding no Go code right below them (the C
# sources of GLFW that cgo compiles in, the fonts Fyne embeds). Each file's
# licence is recognised from its text; a file that names no licence this
# script knows (a third-party notice) is reproduced as it is, and a module
# none of whose files names a known licence stops the build, so that a new
# dependency's licence is read by a person before it ships.
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
GO=${GO:-go}
die() {
	printf 'licences: %s\n' "$*" >&2
	exit 1
}
[ $# -ge 2 ] || die "usage: licences.sh dep5|text BINARY..."
format=$1
shift
case $format in dep5 | text) ;; *) die "unknown format $format (dep5 or text)" ;; esac

# classify FILE: the licence FILE states, as a copyright-format short name
# (an "and"/"or" expression where the file states several), or nothing.
classify() {
	case $(basename "$1" | tr '[:lower:]' '[:upper:]') in
	*3RD-PARTY* | *THIRD-PARTY* | NOTICE*) return 0 ;;
	esac
	spdx=$(sed -n 's/^.*SPDX-License-Identifier:[[:space:]]*//p' "$1" | head -1)
	if [ -n "$spdx" ]; then
		printf '%s\n' "$spdx" | sed -e 's/ OR / or /g' -e 's/ AND / and /g' \
			-e 's/\bMIT\b/Expat/g' -e 's/BSD-\([23]\)-Clause/BSD-\1-clause/g'
	elif grep -qi 'SIL OPEN FONT LICENSE' "$1" && grep -q 'Version 1.1' "$1"; then
		echo OFL-1.1
	elif grep -q 'Bitstream Vera' "$1"; then
		echo Bitstream-Vera
	elif grep -q 'Apache License' "$1" && grep -q 'Version 2.0' "$1"; then
		if grep -q 'Permission is hereby granted, free of charge' "$1"; then
			echo 'Expat and Apache-2.0'
		else
			echo Apache-2.0
		fi
	elif grep -q 'Redistribution and use in source and binary forms' "$1"; then
		if grep -qiE 'Neither the name|names of (its|their) contributors' "$1"; then
			echo BSD-3-clause
		else
			echo BSD-2-clause
		fi
	elif grep -q 'Permission is hereby granted, free of charge' "$1"; then
		echo Expat
	elif grep -qE 'Permission to use, copy, modify, and(/or)? distribute this software for any' "$1"; then
		echo ISC
	elif grep -q "provided 'as-is'" "$1" && grep -q 'Permission is granted to anyone to use this software' "$1"; then
		echo Zlib
	elif grep -q 'free and unencumbered software released into the public domain' "$1"; then
		echo Unlicense
	elif grep -qi 'public domain' "$1"; then
		echo public-domain
	fi
}

# apache_terms: a licence text with the terms of the Apache License 2.0,
# where another licence's file quotes them whole, replaced by a pointer to
# Debian's copy (lintian: copyright-file-contains-full-apache-2-license).
apache_terms() {
	awk '
	skip { if ($0 ~ /END OF TERMS AND CONDITIONS/) skip = 0; next }
	held != "" {
		if ($0 ~ /^[[:space:]]*Version 2\.0, January 2004/) {
			print "Apache License, Version 2.0: its terms are in"
			print "/usr/share/common-licenses/Apache-2.0 on Debian systems."
			held = ""
			skip = 1
			next
		}
		print held
		held = ""
	}
	/^[[:space:]]*Apache License[[:space:]]*$/ { held = $0; next }
	{ print }
	END { if (held != "") print held }'
}

# holders FILE...: the copyright lines of FILEs, "Copyright" and "(c)" left
# out, less the placeholders of licence templates.
holders() {
	sed -n 's/^[[:space:]]*Copyright[[:space:]]*\(([cC])\|©\)\{0,1\}[[:space:]]*//p' "$@" |
		sed 's/[[:space:]]*$//' | grep -vE '^$|^[a-z]|notice|yyyy|<dates>|<year>|[Hh]older|HOLDER' |
		awk '!seen[$0]++' || true
}

# licence_files DIR PKGDIRS: the licence files of the module in DIR.
licence_files() {
	{
		ls -d "$1"/* 2>/dev/null || true
		awk -v d="$1" '$0 == d || index($0, d "/") == 1' "$2" | while read -r p; do
			ls -d "$p"/* "$p"/*/* 2>/dev/null || true
		done
	} | while read -r f; do
		[ -f "$f" ] || continue
		case $f in */testdata/* | */cmd/*) continue ;; esac
		basename "$f" | grep -qiE '^(licen[cs]e|copying|unlicense|notice)([-_.].*)?$' || continue
		sub=${f%/*}
		# Below a package folder, only folders without Go code of their own.
		if [ "$sub" != "$1" ] && ! grep -qxF "$sub" "$2" && ls "$sub"/*.go >/dev/null 2>&1; then
			continue
		fi
		printf '%s\n' "$f"
	done | LC_ALL=C sort -u
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# What the binaries link: modules (a replacement in place of what it
# replaces) and the folders of the packages.
: >"$work/mods"
: >"$work/pkgdirs"
for bin in "$@"; do
	[ -f "$bin" ] || die "no binary $bin"
	"$GO" version -m "$bin" >"$work/info" || die "$bin is not a Go binary"
	awk '$1 == "dep" { if (m != "") print m; m = $2 "@" $3 } $1 == "=>" { m = $2 "@" $3 }
		END { if (m != "") print m }' "$work/info" >>"$work/mods"
	main=$(awk '$1 == "path" { print $2; exit }' "$work/info")
	setting() { sed -n "s/^[[:space:]]*build[[:space:]]*$1=//p" "$work/info"; }
	(cd "$repo" && GOOS=$(setting GOOS) GOARCH=$(setting GOARCH) CGO_ENABLED=$(setting CGO_ENABLED) \
		"$GO" list -deps -f '{{if .Module}}{{if not .Module.Main}}{{.Dir}}{{end}}{{end}}' "$main") >>"$work/pkgdirs" ||
		die "go list -deps $main, as $bin was built"
done
LC_ALL=C sort -u "$work/mods" -o "$work/mods"
LC_ALL=C sort -u "$work/pkgdirs" -o "$work/pkgdirs"

# entry NAME FILES...: one paragraph (dep5) or section (text) for NAME,
# whose licence texts are FILES, in the folder $base. In dep5, Files names
# NAME's source where `go mod vendor` would put it.
entry() {
	name=$1
	shift
	# One licence of several ("A or B") first: "A or B, and C" is (A or B) and C.
	licence=$(for f in "$@"; do classify "$f"; done | sed 's/ and /\n/g' | awk 'NF && !seen[$0]++' |
		awk '/ or / { print 0, $0; next } { print NR, $0 }' | sort -n -s -k1,1 | cut -d' ' -f2- |
		awk '{ s = s (s == "" ? "" : (s ~ / or / ? ", and " : " and ")) $0 } END { print s }')
	[ -n "$licence" ] || die "no known licence in the licence files of $name ($*): read them, then teach classify() in $0"
	copyright=$(holders "$@")
	[ -n "$copyright" ] || copyright="the authors of $name"
	case $format in
	dep5)
		case $name in
		"Gen5 Viewer") printf '\nFiles: *\n' ;;
		"the Go standard library") printf '\nFiles: go/src/*\nComment: %s\n' "$GOVERSION" ;;
		*) printf '\nFiles: vendor/%s/*\nComment: Go module %s %s\n' "${name% *}" "${name% *}" "${name#* }" ;;
		esac
		printf 'Copyright: %s\n' "$copyright" | sed '2,$s/^/ /'
		printf 'License: %s\n' "$licence"
		first=1
		for f in "$@"; do
			[ -n "$first" ] || printf ' .\n'
			first=""
			[ $# -eq 1 ] || printf ' %s:\n .\n' "${f#"$base"/}"
			if [ "$(classify "$f")" = Apache-2.0 ]; then
				# Debian ships the Apache licence: refer to it rather than repeat it.
				printf ' Licensed under the Apache License, Version 2.0. On Debian systems the\n full text of the Apache License 2.0 is in /usr/share/common-licenses/Apache-2.0.\n'
			else
				sed -e 's/\r$//' -e 's/[[:space:]]*$//' "$f" | awk 'NF { s = 1 } s' | apache_terms |
					sed -e 's/^$/./' -e 's/^/ /'
			fi
		done
		;;
	text)
		# Debian calls the MIT licence Expat; Windows users know it as MIT.
		printf '\n\n%s\n%s\nLicence: %s\n' "$name" "$(printf '%s' "$name" | tr -c '\n' '=')" \
			"$(printf '%s' "$licence" | sed 's/\bExpat\b/MIT/g')"
		for f in "$@"; do
			[ $# -eq 1 ] || printf '\n--- %s ---\n' "${f#"$base"/}"
			printf '\n'
			sed -e 's/\r$//' -e 's/[[:space:]]*$//' "$f"
		done
		;;
	esac
}

GOVERSION=$("$GO" env GOVERSION)
if [ "$format" = dep5 ]; then
	base=$repo
	entry "Gen5 Viewer" "$repo/LICENSE"
else
	printf 'Gen5 Viewer is under the MIT licence (LICENSE.txt). Its programs include\n'
	printf 'the Go standard library and the Go modules below, under these licences.\n'
fi
base=$("$GO" env GOROOT)
entry "the Go standard library" "$base/LICENSE"
while read -r mod; do
	dir=$(cd "$repo" && "$GO" mod download -json "$mod" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	[ -d "$dir" ] || die "Go module $mod is not in the module cache"
	base=$dir
	licence_files "$dir" "$work/pkgdirs" >"$work/files"
	[ -s "$work/files" ] || die "no licence file in Go module $mod ($dir)"
	# shellcheck disable=SC2046 # module cache paths have no spaces
	entry "${mod%@*} ${mod#*@}" $(cat "$work/files")
done <"$work/mods"
