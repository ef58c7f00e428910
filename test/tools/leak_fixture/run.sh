#!/usr/bin/env bash
# Negative test of isa_leak_check.sh: a library whose weak inline function was
# compiled with -mavx2 in one object must be reported.
set -euo pipefail
cxx=$1; src=$(dirname "$0"); work=$2
mkdir -p "$work"
"$cxx" -O3 -fPIC -fno-inline -mavx2 -c "$src/wide.cc" -o "$work/wide.o"
"$cxx" -O3 -fPIC -fno-inline -c "$src/plain.cc" -o "$work/plain.o"
rm -f "$work/fixture.a"
ar rcs "$work/fixture.a" "$work/wide.o" "$work/plain.o"
"$cxx" -shared "$work/wide.o" "$work/plain.o" -o "$work/libfixture.so"
if bash "$src/../isa_leak_check.sh" x86 "$work/libfixture.so" "$work/fixture.a"; then
  echo "isa_leak_check.sh missed an AVX2 copy of a shared inline function"
  exit 1
fi
echo "isa_leak_check.sh caught the fixture's leak"
