// The differential fuzz target of octet_conv2d: bytes -> a convolution
// (valid, or broken in one documented way) -> create / run through the public
// C API under an ISA cap and 1-3 threads -> the reference in src/ref, byte for
// byte, or the documented error status with the output left untouched.
//
// The same function serves libFuzzer (fuzz/conv2d_fuzzer.cc, clang) and the
// corpus replay test that every build runs (fuzz/corpus_replay.cc), so each
// input the fuzzer ever kept keeps running in the test command.
#pragma once

#include <cstddef>
#include <cstdint>

namespace octet::fuzz {

// Runs one input. Returns normally when octet behaved as documented; on a
// mismatch, a wrong status or an untouched-output violation it prints what
// happened to stderr and aborts (the fuzzer's crash).
void run_conv2d_input(const uint8_t* data, size_t size);

}  // namespace octet::fuzz
