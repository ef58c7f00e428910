#!/usr/bin/env bash
# Each ISA's sources are compiled with their own -m/-march flags. An inline
# function or template instantiated in such a file is emitted as a weak symbol,
# and the linker keeps ONE copy for the whole library: if it keeps the copy
# compiled for AVX-512 (or dotprod/i8mm), generic code runs those instructions
# on a CPU without them. This check fails when a weak function that is defined
# in more than one object file (so the linker really chose among copies) uses
# ISA-specific instructions and does not name its ISA (xsimd's per-arch
# instantiations do).
#
# Usage: isa_leak_check.sh x86|arm liboctet.so liboctet_internal.a [tool prefix]
# Weak symbols are read from the objects (in the .so they end up local).
set -euo pipefail
arch=$1
lib=$2
objects=$3
prefix=${4:-}
case $arch in
  x86) insn='%ymm|%zmm|%k[1-7]'; named='avx|fma' ;;
  # ARMv8.0 NEON is the baseline; dot product and matrix multiply are not.
  arm) insn='[[:space:]](sdot|udot|usdot|sudot|smmla|ummla|usmmla)[[:space:]]'; named='neondot|neoni8mm|dotprod|i8mm' ;;
  *) echo "unknown architecture $arch" >&2; exit 2 ;;
esac
weak=$("${prefix}nm" -A --defined-only "$objects" 2>/dev/null |
       awk '$2 ~ /^[WVu]$/ {split($1, o, ":"); print o[2], $3}' |
       sort -u | awk '{count[$2]++} END {for (s in count) if (count[s] > 1) print s}')
"${prefix}objdump" -d --no-show-raw-insn "$lib" | awk -v weak="$weak" -v insn="$insn" -v named="$named" '
BEGIN { n = split(weak, w, "\n"); for (i = 1; i <= n; i++) isweak[w[i]] = 1 }
/^[0-9a-f]+ <.*>:$/ { fn = $2; sub(/^</, "", fn); sub(/>:$/, "", fn); next }
$0 ~ insn {
  if (isweak[fn] && fn !~ named) { bad[fn]++ }
}
END {
  for (f in bad) { printf "weak function %s uses ISA-specific instructions (%d)\n", f, bad[f]; count++ }
  if (count) { exit 1 }
  print "no ISA-specific code in shared weak symbols"
}'
