#!/usr/bin/env bash
# tools/test-fuzz.sh: builds the differential fuzzer (fuzz/, libFuzzer with
# clang, ASan + UBSan, coverage over the whole library) in build-fuzz/ and
# runs it for a fixed number of executions from the checked-in corpus
# (fuzz/corpus/conv2d), 1-3 threads and every ISA cap this CPU has chosen by
# the inputs. Then, on x86 with AVX2, the emulated-ISA fuzzer of the same
# build (octet-fuzz-conv2d-emu, fuzz/CMakeLists.txt): the same target on a
# kernel table whose avx512bw, avxvnni, avx512vnni and amx rows are the SIMDe
# copies of their kernels (AMX on the software tile file), present on any
# AVX2 CPU, so those kernels run through the operator path on CPUs without
# them; it adds only the 13 emulated kernel files to the build (~3.5 min of
# CPU, ~2 min on 2 cores) and 25k executions take ~3 min of one core. New
# inputs either finds go to a scratch copy, not the tree; a
# crash or mismatch leaves its input in build-fuzz/ to become a regression
# file under fuzz/corpus/conv2d.
# Environment: BUILD_DIR (default build-fuzz), FUZZ_RUNS (default 100000),
# FUZZ_EMU_RUNS (default 25000; 0 skips the emulated stage), JOBS (default nproc).
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$src/build-fuzz}
runs=${FUZZ_RUNS:-100000}
emu_runs=${FUZZ_EMU_RUNS:-25000}
jobs=${JOBS:-$(nproc)}
start=$SECONDS

for tool in clang clang++; do
  command -v "$tool" >/dev/null || { echo "test-fuzz: $tool not found (apt-get install clang libclang-rt-14-dev)"; exit 1; }
done

CC=clang CXX=clang++ cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOCTET_WERROR=ON \
  -DOCTET_SANITIZE=ON -DOCTET_FUZZ=ON -DOCTET_BUILD_TESTS=OFF -DOCTET_BUILD_TOOLS=OFF -DOCTET_BUILD_BENCH=OFF >/dev/null

# fuzz <name> <runs>: builds fuzz/<name>, runs it <runs> times from a scratch
# copy of the corpus and reports, or prints the log's end and fails.
fuzz() {
  local name=$1 n=$2 t0=$SECONDS
  cmake --build "$build" -j "$jobs" --target "$name"
  echo "$name: built in $((SECONDS - t0)) s"
  local corpus="$build/corpus-$name" log="$build/$name.log"
  rm -rf "$corpus"
  mkdir -p "$corpus"
  cp "$src"/fuzz/corpus/conv2d/* "$corpus"/
  local rc=0
  (cd "$build" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "./fuzz/$name" -runs="$n" -seed=1 -max_len=256 -timeout=30 -print_final_stats=1 "$corpus" >"$log" 2>&1) || rc=$?
  if [ $rc -ne 0 ]; then
    tail -n 60 "$log"
    echo "$name: FAILED (exit $rc); the input is in $build (crash-* / timeout-*)"
    exit 1
  fi
  local execs
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  echo "$name: $execs executions, corpus $(ls "$src/fuzz/corpus/conv2d" | wc -l) seed files -> $(ls "$corpus" | wc -l)," \
       "no crash or mismatch, $((SECONDS - t0)) s"
}

fuzz octet-fuzz-conv2d "$runs"
if [ "$emu_runs" -eq 0 ]; then
  echo "octet-fuzz-conv2d-emu: skipped (FUZZ_EMU_RUNS=0)"
elif [ "$(uname -m)" != x86_64 ] || ! grep -qw avx2 /proc/cpuinfo; then
  echo "octet-fuzz-conv2d-emu: skipped, the emulated ISAs need an x86 CPU with AVX2"
else
  fuzz octet-fuzz-conv2d-emu "$emu_runs"
fi
echo "test-fuzz: done in $((SECONDS - start)) s"
