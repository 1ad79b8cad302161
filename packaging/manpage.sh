#!/bin/sh
# manpage.sh BINARY: writes, on standard output, the manual page (roff, man
# section 1) of gen5view or gen5, made from the binary's own `help`,
# `--version` and each command's `--help`, so the manual cannot drift from
# what the program says. The date is the commit's (SOURCE_DATE_EPOCH when
# set), so the same commit gives the same page.
set -eu
bin=$1
prog=$(basename "$bin" .exe)
release=$("$bin" --version | awk '{ print $2 }')
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
date=$(date -u -d "@$epoch" +%Y-%m-%d)

# roff_text: escapes text for roff, to be shown as it is (no filling).
roff_text() {
	sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\([.']\)/\\\\\&\1/"
}

help=$("$bin" help)
summary=$(printf '%s\n' "$help" | sed -n '1s/^Gen5 Viewer: //p' | sed 's/\.$//')
commands=$(printf '%s\n' "$help" | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }')
upper=$(printf '%s' "$prog" | tr a-z A-Z)

printf '.TH %s 1 %s "Gen5 Viewer %s" "User Commands"\n' "$upper" "$date" "$release"
printf '.SH NAME\n%s \\- %s\n' "$prog" "$(printf '%s' "$summary" | roff_text)"
printf '.SH SYNOPSIS\n.nf\n'
printf '%s\n' "$help" | awk '/^Usage:/ { on = 1; next } on && /^$/ { exit } on { sub(/^  /, ""); sub(/  +.*/, ""); print }' | roff_text
printf '.fi\n.SH DESCRIPTION\n'
printf '%s\n' "$help" | sed -n '1p' | roff_text
printf '.PP\n.nf\n'
printf '%s\n' "$help" | sed '1,2d' | roff_text
printf '.fi\n.SH COMMANDS\n'
for c in $commands; do
	printf '.SS %s\n.nf\n' "$c"
	"$bin" "$c" --help | roff_text
	printf '.fi\n'
done
printf '.SH VERSION\nThis page describes %s %s.\n' "$prog" "$release"
if [ "$prog" = gen5view ]; then
	printf '.SH SEE ALSO\n.BR gen5 (1),\nthe same commands without the window.\n'
else
	printf '.SH SEE ALSO\n.BR gen5view (1),\nthe same commands and the viewer window.\n'
fi
