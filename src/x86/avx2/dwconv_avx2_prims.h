// The AVX2 primitives of the depthwise kernels (DwPrims<xsimd::avx2>, see
// src/core/dwconv_impl.h), shared with the small-group kernels
// (src/x86/avx2/gconv_avx2.cc). Include only from files built with AVX2 flags.
#pragma once

#include <immintrin.h>

#include "src/core/dwconv_impl.h"
#include "src/x86/avx2/output_avx2.h"
#include "src/x86/dwconv_expand.h"
#include "src/x86/dwconv_pairs.h"

namespace octet::dw {

template <>
struct DwPrims<xsimd::avx2> {
  using i16 = xsimd::batch<int16_t, xsimd::avx2>;
  using i32 = xsimd::batch<int32_t, xsimd::avx2>;

  static i32 madd(const i16& x, const i16& w) { return _mm256_madd_epi16(x, w); }

  // u8 / s8 output in mode K: the AVX2 output stage (src/x86/avx2/output_avx2.h)
  // on the lo/hi accumulators, narrowed together; constants held per block.
  template <simd::OutKind K, bool U8, bool Clamp>
  struct Epilogue {
    static constexpr bool kOneDnn = K == simd::OutKind::kOneDnn;
    __m256 a0, a1, b0, b1;
    x86::ymm::Consts c;
    Epilogue(const RowArgs& a, size_t blk)
        : a0(x86::ymm::load_words(a.wa + blk * 16)),
          a1(x86::ymm::load_words(a.wa + blk * 16 + 8)),
          b0(x86::ymm::load_words(a.wb + blk * 16)),
          b1(x86::ymm::load_words(a.wb + blk * 16 + 8)),
          c(a.out) {}
    void operator()(const i32& lo, const i32& hi, void* dst, size_t n) const {
      const __m256i w16 = x86::ymm::words2<K>(lo, hi, a0, b0, a1, b1, c);
      __m256i b8 = x86::ymm::narrow_bytes<U8>(w16, w16);
      if (!kOneDnn && Clamp) b8 = x86::ymm::clamp_bytes<U8>(b8, c.min8, c.max8);
      x86::store_bytes16(_mm256_castsi256_si128(_mm256_permute4x64_epi64(b8, 0x08)), n, dst);
    }
  };

  static void expand2(const void* src, uint8_t* dst, size_t C) { x86::expand2(src, dst, C); }

  static __m256i zero_point(int32_t zp) { return _mm256_set1_epi16(static_cast<int16_t>(zp)); }

  // 16 channels of rows a and b -> 8 int16 pairs (lo: channels 0-3, 8-11) and
  // 8 (hi: 4-7, 12-15), x - zp.
  template <bool S8>
  static void prep_block(const void* pa, const void* pb, __m256i zp, int16_t* dst) {
    x86::prep_pairs<S8>(pa, pb, zp, dst);
  }

  // s32 output: lo/hi -> n <= 16 int32 in channel order.
  static void store_raw(const i32& lo, const i32& hi, void* dst, size_t n) {
    const __m256i c0 = _mm256_permute2x128_si256(lo, hi, 0x20);  // channels 0-7
    const __m256i c1 = _mm256_permute2x128_si256(lo, hi, 0x31);  // channels 8-15
    if (n == 16) {
      _mm256_storeu_si256(static_cast<__m256i*>(dst), c0);
      _mm256_storeu_si256(static_cast<__m256i*>(dst) + 1, c1);
    } else {
      alignas(32) int32_t tmp[16];
      _mm256_store_si256(reinterpret_cast<__m256i*>(tmp), c0);
      _mm256_store_si256(reinterpret_cast<__m256i*>(tmp + 8), c1);
      std::memcpy(dst, tmp, n * sizeof(int32_t));
    }
  }
};

}  // namespace octet::dw
