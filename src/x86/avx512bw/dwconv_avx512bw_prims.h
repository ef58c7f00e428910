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
#include "src/x86/avx512bw/output_avx512.h"
#include "src/x86/dwconv_pairs.h"

namespace octet::dw::avx512 {

inline __m512i madd(__m512i x, __m512i w) { return _mm512_madd_epi16(x, w); }

// 32 channels of rows a and b -> 16 int16 pairs (lo) and 16 (hi), x - zp.
template <bool S8>
inline void prep_block(const void* pa, const void* pb, __m512i zp, int16_t* dst) {
  x86::prep_pairs<S8>(pa, pb, zp, dst);
}

// The 32 outputs of (lo, hi) in channel order: s32 straight from the
// accumulators, bytes from the words of both (packs order).
inline void store_raw(__m512i l, __m512i h, void* dst, size_t n) {
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
}

inline void store_bytes(__m512i b8, void* dst, size_t n) {
  const __m512i r = _mm512_permutexvar_epi64(_mm512_set_epi64(7, 5, 3, 1, 6, 4, 2, 0), b8);
  if (n == 32) {
    _mm256_storeu_si256(static_cast<__m256i*>(dst), _mm512_castsi512_si256(r));
  } else {
    alignas(32) uint8_t tmp[32];
    _mm256_store_si256(reinterpret_cast<__m256i*>(tmp), _mm512_castsi512_si256(r));
    std::memcpy(dst, tmp, n);
  }
}

// u8 / s8 output in mode K: the AVX-512 output stage
// (src/x86/avx512bw/output_avx512.h) on (lo, hi), narrowed together.
// a, b: the words of the 32 channels (lo lanes, then hi lanes).
template <simd::OutKind K, bool U8, bool Clamp>
struct Epilogue {
  static constexpr bool kOneDnn = K == simd::OutKind::kOneDnn;
  __m512 a0, a1, b0, b1;
  x86::zmm::Consts c;
  Epilogue(const simd::ChannelWord* a, const simd::ChannelWord* b, const simd::OutputParams& out)
      : a0(x86::zmm::load_words(a)),
        a1(x86::zmm::load_words(a + 16)),
        b0(x86::zmm::load_words(b)),
        b1(x86::zmm::load_words(b + 16)),
        c(out) {}
  void operator()(__m512i l, __m512i h, void* dst, size_t n) const {
    const __m512i w16 = x86::zmm::words2<K>(l, h, a0, b0, a1, b1, c);
    __m512i b8 = x86::zmm::narrow_bytes<U8>(w16, w16);
    if (!kOneDnn && Clamp) b8 = x86::zmm::clamp_bytes<U8>(b8, c.min8, c.max8);
    store_bytes(b8, dst, n);
  }
};

// The float modes under the name test/dwconv drives them by.
template <bool OneDnn, bool U8>
struct FloatEpilogue : Epilogue<OneDnn ? simd::OutKind::kOneDnn : simd::OutKind::kFloat, U8, true> {
  FloatEpilogue(const float* bias, const float* scale, int32_t zp, int32_t lo, int32_t hi)
      : Epilogue<OneDnn ? simd::OutKind::kOneDnn : simd::OutKind::kFloat, U8, true>(
            reinterpret_cast<const simd::ChannelWord*>(bias), reinterpret_cast<const simd::ChannelWord*>(scale),
            simd::OutputParams{octet_requant_pytorch_fbgemm, zp, lo, hi}) {}
};

// lo/hi (values already in the output type's range) -> n <= 32 outputs.
inline void store(__m512i l, __m512i h, octet_datatype type, void* dst, size_t n) {
  if (type == octet_datatype_s32) return store_raw(l, h, dst, n);
  const __m512i w16 = _mm512_packs_epi32(l, h);  // channels 8i..8i+7 in 128-bit chunk i
  store_bytes(type == octet_datatype_u8 ? _mm512_packus_epi16(w16, w16) : _mm512_packs_epi16(w16, w16), dst, n);
}

}  // namespace octet::dw::avx512
