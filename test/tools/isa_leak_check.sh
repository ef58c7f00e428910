#!/usr/bin/env bash
# Each ISA's sources are compiled with their own -m flags. An inline function
# or template instantiated in such a file is emitted as a weak symbol, and the
# linker keeps ONE copy for the whole library: if it keeps the copy compiled
# with -mavx512f, generic code calls AVX-512 instructions on a CPU without
# them. This check fails when any weak function in the library uses ymm/zmm
# or mask registers, is defined in more than one object file (so the linker
# really chose among copies), and does not name its ISA (xsimd's per-arch
# instantiations do).
set -euo pipefail
# Usage: isa_leak_check.sh liboctet.so liboctet_internal.a
# Weak symbols are read from the objects (in the .so they end up local).
lib=$1
objects=$2
weak=$(nm -A --defined-only "$objects" 2>/dev/null | awk '$2 ~ /^[WVu]$/ {split($1, o, ":"); print o[2], $3}' |
       sort -u | awk '{count[$2]++} END {for (s in count) if (count[s] > 1) print s}')
objdump -d --no-show-raw-insn "$lib" | awk -v weak="$weak" '
BEGIN { n = split(weak, w, "\n"); for (i = 1; i <= n; i++) isweak[w[i]] = 1 }
/^[0-9a-f]+ <.*>:$/ { fn = $2; sub(/^</, "", fn); sub(/>:$/, "", fn); next }
/%ymm|%zmm|%k[1-7]/ {
  if (isweak[fn] && fn !~ /avx|fma/) { bad[fn]++ }
}
END {
  for (f in bad) { printf "weak function %s uses wide-vector instructions (%d)\n", f, bad[f]; count++ }
  if (count) { exit 1 }
  print "no ISA-specific code in shared weak symbols"
}'
