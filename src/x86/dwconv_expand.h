// Channel multiplier 2 of the x86 depthwise preps (src/core/dwconv_expand.h)
// with SSE2 unpacks: any x86 kernel file may include it.
#pragma once

#include <immintrin.h>

#include "src/core/dwconv_expand.h"

namespace octet::x86 {
namespace {

struct DupUnpack {
  static void dup16(const uint8_t* s, uint8_t* d) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(d), _mm_unpacklo_epi8(v, v));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(d + 16), _mm_unpackhi_epi8(v, v));
  }
};

inline void expand2(const void* src, uint8_t* dst, size_t C) { expand2_with<DupUnpack>(src, dst, C); }

}  // namespace
}  // namespace octet::x86
