#!/usr/bin/env bash
# tools/test-fuzz.sh: builds the differential fuzzer (fuzz/, libFuzzer with
# clang, ASan + UBSan, coverage over the whole library) in build-fuzz/ and
# runs it for a fixed number of executions from the checked-in corpus
# (fuzz/corpus/conv2d), 1-3 threads and every ISA cap this CPU has chosen by
# the inputs. New inputs it finds go to a scratch copy, not the tree; a crash
# or mismatch leaves its input in build-fuzz/ to become a regression file
# under fuzz/corpus/conv2d.
# Environment: BUILD_DIR (default build-fuzz), FUZZ_RUNS (default 100000),
# JOBS (default nproc).
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$src/build-fuzz}
runs=${FUZZ_RUNS:-100000}
jobs=${JOBS:-$(nproc)}
start=$SECONDS

for tool in clang clang++; do
  command -v "$tool" >/dev/null || { echo "test-fuzz: $tool not found (apt-get install clang libclang-rt-14-dev)"; exit 1; }
done

CC=clang CXX=clang++ cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOCTET_WERROR=ON \
  -DOCTET_SANITIZE=ON -DOCTET_FUZZ=ON -DOCTET_BUILD_TESTS=OFF -DOCTET_BUILD_TOOLS=OFF -DOCTET_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j "$jobs" --target octet-fuzz-conv2d
echo "test-fuzz: built in $((SECONDS - start)) s"

corpus="$build/corpus"
rm -rf "$corpus"
mkdir -p "$corpus"
cp "$src"/fuzz/corpus/conv2d/* "$corpus"/
log="$build/fuzz.log"
cd "$build"
set +e
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ./fuzz/octet-fuzz-conv2d -runs="$runs" -seed=1 -max_len=256 -timeout=30 -print_final_stats=1 \
  "$corpus" >"$log" 2>&1
rc=$?
set -e
if [ $rc -ne 0 ]; then
  tail -n 60 "$log"
  echo "test-fuzz: FAILED (exit $rc); the input is in $build (crash-* / timeout-*)"
  exit 1
fi
execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
echo "test-fuzz: $execs executions, corpus $(ls "$src/fuzz/corpus/conv2d" | wc -l) seed files -> $(ls "$corpus" | wc -l), no crash or mismatch, $((SECONDS - start)) s"
