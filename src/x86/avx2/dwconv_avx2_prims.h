// The AVX2 primitives of the depthwise kernels (DwPrims<xsimd::avx2>, see
// src/core/dwconv_impl.h), shared with the small-group kernels
// (src/x86/avx2/gconv_avx2.cc). Include only from files built with AVX2 flags.
#pragma once

#include <immintrin.h>

#include "src/core/dwconv_impl.h"

namespace octet::dw {

template <>
struct DwPrims<xsimd::avx2> {
  using i16 = xsimd::batch<int16_t, xsimd::avx2>;
  using i32 = xsimd::batch<int32_t, xsimd::avx2>;

  static i32 madd(const i16& x, const i16& w) { return _mm256_madd_epi16(x, w); }

  // The float modes (fbgemm, qnnpack, onednn) with u8 (U8) or s8 output, bit
  // for bit what simd::requantize_lanes + store compute, in fewer steps:
  //   f = (f32(v) + bias) * scale                (the same two roundings)
  //   fbgemm/qnnpack: cvtps2dq gives INT32_MIN out of range natively (what
  //     requantize_lanes emulates with a select); packs_epi32 then adds_epi16
  //     of the zero point then packus/packs then the clamp equal
  //     clamp(r + zp, min, max), since min..max lies inside the 8-bit range
  //     and every saturation on the way only moves values that the clamp
  //     sends to the same bound.
  //   onednn: + zp, max(., min), min(., max) in float (same operand order as
  //     xsimd), cvtps2dq; already in range, so the packs are exact.
  static constexpr bool kFloatEpilogue = true;
  template <bool OneDnn, bool U8>
  struct FloatEpilogue {
    __m256 bias0, bias1, scale0, scale1, zpf, minf, maxf;
    __m256i zp16, min8, max8;
    FloatEpilogue(const RowArgs& a, size_t blk) {
      const float* wa = reinterpret_cast<const float*>(a.wa + blk * 16);
      const float* wb = reinterpret_cast<const float*>(a.wb + blk * 16);
      bias0 = _mm256_loadu_ps(wa);
      bias1 = _mm256_loadu_ps(wa + 8);
      scale0 = _mm256_loadu_ps(wb);
      scale1 = _mm256_loadu_ps(wb + 8);
      zpf = _mm256_set1_ps(static_cast<float>(a.out.zero_point));
      minf = _mm256_set1_ps(static_cast<float>(a.out.min));
      maxf = _mm256_set1_ps(static_cast<float>(a.out.max));
      zp16 = _mm256_set1_epi16(static_cast<int16_t>(a.out.zero_point));
      min8 = _mm256_set1_epi8(static_cast<char>(a.out.min));
      max8 = _mm256_set1_epi8(static_cast<char>(a.out.max));
    }
    void operator()(const i32& lo, const i32& hi, void* dst, size_t n) const {
      __m256 f0 = _mm256_mul_ps(_mm256_add_ps(_mm256_cvtepi32_ps(lo), bias0), scale0);
      __m256 f1 = _mm256_mul_ps(_mm256_add_ps(_mm256_cvtepi32_ps(hi), bias1), scale1);
      __m256i w16;
      if (OneDnn) {
        f0 = _mm256_min_ps(_mm256_max_ps(_mm256_add_ps(f0, zpf), minf), maxf);
        f1 = _mm256_min_ps(_mm256_max_ps(_mm256_add_ps(f1, zpf), minf), maxf);
        w16 = _mm256_packs_epi32(_mm256_cvtps_epi32(f0), _mm256_cvtps_epi32(f1));
      } else {
        w16 = _mm256_adds_epi16(_mm256_packs_epi32(_mm256_cvtps_epi32(f0), _mm256_cvtps_epi32(f1)), zp16);
      }
      __m256i b8 = U8 ? _mm256_packus_epi16(w16, w16) : _mm256_packs_epi16(w16, w16);
      if (!OneDnn) {
        b8 = U8 ? _mm256_min_epu8(_mm256_max_epu8(b8, min8), max8) : _mm256_min_epi8(_mm256_max_epi8(b8, min8), max8);
      }
      const __m128i r = _mm256_castsi256_si128(_mm256_permute4x64_epi64(b8, 0x08));
      if (n == 16) {
        _mm_storeu_si128(static_cast<__m128i*>(dst), r);
      } else {
        alignas(16) uint8_t tmp[16];
        _mm_store_si128(reinterpret_cast<__m128i*>(tmp), r);
        std::memcpy(dst, tmp, n);
      }
    }
  };

  static void expand2(const void* src, uint8_t* dst, size_t C) {
    const uint8_t* x = static_cast<const uint8_t*>(src);
    size_t c = 0;
    for (; c + 16 <= C; c += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(x + c));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + 2 * c), _mm_unpacklo_epi8(v, v));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + 2 * c + 16), _mm_unpackhi_epi8(v, v));
    }
    for (; c < C; ++c) dst[2 * c] = dst[2 * c + 1] = x[c];
  }

  static __m256i zero_point(int32_t zp) { return _mm256_set1_epi16(static_cast<int16_t>(zp)); }

  // 16 channels of rows a and b -> 8 int16 pairs (lo: channels 0-3, 8-11) and
  // 8 (hi: 4-7, 12-15), x - zp.
  template <bool S8>
  static void prep_block(const void* pa, const void* pb, __m256i zp, int16_t* dst) {
    const __m128i ra = _mm_loadu_si128(static_cast<const __m128i*>(pa));
    const __m128i rb = _mm_loadu_si128(static_cast<const __m128i*>(pb));
    const __m256i a = _mm256_sub_epi16(S8 ? _mm256_cvtepi8_epi16(ra) : _mm256_cvtepu8_epi16(ra), zp);
    const __m256i b = _mm256_sub_epi16(S8 ? _mm256_cvtepi8_epi16(rb) : _mm256_cvtepu8_epi16(rb), zp);
    _mm256_store_si256(reinterpret_cast<__m256i*>(dst), _mm256_unpacklo_epi16(a, b));
    _mm256_store_si256(reinterpret_cast<__m256i*>(dst + 16), _mm256_unpackhi_epi16(a, b));
  }

  // lo/hi (values already in the output type's range) -> n <= 16 outputs.
  static void store(const i32& lo, const i32& hi, octet_datatype type, void* dst, size_t n) {
    const __m256i l = lo, h = hi;
    if (type == octet_datatype_s32) {
      const __m256i c0 = _mm256_permute2x128_si256(l, h, 0x20);  // channels 0-7
      const __m256i c1 = _mm256_permute2x128_si256(l, h, 0x31);  // channels 8-15
      if (n == 16) {
        _mm256_storeu_si256(static_cast<__m256i*>(dst), c0);
        _mm256_storeu_si256(static_cast<__m256i*>(dst) + 1, c1);
      } else {
        alignas(32) int32_t tmp[16];
        _mm256_store_si256(reinterpret_cast<__m256i*>(tmp), c0);
        _mm256_store_si256(reinterpret_cast<__m256i*>(tmp + 8), c1);
        std::memcpy(dst, tmp, n * sizeof(int32_t));
      }
      return;
    }
    const __m256i w16 = _mm256_packs_epi32(l, h);  // channels 0-7 | 8-15
    const __m256i b8 = type == octet_datatype_u8 ? _mm256_packus_epi16(w16, w16) : _mm256_packs_epi16(w16, w16);
    const __m128i r = _mm256_castsi256_si128(_mm256_permute4x64_epi64(b8, 0x08));
    if (n == 16) {
      _mm_storeu_si128(static_cast<__m128i*>(dst), r);
    } else {
      alignas(16) uint8_t tmp[16];
      _mm_store_si128(reinterpret_cast<__m128i*>(tmp), r);
      std::memcpy(dst, tmp, n);
    }
  }
};

}  // namespace octet::dw
