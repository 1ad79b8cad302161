#!/bin/sh
# Writes a folder of varied .gen5 files for the library window's checks:
#
#   e2e/libfolder.sh GEN5VIEW DIR [N]
#
# N files (40 by default): pictures ImageMagick draws (gradients, plasma,
# shapes; square, portrait and landscape), each with its noise, a prompt,
# tags from a small vocabulary, a model and a seed; one file in ten is
# cut short, so that the window marks it as damaged. Needs convert.
set -eu
BIN=$1 DIR=$2 N=${3:-40}
mkdir -p "$DIR"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM

# A latent is 1/8 of the picture each way, as Stable Diffusion's.
for size in 512x512 384x512 512x384 448x448; do
	w=${size%x*} h=${size#*x}
	"$BIN" noise --seed 1 --shape "1,4,$((h / 8)),$((w / 8))" --f16 --out "$TMP/noise$size.npy" >/dev/null
done

subjects="cat dog fox owl castle forest harbour robot dragon lighthouse"
styles="watercolor oil-painting pixel-art photo ink-sketch"
colours="red blue green purple orange teal gold pink"
models="sd15 sdxl flux"
sizes="512x512 384x512 512x384 448x448"

pick() { # pick N WORDS…: the Nth word, cycling
	n=$1
	shift
	eval "echo \${$((n % $# + 1))}"
}

i=0
while [ "$i" -lt "$N" ]; do
	subject=$(pick "$i" $subjects)
	style=$(pick "$((i / 3))" $styles)
	c1=$(pick "$i" $colours)
	c2=$(pick "$((i * 3 + 1))" $colours)
	size=$(pick "$((i / 2))" $sizes)
	model=$(pick "$((i / 5))" $models)
	img="$TMP/p$i.png"
	case $((i % 4)) in
	0) convert -size "$size" "gradient:$c1-$c2" "$img" ;;
	1) convert -size "$size" "plasma:$c1-$c2" -seed "$i" "$img" ;;
	2) convert -size "$size" "radial-gradient:$c1-$c2" "$img" ;;
	3) convert -size "$size" "xc:$c2" -fill "$c1" -draw "circle 200,200 $((120 + i * 5)),$((120 + i * 3))" "$img" ;;
	esac
	out=$(printf '%s/%s_%s_%03d.gen5' "$DIR" "$subject" "$style" "$i")
	"$BIN" create --image "$img" --noise "$TMP/noise$size.npy" --out "$out" --force \
		--prompt "a $c1 $subject, $style, highly detailed, by the sea at dusk" \
		--negative-prompt "blurry, lowres" --model "$model" --seed "$((1000 + i * 7))" \
		--steps "$((20 + i % 4 * 5))" --cfg 7 --sampler euler_a \
		--tag "$subject" --tag "$style" --tag "$c1" >/dev/null
	if [ $((i % 10)) -eq 9 ]; then # damaged: cut in the middle of its chunks
		size=$(wc -c <"$out")
		truncate -s $((size / 2)) "$out"
	fi
	i=$((i + 1))
done
