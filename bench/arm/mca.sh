#!/usr/bin/env bash
# bench/arm/mca.sh: a performance model of the AArch64 GEMM microkernels'
# inner loops, without ARM hardware.
#
# Each kernel file is compiled exactly as the library builds it (cross g++,
# -O3, its ISA's -march) plus -DOCTET_MCA_MARKERS, which wraps the main loop
# body in "// LLVM-MCA-BEGIN/END" region markers. Every region (one per
# instantiation: u8 / s8 input) goes through llvm-mca-19 for Neoverse N1, V1
# and V2. The table prints the modelled cycles per iteration against the
# multiply-accumulate throughput bound:
#   issue bound: sdot/usdot/(us)mmla at 2 per cycle on N1 and V1, 4 on V2
#                (smlal: 1 on N1, 2 on V1/V2);
#   model bound: the sum of the MAC instructions' reciprocal throughputs in
#                llvm-mca's own scheduling model of that core.
# eff = bound / cycles (100% = the loop runs at the MAC throughput).
# N1 has no i8mm; its (us)mmla rows use the model's entry (-mattr=+i8mm) and
# are only indicative.
#
# Usage: bench/arm/mca.sh [build-dir]   (default build-arm; needs its sysroot
# for the xsimd headers: tools/arm-sysroot.sh <build-dir>/sysroot)
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build-arm}
mca=${LLVM_MCA:-llvm-mca-19}
cxx=${CXX_AARCH64:-aarch64-linux-gnu-g++}
"$src/tools/arm-sysroot.sh" "$build/sysroot"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

kernels=(
  "neon/gemm_u8s8_8x8c1_neon.cc|"
  "neondot/gemm_s8s8_4x16c4_neondot.cc|-march=armv8.2-a+dotprod"
  "neoni8mm/gemm_u8s8_4x24c8_neoni8mm.cc|-march=armv8.6-a+dotprod+i8mm"
  "neoni8mm/gemm_s8s8_4x24c8_neoni8mm.cc|-march=armv8.6-a+dotprod+i8mm"
)
cpus=(neoverse-n1 neoverse-v1 neoverse-v2)

printf '%-38s %-12s %6s %7s %8s %7s %8s %7s\n' region cpu MACs cyc/it issue-bd eff model-bd eff
for entry in "${kernels[@]}"; do
  file=${entry%%|*}
  flags=${entry#*|}
  asm="$work/$(basename "$file" .cc).s"
  # shellcheck disable=SC2086
  "$cxx" -std=c++17 -O3 -DNDEBUG -ffp-contract=off $flags -DOCTET_MCA_MARKERS -I"$src" -I"$src/include" \
    -isystem "$build/sysroot/usr/include" -S "$src/src/arm/$file" -o "$asm"
  # One file per region, with a label for the loop branch.
  awk -v dir="$work" '
    /LLVM-MCA-BEGIN/ { n++; name = $NF; out = sprintf("%s/region%02d.s", dir, n); print name > (out ".name");
                       print "mca_loop:" > out; p = 1; next }
    /LLVM-MCA-END/   { p = 0; close(out); next }
    p && !/^#/ && !/^\/\/ [0-9]+ "/ && !/^\s*\/\// { print > out }' "$asm"
  # GNU as accepts a byte immediate written as a sign-extended 64-bit value; LLVM does not.
  sed -E -i -e 's/(b\.[a-z]+\s+)1b$/\1mca_loop/' -e 's/(movi\s+v[0-9]+\.(8|16)b, )0xffffffffffffff([0-9a-f]{2})/\10x\3/' "$work"/region*.s 2>/dev/null || true
  for region in "$work"/region*.s; do
    [[ -f "$region" ]] || continue
    name=$(cat "$region.name")
    macs=$(grep -cE '^\s*(sdot|udot|usdot|smmla|ummla|usmmla|smlal2?|umlal2?)\s' "$region" || true)
    for cpu in "${cpus[@]}"; do
      out=$("$mca" -mtriple=aarch64 -mcpu="$cpu" -mattr=+dotprod,+i8mm -iterations=200 -instruction-info \
              "$region" 2>&1) || { echo "$out" >&2; exit 1; }
      cycles=$(awk '/^Total Cycles:/ {print $3}' <<<"$out")
      cpi=$(awk -v c="$cycles" 'BEGIN { printf "%.2f", c / 200 }')
      # Issue bound.
      if grep -qE '^\s*smlal' "$region"; then
        rate=$([[ $cpu == neoverse-n1 ]] && echo 1 || echo 2)
      else
        rate=$([[ $cpu == neoverse-v2 ]] && echo 4 || echo 2)
      fi
      issue=$(awk -v m="$macs" -v r="$rate" 'BEGIN { printf "%.2f", m / r }')
      # Model bound: RThroughput column of the MAC instructions in the instruction info.
      model=$(awk '/Instruction Info:/ {p=1} /Resources:/ {p=0}
                   p && $0 ~ /(sdot|udot|usdot|smmla|ummla|usmmla|smlal2?|umlal2?)[ \t]/ { s += $3 }
                   END { printf "%.2f", s }' <<<"$out")
      printf '%-38s %-12s %6d %7s %8s %6.1f%% %8s %6.1f%%\n' "$name" "$cpu" "$macs" "$cpi" "$issue" \
        "$(awk -v b="$issue" -v c="$cpi" 'BEGIN { print 100 * b / c }')" "$model" \
        "$(awk -v b="$model" -v c="$cpi" 'BEGIN { print 100 * b / c }')"
    done
    rm -f "$region" "$region.name"
  done
done
