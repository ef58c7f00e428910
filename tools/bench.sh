#!/usr/bin/env bash
# octet's main job: build octet-bench (Release, in build-bench/), run the layer
# suite for octet, oneDNN, XNNPACK and FBGEMM (when installed) pinned to
# CPU cores, and print one table: GOPS, % of the int8 peak, octet/peer ratios
# and a geomean row. JSON, the table and a PNG bar chart go to bench/results/.
#
#   bash tools/bench.sh [--quick] [--isa NAME] [--threads N] [--shapes FILE]
#                       [--fbgemm-root PREFIX] [--filter REGEX] [--repetitions N]
#                       [--min-time SECONDS] [--cores LIST] [-- octet-bench flags]
#
#   --quick          smoke run: short minimum time, one repetition
#   --isa NAME       cap octet and the peers alike: scalar, avx2, avx512bw,
#                    avxvnni, avx512vnni (x86). Sets OCTET_ISA,
#                    ONEDNN_MAX_CPU_ISA and FBGEMM_ENABLE_INSTRUCTIONS
#                    (FBGEMM has nothing below AVX2 nor an AVX-VNNI path: AVX2).
#                    XNNPACK (2022) has no cap and runs its best kernels.
#                    On AArch64 (neon, neondot, neoni8mm) only octet is capped.
#   --threads N      also run every layer with N threads (layer/.../tN)
#   --shapes FILE    more layers, TSV: name N H W C K R S stride pad dil groups
#   --fbgemm-root P  prefix of an installed FBGEMM (also: OCTET_FBGEMM_ROOT)
#   --filter REGEX   only these benchmarks (Google Benchmark filter)
#   --cores LIST     CPUs to pin to (taskset -c syntax); default: the last
#                    N online CPUs for N threads
#
# Needs Debian 12. Run as root, it installs the missing packages of
# tools/deps.txt (tools/install-deps.sh bench); otherwise it prints the
# apt-get command to run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/build-bench"
RESULTS="$ROOT/bench/results"

quick=0
isa=""
threads=1
shapes=()
fbgemm_root="${OCTET_FBGEMM_ROOT:-}"
filter=""
repetitions=""
min_time=""
cores=""
extra=()

die() { echo "bench.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --isa) isa="${2:?--isa needs a name}"; shift ;;
    --isa=*) isa="${1#*=}" ;;
    --threads) threads="${2:?--threads needs a number}"; shift ;;
    --threads=*) threads="${1#*=}" ;;
    --shapes) shapes+=("${2:?--shapes needs a file}"); shift ;;
    --shapes=*) shapes+=("${1#*=}") ;;
    --fbgemm-root) fbgemm_root="${2:?--fbgemm-root needs a prefix}"; shift ;;
    --fbgemm-root=*) fbgemm_root="${1#*=}" ;;
    --filter) filter="${2:?--filter needs a regex}"; shift ;;
    --filter=*) filter="${1#*=}" ;;
    --repetitions) repetitions="${2:?}"; shift ;;
    --repetitions=*) repetitions="${1#*=}" ;;
    --min-time) min_time="${2:?}"; shift ;;
    --min-time=*) min_time="${1#*=}" ;;
    --cores) cores="${2:?}"; shift ;;
    --cores=*) cores="${1#*=}" ;;
    -h|--help) sed -n '2,26p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --) shift; extra+=("$@"); break ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift
done
case "$threads" in ''|*[!0-9]*|0) die "--threads needs a positive number" ;; esac
for f in ${shapes[@]+"${shapes[@]}"}; do
  [ -r "$f" ] || die "cannot read shapes file $f"
done

# ---- 1. packages (the bench lines of tools/deps.txt) -----------------------
bash "$ROOT/tools/install-deps.sh" bench || die "cannot install the packages of tools/deps.txt (see above)"
command -v taskset >/dev/null || die "taskset not found (Debian package util-linux)"

# ---- 2. ISA caps ---------------------------------------------------------
tag="best"
if [ -n "$isa" ]; then
  case "$isa" in
    scalar)     dnnl_isa=SSE41;            fb_isa=AVX2 ;;
    avx2)       dnnl_isa=AVX2;             fb_isa=AVX2 ;;
    avx512bw)   dnnl_isa=AVX512_CORE;      fb_isa=AVX512 ;;
    avxvnni)    dnnl_isa=AVX2_VNNI;        fb_isa=AVX2 ;;  # FBGEMM has no AVX-VNNI path
    avx512vnni) dnnl_isa=AVX512_CORE_VNNI; fb_isa=AVX512_E1 ;;
    neon|neondot|neoni8mm) dnnl_isa="";    fb_isa="" ;;  # AArch64: octet's cap only
    best)       dnnl_isa="";               fb_isa="" ;;
    *) die "--isa: one of scalar avx2 avx512bw avxvnni avx512vnni (x86), neon neondot neoni8mm (AArch64), best" ;;
  esac
  export OCTET_ISA="$isa"
  if [ -n "$dnnl_isa" ]; then export ONEDNN_MAX_CPU_ISA="$dnnl_isa"; fi
  if [ -n "$fb_isa" ]; then export FBGEMM_ENABLE_INSTRUCTIONS="$fb_isa"; fi
  tag="$isa"
fi

# ---- 3. build --------------------------------------------------------------
jobs="${JOBS:-$(nproc)}"
# Warnings are the developers' business (their builds use -DOCTET_WERROR=ON); a
# measurement build must not stop on one.
cmake_args=(-S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DOCTET_BUILD_TESTS=OFF -DOCTET_WERROR=OFF)
if [ -n "$fbgemm_root" ]; then
  cmake_args+=("-DOCTET_FBGEMM_ROOT=$fbgemm_root")
fi
echo "bench.sh: building octet-bench in $BUILD" >&2
mkdir -p "$BUILD"
cmake "${cmake_args[@]}" >"$BUILD/bench-cmake.log" 2>&1 || { cat "$BUILD/bench-cmake.log" >&2; die "cmake failed"; }
cmake --build "$BUILD" --target octet-bench -j "$jobs" >"$BUILD/bench-build.log" 2>&1 ||
  { tail -40 "$BUILD/bench-build.log" >&2; die "build failed (log: $BUILD/bench-build.log)"; }
# One line per peer: found, or absent and why (the table says it too).
grep -h "^-- octet-bench: " "$BUILD/bench-cmake.log" | sed 's/^-- //' >&2 || true
BENCH="$BUILD/bench/octet-bench"

# ---- 4. run ------------------------------------------------------------------
online=()
for c in $(taskset -pc $$ | sed 's/.*: //' | tr ',' ' '); do
  case "$c" in
    *-*) for i in $(seq "${c%-*}" "${c#*-}"); do online+=("$i"); done ;;
    *) online+=("$c") ;;
  esac
done
if [ -z "$cores" ]; then
  [ "$threads" -le "${#online[@]}" ] || die "--threads $threads but only ${#online[@]} CPUs available"
  cores=$(IFS=,; echo "${online[*]: -$threads}")
fi

if [ "$quick" -eq 1 ]; then
  : "${min_time:=0.01}" "${repetitions:=1}"
else
  : "${min_time:=0.3}" "${repetitions:=5}"
fi
mkdir -p "$RESULTS"
suffix="$tag-t$threads"
[ "$quick" -eq 1 ] && suffix="$suffix-quick"
json="$RESULTS/bench-$suffix.json"

common=()
if [ "$threads" -gt 1 ]; then common+=(--threads="$threads"); fi
for f in ${shapes[@]+"${shapes[@]}"}; do common+=(--shapes="$f"); done
common+=(${extra[@]+"${extra[@]}"})

log="$RESULTS/bench-$suffix.log"
: >"$log"
export OMP_NUM_THREADS="$threads"
status=0
# run_bench JSON FILTER MIN_TIME REPETITIONS: one octet-bench run, pinned.
run_bench() {
  local args=(--benchmark_out="$1" --benchmark_out_format=json --benchmark_filter="$2"
              --benchmark_min_time="$3" --benchmark_repetitions="$4"
              --benchmark_display_aggregates_only=true ${common[@]+"${common[@]}"})
  echo "bench.sh: on CPU(s) $cores: octet-bench ${args[*]}" >&2
  local rc=0
  taskset -c "$cores" "$BENCH" "${args[@]}" >>"$log" 2>&1 || rc=$?
  if [ "$rc" -gt 128 ]; then
    echo "bench.sh: octet-bench died with signal $((rc - 128)); last lines of $log:" >&2
    tail -3 "$log" | cut -c1-200 >&2
  fi
  if [ "$rc" -ne 0 ] && [ "$status" -eq 0 ]; then status=$rc; fi
}
jsons=("$json")
echo "bench.sh: log in $log" >&2
if [ -n "$filter" ]; then
  run_bench "$json" "$filter" "$min_time" "$repetitions"
else
  run_bench "$json" '^(peak|layer|scaling|versus)/' "$min_time" "$repetitions"
  # Packing is reported for information: shorter runs, at most 3 repetitions.
  pack_json="$RESULTS/bench-$suffix-pack.json"
  pack_time=$(awk -v t="$min_time" 'BEGIN { print (t < 0.05 ? t : 0.05) }')
  run_bench "$pack_json" '^pack/' "$pack_time" "$((repetitions < 3 ? repetitions : 3))"
  [ -s "$pack_json" ] && jsons+=("$pack_json")
fi
grep -h "FAILED" "$log" >&2 || true
[ -s "$json" ] || { tail -20 "$log" >&2; die "octet-bench wrote no results (exit status $status)"; }

# ---- 5. report -----------------------------------------------------------------
echo >&2
/usr/bin/python3 "$ROOT/tools/bench_report.py" "${jsons[@]}" --txt "$RESULTS/bench-$suffix.txt" \
  --png "$RESULTS/bench-$suffix.png"
echo "results: ${jsons[*]} (table: $RESULTS/bench-$suffix.txt, chart: $RESULTS/bench-$suffix.png)"
if [ "$status" -ne 0 ]; then
  if [ "$status" -eq 1 ]; then
    echo "bench.sh: a verification failed (see FAILED lines in $log)" >&2
  else
    echo "bench.sh: octet-bench exited with status $status: the table is partial" >&2
  fi
fi
exit "$status"
