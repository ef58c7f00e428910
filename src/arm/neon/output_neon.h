// The epilogue of the AArch64 GEMM microkernels: weight-zero-point term,
// requantization (src/core/requant_simd.h on xsimd::neon64, the same code as
// x86, so the same accumulators give the same bytes) and the partial-tile
// store. Included by each ISA's kernel file.
//
// Everything here has internal linkage (anonymous namespace): each kernel
// file, compiled with its own -march, gets its own copy, so a function
// compiled for i8mm can never be what the ARMv8.0 kernel calls.
#pragma once

#include <arm_neon.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "src/core/gemm_ukernel.h"
#include "src/core/requant_simd.h"

namespace octet::arm {
namespace {

// The panel header (src/core/gemm_ukernel.h) of a kernel with NR columns.
template <size_t NR>
struct PanelHeader {
  const int32_t* folded;
  const int32_t* w_zp;
  const simd::ChannelWord* a;
  const simd::ChannelWord* b;
  const int8_t* weights;
  explicit PanelHeader(const void* w) {
    folded = static_cast<const int32_t*>(w);
    w_zp = folded + NR;
    a = reinterpret_cast<const simd::ChannelWord*>(w_zp + NR);
    b = a + NR;
    weights = reinterpret_cast<const int8_t*>(b + NR);
  }
};

// Stores the first n (< 16) bytes of v.
inline void store_bytes_partial(uint8_t* dst, uint8x16_t v, size_t n) {
  uint8x8_t lo = vget_low_u8(v);
  if (n & 8) {
    vst1_u8(dst, lo);
    dst += 8;
    lo = vget_high_u8(v);
  }
  if (n & 4) {
    vst1_lane_u32(reinterpret_cast<uint32_t*>(dst), vreinterpret_u32_u8(lo), 0);
    dst += 4;
    lo = vext_u8(lo, lo, 4);
  }
  if (n & 2) {
    vst1_lane_u16(reinterpret_cast<uint16_t*>(dst), vreinterpret_u16_u8(lo), 0);
    dst += 2;
    lo = vext_u8(lo, lo, 2);
  }
  if (n & 1) vst1_lane_u8(dst, lo, 0);
}

// One output row of NR (a multiple of 4) columns. acc[q] holds columns
// 4q..4q+3: the dot products plus folded[]. Subtracts w_zp[n] * a_sum (int32,
// wrapping like the accumulators), requantizes, and stores nc <= NR values.
template <size_t NR>
inline void finish_row(int32x4_t* acc, const PanelHeader<NR>& h, const int32_t* a_sums, size_t m, size_t nc,
                       const GemmParams* p, void* c_row) {
  constexpr size_t Q = NR / 4;
  if (a_sums != nullptr) {
    const int32x4_t s = vdupq_n_s32(a_sums[m]);
    for (size_t q = 0; q < Q; ++q) acc[q] = vmlsq_s32(acc[q], vld1q_s32(h.w_zp + 4 * q), s);
  }
  if (p->out_type == octet_datatype_s32) {
    int32_t* dst = static_cast<int32_t*>(c_row);
    if (nc == NR) {
      for (size_t q = 0; q < Q; ++q) vst1q_s32(dst + 4 * q, acc[q]);
    } else {
      alignas(16) int32_t lanes[NR];
      for (size_t q = 0; q < Q; ++q) vst1q_s32(lanes + 4 * q, acc[q]);
      std::memcpy(dst, lanes, nc * sizeof(int32_t));
    }
    return;
  }
  using i32 = xsimd::batch<int32_t, xsimd::neon64>;
  // Requantized values are clamped to [out.min, out.max], inside the u8 or s8
  // range, so narrowing by truncation is exact.
  uint8_t* dst = static_cast<uint8_t*>(c_row);
  for (size_t q0 = 0; q0 < Q; q0 += 4) {
    int16x8_t h16[2];
    for (size_t half = 0; half < 2; ++half) {
      int16x4_t part[2];
      for (size_t i = 0; i < 2; ++i) {
        const size_t q = q0 + 2 * half + i;
        int32x4_t y = vdupq_n_s32(0);
        if (q < Q) y = simd::requantize_lanes(i32(acc[q]), h.a + 4 * q, h.b + 4 * q, p->out);
        part[i] = vmovn_s32(y);
      }
      h16[half] = vcombine_s16(part[0], part[1]);
    }
    const uint8x16_t bytes = vreinterpretq_u8_s8(vcombine_s8(vmovn_s16(h16[0]), vmovn_s16(h16[1])));
    const size_t col = 4 * q0;
    if (nc >= col + 16) {
      vst1q_u8(dst + col, bytes);
    } else if (nc > col) {
      store_bytes_partial(dst + col, bytes, nc - col);
    }
  }
}

}  // namespace
}  // namespace octet::arm
