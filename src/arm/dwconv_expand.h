// Channel multiplier 2 of the AArch64 depthwise preps
// (src/core/dwconv_expand.h) with zips.
#pragma once

#include <arm_neon.h>

#include "src/core/dwconv_expand.h"

namespace octet::arm {
namespace {

struct DupZip {
  static void dup16(const uint8_t* s, uint8_t* d) {
    const uint8x16_t v = vld1q_u8(s);
    vst1q_u8(d, vzip1q_u8(v, v));
    vst1q_u8(d + 16, vzip2q_u8(v, v));
  }
};

inline void expand2(const void* src, uint8_t* dst, size_t C) { expand2_with<DupZip>(src, dst, C); }

}  // namespace
}  // namespace octet::arm
