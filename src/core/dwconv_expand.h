// Channel multiplier 2 of the depthwise preps (int16 and dot-product
// families, every ISA): dst[2c] = dst[2c + 1] = src[c] for c < C, 16 channels
// per step of the ISA's Dup::dup16(src, dst) (16 bytes -> 32), the tail byte
// by byte. Internal linkage: each kernel file keeps its own copy, built with
// its own flags.
#pragma once

#include <cstddef>
#include <cstdint>

namespace octet {
namespace {

template <class Dup>
inline void expand2_with(const void* src, uint8_t* dst, size_t C) {
  const uint8_t* x = static_cast<const uint8_t*>(src);
  size_t c = 0;
  for (; c + 16 <= C; c += 16) Dup::dup16(x + c, dst + 2 * c);
  for (; c < C; ++c) dst[2 * c] = dst[2 * c + 1] = x[c];
}

}  // namespace
}  // namespace octet
