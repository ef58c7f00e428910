// The output stage on NEON (AArch64): int32 accumulators (holding the folded
// int32 bias) -> u8 / s8 / s32, every requantization mode, operands in
// registers; used by the GEMM (finish_row), depthwise and dot-product
// depthwise kernels of every ARM ISA. Bit for bit src/ref/requantize.cc:
//   to_int: the mode's rounded r per 4 lanes
//     fbgemm / qnnpack: f = (f32(v) + bias) * scale (no FMA), round to
//       nearest even with cvtps2dq's INT32_MIN for |f| >= 2^31 (a select:
//       fcvtns would saturate);
//     onednn: + zero point and the clamp in float, then round (in range);
//     fixedpoint: sqshl (saturating left shift), sqrdmulh (the rounding
//       doubling high multiply: the multiplier is >= 0, so the reference's
//       rounding is floor((a*m + 2^30) / 2^31), which is what it computes),
//       and srshl by -right after subtracting 1 from negative values (ties
//       away from zero, as the reference's rounding divide).
//   narrow: sqxtn to int16, + zero point saturating (not for onednn),
//     sqxtun / sqxtn to bytes, then the clamp in bytes: saturating narrowing
//     is monotonic and [min, max] lies inside every intermediate range, so
//     this is clamp(r + zp, min, max) exactly.
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

#define OCTET_OUT_INLINE inline __attribute__((always_inline))

namespace q4 {

template <bool OneDnn>
OCTET_OUT_INLINE int32x4_t float_to_int(int32x4_t v, float32x4_t bias, float32x4_t scale, float32x4_t zpf,
                                        float32x4_t minf, float32x4_t maxf) {
  float32x4_t f = vmulq_f32(vaddq_f32(vcvtq_f32_s32(v), bias), scale);
  if (OneDnn) return vcvtnq_s32_f32(vminq_f32(vmaxq_f32(vaddq_f32(f, zpf), minf), maxf));
  const float32x4_t lim = vdupq_n_f32(2147483648.0f), neg = vdupq_n_f32(-2147483648.0f);
  const uint32x4_t in_range = vandq_u32(vcgeq_f32(f, neg), vcltq_f32(f, lim));
  return vcvtnq_s32_f32(vbslq_f32(in_range, f, neg));
}

OCTET_OUT_INLINE int32x4_t fixed_to_int(int32x4_t v, int32x4_t m, int32x4_t e) {
  const int32x4_t zero = vdupq_n_s32(0);
  const int32x4_t left = vmaxq_s32(e, zero);
  const int32x4_t neg_right = vminq_s32(e, zero);  // -right
  const int32x4_t t = vqrdmulhq_s32(vqshlq_s32(v, left), m);
  // -1 for negative t when right > 0 (neg_right then has its sign bit set).
  const int32x4_t fix = vshrq_n_s32(vandq_s32(t, neg_right), 31);
  return vrshlq_s32(vqaddq_s32(t, fix), neg_right);
}

template <bool AddZp>
OCTET_OUT_INLINE int16x8_t narrow_words(int32x4_t r0, int32x4_t r1, int16x8_t zp16) {
  const int16x8_t w = vcombine_s16(vqmovn_s32(r0), vqmovn_s32(r1));
  return AddZp ? vqaddq_s16(w, zp16) : w;
}

template <bool U8>
OCTET_OUT_INLINE uint8x16_t narrow_bytes(int16x8_t w0, int16x8_t w1) {
  return U8 ? vcombine_u8(vqmovun_s16(w0), vqmovun_s16(w1))
            : vreinterpretq_u8_s8(vcombine_s8(vqmovn_s16(w0), vqmovn_s16(w1)));
}

template <bool U8>
OCTET_OUT_INLINE uint8x16_t clamp_bytes(uint8x16_t b, uint8x16_t min8, uint8x16_t max8) {
  if (U8) return vminq_u8(vmaxq_u8(b, min8), max8);
  const int8x16_t s = vminq_s8(vmaxq_s8(vreinterpretq_s8_u8(b), vreinterpretq_s8_u8(min8)), vreinterpretq_s8_u8(max8));
  return vreinterpretq_u8_s8(s);
}

struct Consts {
  float32x4_t zpf, minf, maxf;
  int16x8_t zp16;
  uint8x16_t min8, max8;
  explicit Consts(const simd::OutputParams& o) {
    zpf = vdupq_n_f32(static_cast<float>(o.zero_point));
    minf = vdupq_n_f32(static_cast<float>(o.min));
    maxf = vdupq_n_f32(static_cast<float>(o.max));
    zp16 = vdupq_n_s16(static_cast<int16_t>(o.zero_point));
    min8 = vdupq_n_u8(static_cast<uint8_t>(o.min));
    max8 = vdupq_n_u8(static_cast<uint8_t>(o.max));
  }
};

// The words of 4 channels, as float vectors either way.
OCTET_OUT_INLINE float32x4_t load_words(const simd::ChannelWord* w) {
  return vld1q_f32(reinterpret_cast<const float*>(w));
}

template <simd::OutKind K>
OCTET_OUT_INLINE int32x4_t to_int(int32x4_t v, float32x4_t a, float32x4_t b, const Consts& c) {
  if constexpr (K == simd::OutKind::kFixed) {
    return fixed_to_int(v, vreinterpretq_s32_f32(a), vreinterpretq_s32_f32(b));
  } else {
    return float_to_int<K == simd::OutKind::kOneDnn>(v, a, b, c.zpf, c.minf, c.maxf);
  }
}

// Four vectors of r (16 channels in order) -> 16 bytes.
template <simd::OutKind K, bool U8>
OCTET_OUT_INLINE uint8x16_t bytes16(const int32x4_t* r, const Consts& c) {
  constexpr bool kOneDnn = K == simd::OutKind::kOneDnn;
  uint8x16_t b = narrow_bytes<U8>(narrow_words<!kOneDnn>(r[0], r[1], c.zp16),
                                  narrow_words<!kOneDnn>(r[2], r[3], c.zp16));
  if (!kOneDnn) b = clamp_bytes<U8>(b, c.min8, c.max8);
  return b;
}

}  // namespace q4

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
  uint8_t* dst = static_cast<uint8_t*>(c_row);
  const q4::Consts k(p->out);
  simd::dispatch_output<false>(p->out, p->out_type == octet_datatype_u8, [&](auto kind, auto u8, auto) {
    for (size_t q0 = 0; q0 < Q; q0 += 4) {
      int32x4_t r[4];
      for (size_t i = 0; i < 4; ++i) {
        const size_t q = q0 + i;
        r[i] = q < Q ? q4::to_int<kind()>(acc[q], q4::load_words(h.a + 4 * q), q4::load_words(h.b + 4 * q), k)
                     : vdupq_n_s32(0);
      }
      const uint8x16_t bytes = q4::bytes16<kind(), u8()>(r, k);
      const size_t col = 4 * q0;
      if (nc >= col + 16) {
        vst1q_u8(dst + col, bytes);
      } else if (nc > col) {
        store_bytes_partial(dst + col, bytes, nc - col);
      }
    }
  });
}

}  // namespace
}  // namespace octet::arm
