// The AVX-512BW primitives of the depthwise kernels, on raw __m512i, kept in
// their own header so that test/dwconv can compile them against SIMDe's
// AVX-512 emulation (define OCTET_DW_SIMDE first) and check them on machines
// without AVX-512. See src/core/dwconv.h for the lane layout.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#ifndef OCTET_DW_SIMDE
#include <immintrin.h>
#endif

#include "octet/octet.h"

namespace octet::dw::avx512 {

inline __m512i madd(__m512i x, __m512i w) { return _mm512_madd_epi16(x, w); }

// 32 channels of rows a and b -> 16 int16 pairs (lo) and 16 (hi), x - zp.
template <bool S8>
inline void prep_block(const void* pa, const void* pb, __m512i zp, int16_t* dst) {
  const __m256i ra = _mm256_loadu_si256(static_cast<const __m256i*>(pa));
  const __m256i rb = _mm256_loadu_si256(static_cast<const __m256i*>(pb));
  const __m512i a = _mm512_sub_epi16(S8 ? _mm512_cvtepi8_epi16(ra) : _mm512_cvtepu8_epi16(ra), zp);
  const __m512i b = _mm512_sub_epi16(S8 ? _mm512_cvtepi8_epi16(rb) : _mm512_cvtepu8_epi16(rb), zp);
  _mm512_store_si512(dst, _mm512_unpacklo_epi16(a, b));
  _mm512_store_si512(dst + 32, _mm512_unpackhi_epi16(a, b));
}

// lo/hi (values already in the output type's range) -> n <= 32 outputs.
inline void store(__m512i l, __m512i h, octet_datatype type, void* dst, size_t n) {
  if (type == octet_datatype_s32) {
    // 128-bit chunks: lo holds channels 0-3, 8-11, 16-19, 24-27; hi the others.
    const __m512i c0 = _mm512_permutex2var_epi64(l, _mm512_set_epi64(11, 10, 3, 2, 9, 8, 1, 0), h);
    const __m512i c1 = _mm512_permutex2var_epi64(l, _mm512_set_epi64(15, 14, 7, 6, 13, 12, 5, 4), h);
    if (n == 32) {
      _mm512_storeu_si512(dst, c0);
      _mm512_storeu_si512(static_cast<int32_t*>(dst) + 16, c1);
    } else {
      alignas(64) int32_t tmp[32];
      _mm512_store_si512(tmp, c0);
      _mm512_store_si512(tmp + 16, c1);
      std::memcpy(dst, tmp, n * sizeof(int32_t));
    }
    return;
  }
  const __m512i w16 = _mm512_packs_epi32(l, h);  // channels 8i..8i+7 in 128-bit chunk i
  const __m512i b8 = type == octet_datatype_u8 ? _mm512_packus_epi16(w16, w16) : _mm512_packs_epi16(w16, w16);
  const __m512i r = _mm512_permutexvar_epi64(_mm512_set_epi64(7, 5, 3, 1, 6, 4, 2, 0), b8);
  if (n == 32) {
    _mm256_storeu_si256(static_cast<__m256i*>(dst), _mm512_castsi512_si256(r));
  } else {
    alignas(32) uint8_t tmp[32];
    _mm256_store_si256(reinterpret_cast<__m256i*>(tmp), _mm512_castsi512_si256(r));
    std::memcpy(dst, tmp, n);
  }
}

// The float modes with u8 (U8) or s8 output: the AVX-512 form of the AVX2
// FloatEpilogue in src/x86/avx2/dwconv_avx2.cc (same steps, same proof of
// equality with simd::requantize_lanes). bias/scale: 32 lanes (lo then hi).
template <bool OneDnn, bool U8>
struct FloatEpilogue {
  __m512 bias0, bias1, scale0, scale1, zpf, minf, maxf;
  __m512i zp16, min8, max8;
  FloatEpilogue(const float* bias, const float* scale, int32_t zp, int32_t lo, int32_t hi) {
    bias0 = _mm512_loadu_ps(bias);
    bias1 = _mm512_loadu_ps(bias + 16);
    scale0 = _mm512_loadu_ps(scale);
    scale1 = _mm512_loadu_ps(scale + 16);
    zpf = _mm512_set1_ps(static_cast<float>(zp));
    minf = _mm512_set1_ps(static_cast<float>(lo));
    maxf = _mm512_set1_ps(static_cast<float>(hi));
    zp16 = _mm512_set1_epi16(static_cast<int16_t>(zp));
    min8 = _mm512_set1_epi8(static_cast<char>(lo));
    max8 = _mm512_set1_epi8(static_cast<char>(hi));
  }
  void operator()(__m512i l, __m512i h, void* dst, size_t n) const {
    __m512 f0 = _mm512_mul_ps(_mm512_add_ps(_mm512_cvtepi32_ps(l), bias0), scale0);
    __m512 f1 = _mm512_mul_ps(_mm512_add_ps(_mm512_cvtepi32_ps(h), bias1), scale1);
    __m512i w16;
    if (OneDnn) {
      f0 = _mm512_min_ps(_mm512_max_ps(_mm512_add_ps(f0, zpf), minf), maxf);
      f1 = _mm512_min_ps(_mm512_max_ps(_mm512_add_ps(f1, zpf), minf), maxf);
      w16 = _mm512_packs_epi32(_mm512_cvtps_epi32(f0), _mm512_cvtps_epi32(f1));
    } else {
      w16 = _mm512_adds_epi16(_mm512_packs_epi32(_mm512_cvtps_epi32(f0), _mm512_cvtps_epi32(f1)), zp16);
    }
    __m512i b8 = U8 ? _mm512_packus_epi16(w16, w16) : _mm512_packs_epi16(w16, w16);
    if (!OneDnn) {
      b8 = U8 ? _mm512_min_epu8(_mm512_max_epu8(b8, min8), max8) : _mm512_min_epi8(_mm512_max_epi8(b8, min8), max8);
    }
    const __m512i r = _mm512_permutexvar_epi64(_mm512_set_epi64(7, 5, 3, 1, 6, 4, 2, 0), b8);
    if (n == 32) {
      _mm256_storeu_si256(static_cast<__m256i*>(dst), _mm512_castsi512_si256(r));
    } else {
      alignas(32) uint8_t tmp[32];
      _mm256_store_si256(reinterpret_cast<__m256i*>(tmp), _mm512_castsi512_si256(r));
      std::memcpy(dst, tmp, n);
    }
  }
};

}  // namespace octet::dw::avx512
