#!/usr/bin/env bash
# readme_example.sh README NAME WORKDIR COMPILER ARG...
# Extracts the code block of README marked `<!-- readme-test: NAME -->` (the
# fenced block on the lines right after the marker) into WORKDIR/NAME, compiles
# it as `COMPILER WORKDIR/NAME ARG... -o PROGRAM` and runs it. The test fails
# when the marker is gone, the block does not build, or the program exits
# non-zero (README's examples check every status they get).
set -euo pipefail
readme=$1 name=$2 work=$3 compiler=$4
shift 4
marker="<!-- readme-test: $name -->"
count=$(grep -cxF -- "$marker" "$readme" || true)
if [ "$count" != 1 ]; then
  echo "readme_example: $readme has $count lines '$marker' (want 1)" >&2
  exit 1
fi
mkdir -p "$work"
src="$work/$name" program="$work/${name%.*}"
awk -v marker="$marker" '
  $0 == marker { armed = 1; next }
  armed && !inside { if ($0 ~ /^```/) { inside = 1; next } else exit }
  inside && /^```/ { exit }
  inside { print }' "$readme" >"$src"
if [ ! -s "$src" ]; then
  echo "readme_example: no fenced code block right after '$marker' in $readme" >&2
  exit 1
fi
echo "readme_example: $(wc -l <"$src") lines of $name"
"$compiler" "$src" "$@" -o "$program"
"$program"
