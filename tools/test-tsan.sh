#!/usr/bin/env bash
# tools/test-tsan.sh: builds the threaded tests with ThreadSanitizer
# (-DOCTET_TSAN=ON, clang when present, else gcc) in build-tsan/ and runs them:
# test/api/threads_test.cc, one operator run by several threads at once, over
# pools of 1-7 threads and through octet_conv2d_run_thread's shares, on every
# path under every ISA cap this CPU has. Any report fails the stage.
#
# Debian's pthreadpool is not instrumented and waits on futexes, so TSan sees
# none of its synchronisation. octet states pthreadpool's contract to TSan
# itself (src/core/per_thread.h: a parallelize call happens before its tasks,
# its tasks before its return), which leaves races between tasks visible; no
# suppressions.
# Environment: BUILD_DIR (default build-tsan), JOBS (default nproc).
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$src/build-tsan}
jobs=${JOBS:-$(nproc)}
start=$SECONDS

if command -v clang++ >/dev/null; then
  export CC=clang CXX=clang++
fi
# Release with line tables: instrumented, optimised as shipped, short to compile.
# (The tools stay configured: the test tree names octet-golden; only the
# threaded tests are built.)
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS=-g1 -DOCTET_WERROR=ON -DOCTET_TSAN=ON \
  -DOCTET_BUILD_TOOLS=ON -DOCTET_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j "$jobs" --target api_threads_test octet_gemm_tiles_test
echo "test-tsan: built in $((SECONDS - start)) s"

log="$build/ctest.log"
set +e
TSAN_OPTIONS="halt_on_error=1 abort_on_error=1 second_deadlock_stack=1" \
  ctest --test-dir "$build" -R 'Threads' -j1 --output-on-failure >"$log" 2>&1
rc=$?
set -e
if [ $rc -ne 0 ] || grep -q 'WARNING: ThreadSanitizer' "$log"; then
  tail -n 120 "$log"
  echo "test-tsan: FAILED"
  exit 1
fi
echo "test-tsan: $(grep -E 'tests passed' "$log"), no ThreadSanitizer report, $((SECONDS - start)) s"
