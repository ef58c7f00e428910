#!/bin/sh
# qemu-aarch64-run.sh <sysroot> <program> [args...]: runs an AArch64 program
# of the cross build under qemu-user (CMAKE_CROSSCOMPILING_EMULATOR of
# aarch64-linux-gnu.cmake). The dynamic loader and libc come from the cross
# toolchain (QEMU_LD_PREFIX), the other shared libraries from the unpacked
# sysroot. OCTET_QEMU_CPU picks the CPU model (default max: dotprod + i8mm).
sysroot=$1
shift
export QEMU_LD_PREFIX="${QEMU_LD_PREFIX:-/usr/aarch64-linux-gnu}"
export LD_LIBRARY_PATH="$sysroot/usr/lib/aarch64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
exec qemu-aarch64 -cpu "${OCTET_QEMU_CPU:-max}" "$@"
