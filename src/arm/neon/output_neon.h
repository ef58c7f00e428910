// The output stage on NEON (AArch64): the arithmetic of
// src/core/output_stage.h on q registers (Q4Lanes below), used by the GEMM
// (finish_row), depthwise and dot-product depthwise kernels of every ARM ISA.
// What NEON does its own way:
//   round: to nearest even with cvtps2dq's INT32_MIN for |f| >= 2^31 (a
//     select: fcvtns would saturate);
//   fixedpoint: sqshl (saturating left shift), sqrdmulh (the rounding
//     doubling high multiply: the multiplier is >= 0, so the reference's
//     rounding is floor((a*m + 2^30) / 2^31), which is what it computes),
//     and srshl by -right after subtracting 1 from negative values (ties
//     away from zero, as the reference's rounding divide);
//   narrowing: sqxtn / sqxtun keep the lane order (no transpose).
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
#include "src/core/output_stage.h"

namespace octet::arm {
namespace {

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

// The lane operations of src/core/output_stage.h on q registers: 4 int32 /
// float lanes, 8 int16, 16 bytes.
struct Q4Lanes {
  static constexpr size_t kLanes = 4;
  using I = int32x4_t;
  using F = float32x4_t;
  using W = int16x8_t;
  using B = uint8x16_t;

  static OCTET_OUT_INLINE I set1(int32_t x) { return vdupq_n_s32(x); }
  static OCTET_OUT_INLINE I zero() { return vdupq_n_s32(0); }
  static OCTET_OUT_INLINE I loadu(const int32_t* p) { return vld1q_s32(p); }
  static OCTET_OUT_INLINE I add(I a, I b) { return vaddq_s32(a, b); }
  static OCTET_OUT_INLINE I sub(I a, I b) { return vsubq_s32(a, b); }
  static OCTET_OUT_INLINE I mullo(I a, I b) { return vmulq_s32(a, b); }
  static OCTET_OUT_INLINE I max(I a, I b) { return vmaxq_s32(a, b); }

  // The float modes: (f32(v) + bias) * scale, onednn's clamp, the rounding.
  static OCTET_OUT_INLINE F cvt_f(I a) { return vcvtq_f32_s32(a); }
  static OCTET_OUT_INLINE F add_f(F a, F b) { return vaddq_f32(a, b); }
  static OCTET_OUT_INLINE F mul_f(F a, F b) { return vmulq_f32(a, b); }
  static OCTET_OUT_INLINE I round(F f) {
    const F lim = vdupq_n_f32(2147483648.0f), neg = vdupq_n_f32(-2147483648.0f);
    const uint32x4_t in_range = vandq_u32(vcgeq_f32(f, neg), vcltq_f32(f, lim));
    return vcvtnq_s32_f32(vbslq_f32(in_range, f, neg));
  }
  static OCTET_OUT_INLINE F min_f(F a, F b) { return vminq_f32(a, b); }
  static OCTET_OUT_INLINE F max_f(F a, F b) { return vmaxq_f32(a, b); }
  static OCTET_OUT_INLINE I round_in_range(F f) { return vcvtnq_s32_f32(f); }
  static OCTET_OUT_INLINE F set1_f(float x) { return vdupq_n_f32(x); }
  static OCTET_OUT_INLINE F loadu_f(const float* p) { return vld1q_f32(p); }
  static OCTET_OUT_INLINE I as_int(F a) { return vreinterpretq_s32_f32(a); }

  struct Fixed {
    static OCTET_OUT_INLINE I sat_shl(I v, I left) { return vqshlq_s32(v, left); }
    static OCTET_OUT_INLINE I rdmulh(I a, I m) { return vqrdmulhq_s32(a, m); }
    static OCTET_OUT_INLINE I rdiv(I t, I e) {
      const I neg_right = vminq_s32(e, vdupq_n_s32(0));  // -right
      // -1 for negative t when right > 0 (neg_right then has its sign bit set).
      const I fix = vshrq_n_s32(vandq_s32(t, neg_right), 31);
      return vrshlq_s32(vqaddq_s32(t, fix), neg_right);
    }
  };

  static OCTET_OUT_INLINE W packs32(I a, I b) { return vcombine_s16(vqmovn_s32(a), vqmovn_s32(b)); }
  static OCTET_OUT_INLINE W adds16(W a, W b) { return vqaddq_s16(a, b); }
  static OCTET_OUT_INLINE W set1_16(int32_t x) { return vdupq_n_s16(static_cast<int16_t>(x)); }
  static OCTET_OUT_INLINE B packus16(W a, W b) { return vcombine_u8(vqmovun_s16(a), vqmovun_s16(b)); }
  static OCTET_OUT_INLINE B packs16(W a, W b) { return vreinterpretq_u8_s8(vcombine_s8(vqmovn_s16(a), vqmovn_s16(b))); }
  static OCTET_OUT_INLINE B set1_8(int32_t x) { return vdupq_n_u8(static_cast<uint8_t>(x)); }
  static OCTET_OUT_INLINE B min_u8(B a, B b) { return vminq_u8(a, b); }
  static OCTET_OUT_INLINE B max_u8(B a, B b) { return vmaxq_u8(a, b); }
  static OCTET_OUT_INLINE B min_s8(B a, B b) {
    return vreinterpretq_u8_s8(vminq_s8(vreinterpretq_s8_u8(a), vreinterpretq_s8_u8(b)));
  }
  static OCTET_OUT_INLINE B max_s8(B a, B b) {
    return vreinterpretq_u8_s8(vmaxq_s8(vreinterpretq_s8_u8(a), vreinterpretq_s8_u8(b)));
  }
  static OCTET_OUT_INLINE B to_channel_order(B b) { return b; }

  // The first n int32 / bytes (n past the vector: all of it).
  static OCTET_OUT_INLINE void store_i32(int32_t* dst, I v, size_t n) {
    if (n >= 4) return vst1q_s32(dst, v);
    alignas(16) int32_t lanes[4];
    vst1q_s32(lanes, v);
    std::memcpy(dst, lanes, n * sizeof(int32_t));
  }
  static OCTET_OUT_INLINE void store_bytes(void* dst, B b, size_t n) {
    if (n >= 16) return vst1q_u8(static_cast<uint8_t*>(dst), b);
    store_bytes_partial(static_cast<uint8_t*>(dst), b, n);
  }
};

// The single-vector arithmetic on q registers (src/core/output_stage.h), used
// like a namespace: q4::to_int<K>(...).
struct q4 : simd::OutputOps<Q4Lanes> {
  // Four vectors of r (16 channels in order) -> 16 bytes.
  template <simd::OutKind K, bool U8>
  static OCTET_OUT_INLINE uint8x16_t bytes16(const int32x4_t* r, const Consts& c) {
    return bytes4<K, U8>(r, c);
  }
};

// One output row of NR (a multiple of 4) columns. acc[q] holds columns
// 4q..4q+3: the dot products plus folded[]. Subtracts w_zp[n] * a_sum (int32,
// wrapping like the accumulators), requantizes, and stores nc <= NR values.
template <size_t NR>
inline void finish_row(const int32x4_t* acc, const PanelHeader<>& h, const int32_t* a_sums, size_t m, size_t nc,
                       const GemmParams* p, void* c_row) {
  simd::GemmOutput<Q4Lanes>(*p, h.folded, NR).row<NR / 4, false>(acc, nc, a_sums ? a_sums + m : nullptr, c_row);
}

}  // namespace
}  // namespace octet::arm
