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

#include "src/core/dwconv_impl.h"
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
    void operator()(const i32& lo, const i32& hi, void* dst, size_t n) const {
      avx512::Epilogue<K, U8, Clamp>::operator()(lo, hi, dst, n);
    }
  };
  static void expand2(const void* src, uint8_t* dst, size_t C) { x86::expand2(src, dst, C); }
  static __m512i zero_point(int32_t zp) { return _mm512_set1_epi16(static_cast<int16_t>(zp)); }
  template <bool S8>
  static void prep_block(const void* pa, const void* pb, __m512i zp, int16_t* dst) {
    avx512::prep_block<S8>(pa, pb, zp, dst);
  }
  static void store_raw(const i32& lo, const i32& hi, void* dst, size_t n) { avx512::store_raw(lo, hi, dst, n); }
};

// The direct 3x3 kernels of src/x86/avx2/dwconv_avx2.cc: every AVX-512BW CPU
// runs them, and they beat the prep-pass kernels above, which is all that a
// zmm version would have to do (one not testable on AVX2 hardware but through
// SIMDe, so not written yet).
void dwconv_3x3s1_direct_avx2(const DirectArgs& a);
void dwconv_3x3s2_direct_avx2(const DirectArgs& a);
void dwconv_3x3s2b_direct_avx2(const DirectArgs& a);

void dwconv_prep_avx512bw(const PrepArgs& p) { prep_row<xsimd::avx512bw>(p); }
void dwconv_3x3_avx512bw(const RowArgs& a) { dw_row<xsimd::avx512bw, 2, 3>(a); }
void dwconv_5x5_avx512bw(const RowArgs& a) { dw_row<xsimd::avx512bw, 3, 5>(a); }
void dwconv_rxs_avx512bw(const RowArgs& a) { dw_row<xsimd::avx512bw, 0, 0>(a); }

const Kernels kKernelsAvx512bw = {octet_isa_avx512bw, 16, dwconv_prep_avx512bw, dwconv_3x3_avx512bw,
                                  dwconv_5x5_avx512bw, dwconv_rxs_avx512bw, dwconv_3x3s1_direct_avx2,
                                  dwconv_3x3s2_direct_avx2, dwconv_3x3s2b_direct_avx2};

}  // namespace octet::dw
