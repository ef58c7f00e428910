#!/usr/bin/env bash
# Builds octet and runs every test, ending with ctest's summary:
#   1. AddressSanitizer + UndefinedBehaviorSanitizer build, whole suite;
#   2. the differential fuzzer (tools/test-fuzz.sh): a clang build, 100k
#      executions from fuzz/corpus against src/ref, then 25k of its emulated-
#      ISA build (the AVX-512, AVX-VNNI and AMX kernels under SIMDe, through
#      the operator path on any AVX2 CPU);
#   3. AArch64 cross build under qemu (tools/test-arm.sh), when present
#      (skipped, in one line, without the cross compiler or qemu);
#   4. ThreadSanitizer build of the threaded tests (tools/test-tsan.sh): pools
#      of 1-7 threads, concurrent runs and run_thread shares on every path;
#   5. the Release build (warnings are errors), whole suite, octet-golden on
#      every golden source under every ISA cap this CPU has — last, so the
#      final lines are ctest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh test

jobs=$(nproc)
echo "== octet: sanitizer build (ASan + UBSan)"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOCTET_SANITIZE=ON -DOCTET_WERROR=ON \
      -DOCTET_BUILD_BENCH=OFF >/dev/null
cmake --build build-asan -j"$jobs"
if ! ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     ctest --test-dir build-asan -j"$jobs" --output-on-failure >build-asan/ctest.log 2>&1; then
  tail -n 150 build-asan/ctest.log
  echo "octet: the sanitizer build failed its tests"
  exit 1
fi
grep -E 'tests passed|Total Test time' build-asan/ctest.log

echo "== octet: differential fuzzer (libFuzzer, clang, ASan + UBSan)"
bash tools/test-fuzz.sh

if [ -f tools/test-arm.sh ]; then
  echo "== octet: AArch64 under qemu"
  rc=0
  bash tools/test-arm.sh || rc=$?
  case $rc in
    0|77) ;;  # 77: skipped, test-arm.sh said why in one line
    *) echo "octet: the AArch64 tests failed"; exit "$rc" ;;
  esac
fi

echo "== octet: ThreadSanitizer (threaded tests)"
bash tools/test-tsan.sh

echo "== octet: Release build"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DOCTET_WERROR=ON >/dev/null
cmake --build build -j"$jobs"
for isa in scalar avx2 avx512bw avxvnni avx512vnni; do
  set +e
  out=$(./build/tools/octet-golden --isa "$isa" test/data/golden test/data/golden-extra 2>&1)
  rc=$?
  set -e
  case $rc in
    0) echo "golden under $isa: $(tail -n 1 <<<"$out")" ;;
    2) echo "golden under $isa: skipped, this CPU cannot run it" ;;
    *) tail -n 40 <<<"$out"; echo "octet: golden files fail under $isa"; exit 1 ;;
  esac
done
# ctest lists skipped tests after its summary; repeat the summary as the last line.
ctest --test-dir build -j"$jobs" --output-on-failure | tee build/ctest.log
grep -E '^[0-9]+% tests passed' build/ctest.log
