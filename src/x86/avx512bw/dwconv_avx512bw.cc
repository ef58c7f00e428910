// Depthwise kernels for AVX-512BW: src/core/dwconv_impl.h instantiated for
// xsimd::avx512bw. The AVX-512-specific code is only the primitives in
// dwconv_avx512bw_prims.h (tested under SIMDe); the template is the one the
// AVX2 instantiation runs.
// GCC 12 reports its own AVX-512 intrinsics (_mm512_undefined_* inside
// cvtps_epi32, min/max, permutexvar) as (maybe-)uninitialized once inlined: a
// known false positive, silenced for this file only.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"

#include <immintrin.h>

#define OCTET_DW_HALF_INLINE inline __attribute__((always_inline))
#include "src/core/dwconv_impl.h"
#define OCTET_DW_DIRECT_NS direct_avx512bw
#include "src/x86/avx2/dwconv_avx2_direct.h"
#include "src/x86/avx512bw/dwconv_avx512bw_prims.h"
#include "src/x86/conv_kernels.h"
#include "src/x86/dwconv_expand.h"

namespace octet::dw {

template <>
struct DwPrims<xsimd::avx512bw> {
  using i16 = xsimd::batch<int16_t, xsimd::avx512bw>;
  using i32 = xsimd::batch<int32_t, xsimd::avx512bw>;

  static i32 madd(const i16& x, const i16& w) { return avx512::madd(x, w); }
  template <simd::OutKind K, bool U8, bool Clamp>
  struct Epilogue : avx512::Epilogue<K, U8, Clamp> {
    Epilogue(const RowArgs& a, size_t blk) : avx512::Epilogue<K, U8, Clamp>(a.wa + blk * 32, a.wb + blk * 32, a.out) {}
    OCTET_DW_IMPL_INLINE void operator()(const i32& lo, const i32& hi, void* dst, size_t n) const {
      avx512::Epilogue<K, U8, Clamp>::operator()(lo, hi, dst, n);
    }
  };
  static void expand2(const void* src, uint8_t* dst, size_t C) { x86::expand2(src, dst, C); }
  static __m512i zero_point(int32_t zp) { return _mm512_set1_epi16(static_cast<int16_t>(zp)); }
  template <bool S8>
  static void prep_block(const void* pa, const void* pb, __m512i zp, int16_t* dst) {
    avx512::prep_block<S8>(pa, pb, zp, dst);
  }
  // src/core/dwconv_impl.h, HasPrepTail: n < 32 channels by a masked load
  // (which does not fault on the masked bytes past the row), the rest x_zp.
  static constexpr bool kPrepTail = true;
  template <bool S8>
  static void prep_tail(const void* pa, const void* pb, size_t n, int32_t x_zp, __m512i zp, int16_t* dst) {
    const __mmask32 m = _bzhi_u32(0xffffffffu, static_cast<unsigned>(n));
    const __m256i fill = _mm256_set1_epi8(static_cast<char>(x_zp));
    const __m256i a = _mm256_mask_loadu_epi8(fill, m, pa), b = _mm256_mask_loadu_epi8(fill, m, pb);
    x86::store_pairs(S8 ? _mm512_cvtepi8_epi16(a) : _mm512_cvtepu8_epi16(a),
                     S8 ? _mm512_cvtepi8_epi16(b) : _mm512_cvtepu8_epi16(b), zp, dst);
  }
  static void store_raw(const i32& lo, const i32& hi, void* dst, size_t n) { avx512::store_raw(lo, hi, dst, n); }
};

// The direct 3x3 kernels of src/x86/avx2/dwconv_avx2_direct.h (ymm). Stride
// 1 from this file's own copy: built with AVX-512 flags, GCC has ymm16-31
// (EVEX) for its windows and accumulators (Zen 4, C 576 14x14: 63.2 -> 65.8
// GOPS); stride 2 the AVX2 build's (its own copy here measured 56.2 -> 53.1).
void dwconv_3x3s2_direct_avx2(const DirectArgs& a);
void dwconv_3x3s2b_direct_avx2(const DirectArgs& a);
void dwconv_3x3s1_direct_avx512bw(const DirectArgs& a) { direct_avx512bw::row<direct_avx512bw::MacAvx2, 1>(a); }

void dwconv_prep_avx512bw(const PrepArgs& p) { prep_row<xsimd::avx512bw>(p); }
void dwconv_3x3_avx512bw(const RowArgs& a) { dw_row<xsimd::avx512bw, 2, 3>(a); }
void dwconv_5x5_avx512bw(const RowArgs& a) { dw_row<xsimd::avx512bw, 3, 5>(a); }
void dwconv_rxs_avx512bw(const RowArgs& a) { dw_row<xsimd::avx512bw, 0, 0>(a); }

const Kernels kKernelsAvx512bw = {octet_isa_avx512bw, 16, dwconv_prep_avx512bw, dwconv_3x3_avx512bw,
                                  dwconv_5x5_avx512bw, dwconv_rxs_avx512bw, dwconv_3x3s1_direct_avx512bw,
                                  dwconv_3x3s2_direct_avx2, dwconv_3x3s2b_direct_avx2};

}  // namespace octet::dw
