// The reduction tail of a c4 GEMM row, shared by the x86 kernels.
#pragma once

#include <cstddef>
#include <cstdint>

namespace octet::x86 {
namespace {

// The first n (1..3) bytes at p as a little-endian word, zeros above: built
// in a register (a partial copy into memory would stall the 4-byte load that
// follows it on store forwarding). Reads exactly n bytes.
__attribute__((always_inline)) inline uint32_t load_tail(const uint8_t* p, size_t n) {
  uint32_t v = p[0];
  if (n > 1) v |= uint32_t{p[1]} << 8;
  if (n > 2) v |= uint32_t{p[2]} << 16;
  return v;
}

}  // namespace
}  // namespace octet::x86
