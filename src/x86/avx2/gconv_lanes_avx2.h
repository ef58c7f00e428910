// The kGroupLanes epilogues for AVX2 (see src/core/smallgroup.h), shared by
// the direct kernel (gconv_avx2.cc) and the Winograd one (gconv_wino_avx2.cc):
// four (output o) accumulator vectors of 8 group lanes in, 32 bytes (or int32)
// in channel order 4g + o out. Include only from files built with AVX2 flags;
// the namespace names the ISA (test/tools/isa_leak_check.sh).
#pragma once

#include <immintrin.h>

#include <cstring>

#include "src/core/smallgroup.h"
#include "src/x86/avx2/dwconv_avx2_prims.h"

namespace octet::gconv::avx2_lanes {

using A = xsimd::avx2;
using i32 = xsimd::batch<int32_t, A>;

// Four (output o) vectors of 8 lanes -> 32 bytes in channel order 4g + o.
// in: packs of (o0, o1) and (o2, o3), then bytes [o][lane] per 128-bit half;
// the vpshufb transposes each half to [lane][o], the vpermd undoes kLaneGroup.
struct LanesOrder {
  __m256i tctl, perm;
  LanesOrder() {
    tctl = _mm256_setr_epi8(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15, 0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10,
                            14, 3, 7, 11, 15);
    perm = _mm256_setr_epi32(0, 1, 4, 5, 2, 3, 6, 7);
  }
  __m256i operator()(__m256i b8) const {
    return _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(b8, tctl), perm);
  }
};

// The float modes (as DwPrims<avx2>::FloatEpilogue, lane by lane).
template <bool OneDnn, bool U8, bool CLAMP>
struct LanesFloatEpi {
  const float* wa;
  const float* wb;
  __m256 zpf, minf, maxf;
  __m256i zp16, min8, max8;
  LanesOrder order;
  LanesFloatEpi(const dw::RowArgs& a, size_t b)
      : wa(reinterpret_cast<const float*>(a.wa + b * 32)), wb(reinterpret_cast<const float*>(a.wb + b * 32)) {
    zpf = _mm256_set1_ps(static_cast<float>(a.out.zero_point));
    minf = _mm256_set1_ps(static_cast<float>(a.out.min));
    maxf = _mm256_set1_ps(static_cast<float>(a.out.max));
    zp16 = _mm256_set1_epi16(static_cast<int16_t>(a.out.zero_point));
    min8 = _mm256_set1_epi8(static_cast<char>(a.out.min));
    max8 = _mm256_set1_epi8(static_cast<char>(a.out.max));
  }
  __m256i conv(__m256i acc, size_t o) const {
    __m256 f = _mm256_mul_ps(_mm256_add_ps(_mm256_cvtepi32_ps(acc), _mm256_load_ps(wa + o * 8)),
                             _mm256_load_ps(wb + o * 8));
    if (OneDnn) f = _mm256_min_ps(_mm256_max_ps(_mm256_add_ps(f, zpf), minf), maxf);
    return _mm256_cvtps_epi32(f);
  }
  void operator()(const __m256i* acc, char* dst) const {
    __m256i w01 = _mm256_packs_epi32(conv(acc[0], 0), conv(acc[1], 1));
    __m256i w23 = _mm256_packs_epi32(conv(acc[2], 2), conv(acc[3], 3));
    if (!OneDnn) {
      w01 = _mm256_adds_epi16(w01, zp16);
      w23 = _mm256_adds_epi16(w23, zp16);
    }
    __m256i b8 = U8 ? _mm256_packus_epi16(w01, w23) : _mm256_packs_epi16(w01, w23);
    if (!OneDnn && CLAMP) {
      b8 = U8 ? _mm256_min_epu8(_mm256_max_epu8(b8, min8), max8) : _mm256_min_epi8(_mm256_max_epi8(b8, min8), max8);
    }
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), order(b8));
  }
};

// Any mode through simd::requantize_lanes (values then in range: exact packs).
struct LanesGenericEpi {
  const simd::ChannelWord* wa;
  const simd::ChannelWord* wb;
  simd::OutputParams out;
  bool u8;
  LanesOrder order;
  LanesGenericEpi(const dw::RowArgs& a, size_t b)
      : wa(a.wa + b * 32), wb(a.wb + b * 32), out(a.out), u8(a.out_type == octet_datatype_u8) {}
  void operator()(const __m256i* acc, char* dst) const {
    __m256i r[4];
    for (size_t o = 0; o < 4; ++o) r[o] = simd::requantize_lanes<A>(i32(acc[o]), wa + o * 8, wb + o * 8, out);
    const __m256i w01 = _mm256_packs_epi32(r[0], r[1]), w23 = _mm256_packs_epi32(r[2], r[3]);
    const __m256i b8 = u8 ? _mm256_packus_epi16(w01, w23) : _mm256_packs_epi16(w01, w23);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), order(b8));
  }
};

// s32 output: the accumulators (bias included), transposed to channel order.
struct LanesRawEpi {
  LanesRawEpi(const dw::RowArgs&, size_t) {}
  void operator()(const __m256i* acc, char* dst) const {
    alignas(32) int32_t v[4][8];
    for (size_t o = 0; o < 4; ++o) _mm256_store_si256(reinterpret_cast<__m256i*>(v[o]), acc[o]);
    int32_t out[32];
    for (size_t l = 0; l < 8; ++l) {
      for (size_t o = 0; o < 4; ++o) out[kLaneGroup[l] * 4 + o] = v[o][l];
    }
    std::memcpy(dst, out, sizeof out);
  }
};

// Calls Impl::run<Epi>(a) with the epilogue for a's output type and mode.
template <class Impl>
void dispatch(const RowArgs& a) {
  if (a.epi.out_type == octet_datatype_s32) return Impl::template run<LanesRawEpi>(a);
  const bool u8 = a.epi.out_type == octet_datatype_u8;
  const bool full = u8 ? (a.epi.out.min <= 0 && a.epi.out.max >= 255) : (a.epi.out.min <= -128 && a.epi.out.max >= 127);
  switch (a.epi.out.mode) {
    case octet_requant_pytorch_fbgemm:
    case octet_requant_pytorch_qnnpack:
      if (u8) return full ? Impl::template run<LanesFloatEpi<false, true, false>>(a)
                          : Impl::template run<LanesFloatEpi<false, true, true>>(a);
      return full ? Impl::template run<LanesFloatEpi<false, false, false>>(a)
                  : Impl::template run<LanesFloatEpi<false, false, true>>(a);
    case octet_requant_pytorch_onednn:
      // The clamp is in the float steps: CLAMP is ignored.
      return u8 ? Impl::template run<LanesFloatEpi<true, true, false>>(a)
                : Impl::template run<LanesFloatEpi<true, false, false>>(a);
    default: return Impl::template run<LanesGenericEpi>(a);
  }
}

}  // namespace octet::gconv::avx2_lanes
