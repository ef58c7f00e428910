#!/usr/bin/env bash
# tools/test-arm.sh: cross-builds octet for AArch64 (build-arm/) and runs the
# whole test suite under qemu-user, twice:
#   -cpu max         dotprod + i8mm: dispatch picks neoni8mm, every ARM kernel runs
#   -cpu cortex-a72  ARMv8.0 without dotprod: dispatch falls back to neon
# then octet-golden on all golden data under each ARM ISA cap the model has
# (neon, neondot, neoni8mm under max; neon under cortex-a72).
#
# Needs g++-aarch64-linux-gnu, qemu-user and network access to the Debian
# archive for the arm64 .debs (tools/arm-sysroot.sh; nothing gets installed);
# the packages are the arm and arm64 lines of tools/deps.txt. Without the
# cross compiler or qemu it prints one SKIPPED line and exits with 77.
# Environment: BUILD_DIR (default build-arm), JOBS (default 2),
# OCTET_ARM_CPUS (default "max cortex-a72").
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$src/build-arm}
jobs=${JOBS:-2}
cpus=${OCTET_ARM_CPUS:-max cortex-a72}
start=$SECONDS

# Optional: without the cross compiler or qemu this part is off, in one line,
# with exit status 77 (tools/test.sh reports it and goes on).
for tool in aarch64-linux-gnu-g++:g++-aarch64-linux-gnu qemu-aarch64:qemu-user; do
  if ! command -v "${tool%%:*}" >/dev/null; then
    echo "test-arm: SKIPPED, the AArch64 tests are off: ${tool%%:*} not found (apt-get install ${tool#*:})"
    exit 77
  fi
done

"$src/tools/arm-sysroot.sh" "$build/sysroot"
cmake -S "$src" -B "$build" -DCMAKE_TOOLCHAIN_FILE="$src/cmake/toolchains/aarch64-linux-gnu.cmake" \
  -DOCTET_ARM_SYSROOT="$build/sysroot" -DCMAKE_BUILD_TYPE=Release -DOCTET_WERROR=ON >/dev/null
cmake --build "$build" -j "$jobs"
echo "test-arm: built in $((SECONDS - start)) s"

run=("$src/cmake/toolchains/qemu-aarch64-run.sh" "$build/sysroot")
status=0
for cpu in $cpus; do
  echo "=== test-arm: ctest under qemu-aarch64 -cpu $cpu"
  if ! OCTET_QEMU_CPU=$cpu ctest --test-dir "$build" -j "$jobs" --output-on-failure --timeout 600; then
    status=1
  fi
  case $cpu in
    max) caps="neon neondot neoni8mm" ;;
    *) caps="neon" ;;
  esac
  for cap in $caps; do
    echo "=== test-arm: octet-golden --isa $cap under -cpu $cpu"
    if ! OCTET_QEMU_CPU=$cpu "${run[@]}" "$build/tools/octet-golden" --isa "$cap" "$src/test/data/golden"; then
      status=1
    fi
  done
done

echo "test-arm: $( ((status == 0)) && echo PASSED || echo FAILED ) in $((SECONDS - start)) s"
exit $status
