// Depthwise kernels with AVX-512 VNNI vpdpbusd: u8 or s8 input (x8, read as
// u8), s8 weights, 16-channel blocks of 4-byte groups (16c4), one zmm per
// block: a 3x3 pixel of 16 channels is 3 vpdpbusd. The prep, row loops and
// layout are src/x86/avxvnni/dwconv_x8s8_16c4_vnni.h (arithmetic:
// src/core/dwconv_dot.h); this file holds the zmm policy and its epilogues.
// Also compiled a second time for the tests, under SIMDe with AVX2 flags
// (src/x86/emulation.h): names then get an _emu suffix and no table is defined.
//
// llvm-mca-19, cycles per output pixel per 16 channels: the 4-pixel step of
// the row loop (u8 in, fbgemm u8 out, epilogue included) + the prep it needs
// (3x3 s1: 1/2 column block per pixel, s2: 2, 5x5 s1: 1/4); "direct" is the
// vpdpwssd 3x3 kernel of dwconv_avx512vnni.cc (s2: mean of its two row kinds).
//                   3x3 s1      3x3 s2      5x5 s1      direct 3x3 s1 / s2
//   icelake-server  4.3 + 1.4   4.8 + 5.4    8.6 + 0.7  14.4 / 14.6
//   sapphirerapids  4.6 + 1.4   4.3 + 5.5   11.3 + 0.7  11.4 / 12.6
//   znver4          6.4 + 2.0   6.4 + 8.1   20.4 + 1.0  13.3 / 16.4
// GCC 12 reports its own AVX-512 intrinsics (_mm512_undefined_* inside the
// conversions) as (maybe-)uninitialized once inlined: a known false positive,
// silenced for this file only.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"

#include "src/x86/emulation.h"

#include "src/x86/avxvnni/dwconv_x8s8_16c4_vnni.h"
#include "src/x86/conv_kernels.h"

namespace octet::dwdot {
namespace {

#if defined(OCTET_GEMM_EMULATE)
// SIMDe 0.7.4 lacks these two narrows (the 512-bit conversions come from
// src/x86/emulation.h): through memory, truncating as vpmovdb and vpmovwb.
inline __m128i cvtepi32_epi8(__m512i v) {
  alignas(64) int32_t i[16];
  uint8_t b[16];
  _mm512_store_si512(i, v);
  for (int k = 0; k < 16; ++k) b[k] = static_cast<uint8_t>(i[k]);
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(b));
}
inline __m128i cvtepi16_epi8(__m256i v) {
  alignas(32) int16_t i[16];
  uint8_t b[16];
  _mm256_store_si256(reinterpret_cast<__m256i*>(i), v);
  for (int k = 0; k < 16; ++k) b[k] = static_cast<uint8_t>(i[k]);
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(b));
}
#else
OCTET_DWDOT_INLINE __m128i cvtepi32_epi8(__m512i v) { return _mm512_cvtepi32_epi8(v); }
OCTET_DWDOT_INLINE __m128i cvtepi16_epi8(__m256i v) { return _mm256_cvtepi16_epi8(v); }
#endif

struct Zmm {
  static constexpr size_t L = 16;
  using Reg = __m512i;
  static OCTET_DWDOT_INLINE Reg load(const void* p) { return _mm512_loadu_si512(p); }
  static OCTET_DWDOT_INLINE Reg dp(const Reg& acc, const Reg& x, const Reg& w) {
    return _mm512_dpbusd_epi32(acc, x, w);
  }

  // s32 output: the accumulators (init included) as they are.
  struct RawEpi {
    RawEpi(const RowArgs&, size_t) {}
    OCTET_DWDOT_INLINE void operator()(const Reg& acc, char* dst, size_t n) const {
      if (n == 16) {
        _mm512_storeu_si512(dst, acc);
        return;
      }
      alignas(64) int32_t tmp[16];
      _mm512_store_si512(tmp, acc);
      std::memcpy(dst, tmp, n * sizeof(int32_t));
    }
  };

  // The float modes, bit for bit simd::requantize_lanes (the arithmetic of
  // DwPrims<xsimd::avx2>::FloatEpilogue, src/x86/avx2/dwconv_avx2_prims.h, on
  // one zmm in channel order):
  //   f = (f32(acc) + bias) * scale                  (the same two roundings)
  //   fbgemm/qnnpack: cvtps2dq (INT32_MIN out of range), vpmovsdw, + zp and
  //     the clamp in saturating int16: min..max lies inside the 8-bit range, so
  //     each saturation only moves values the clamp sends to the same bound;
  //     vpmovwb then truncates exactly;
  //   onednn: + zp, max(., min), min(., max) in float, cvtps2dq, vpmovdb
  //     (already in range).
  template <bool OneDnn, bool U8>
  struct FloatEpi {
    __m512 bias, scale, zpf, minf, maxf;
    __m256i zp16, min16, max16;
    FloatEpi(const RowArgs& a, size_t k0) {
      bias = _mm512_loadu_ps(reinterpret_cast<const float*>(a.wa + k0));
      scale = _mm512_loadu_ps(reinterpret_cast<const float*>(a.wb + k0));
      zpf = _mm512_set1_ps(static_cast<float>(a.out.zero_point));
      minf = _mm512_set1_ps(static_cast<float>(a.out.min));
      maxf = _mm512_set1_ps(static_cast<float>(a.out.max));
      zp16 = _mm256_set1_epi16(static_cast<int16_t>(a.out.zero_point));
      min16 = _mm256_set1_epi16(static_cast<int16_t>(a.out.min));
      max16 = _mm256_set1_epi16(static_cast<int16_t>(a.out.max));
    }
    OCTET_DWDOT_INLINE void operator()(const Reg& acc, char* dst, size_t n) const {
      __m512 f = _mm512_mul_ps(_mm512_add_ps(_mm512_cvtepi32_ps(acc), bias), scale);
      __m128i b8;
      if (OneDnn) {
        f = _mm512_min_ps(_mm512_max_ps(_mm512_add_ps(f, zpf), minf), maxf);
        b8 = cvtepi32_epi8(_mm512_cvtps_epi32(f));
      } else {
        __m256i w16 = _mm256_adds_epi16(_mm512_cvtsepi32_epi16(_mm512_cvtps_epi32(f)), zp16);
        w16 = _mm256_min_epi16(_mm256_max_epi16(w16, min16), max16);
        b8 = cvtepi16_epi8(w16);
      }
      if (n == 16) {
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dst), b8);
        return;
      }
      alignas(16) uint8_t tmp[16];
      _mm_store_si128(reinterpret_cast<__m128i*>(tmp), b8);
      std::memcpy(dst, tmp, n);
    }
  };

  template <bool U8>
  struct FixedEpi {
    const simd::ChannelWord* wa;
    const simd::ChannelWord* wb;
    simd::OutputParams out;
    FixedEpi(const RowArgs& a, size_t k0) : wa(a.wa + k0), wb(a.wb + k0), out(a.out) {}
    OCTET_DWDOT_INLINE void operator()(const Reg& acc, char* dst, size_t n) const {
      alignas(64) int32_t lanes[16];
      _mm512_store_si512(lanes, acc);
      fixed_lanes<U8>(lanes, wa, wb, out, dst, n);
    }
  };
};

}  // namespace

void OCTET_UKERNEL_NAME(dwconv_x8s8_prep4_avx512vnni)(const PrepArgs& p) { prep<true>(p); }
void OCTET_UKERNEL_NAME(dwconv_x8s8_3x3_avx512vnni)(const RowArgs& a) { row<Zmm, 1, 3>(a); }
void OCTET_UKERNEL_NAME(dwconv_x8s8_5x5_avx512vnni)(const RowArgs& a) { row<Zmm, 2, 5>(a); }
void OCTET_UKERNEL_NAME(dwconv_x8s8_rxs_avx512vnni)(const RowArgs& a) { row<Zmm, 0, 0>(a); }

#if !defined(OCTET_GEMM_EMULATE)
const Kernels kKernelsAvx512vnni = {dwconv_x8s8_prep4_avx512vnni, dwconv_x8s8_3x3_avx512vnni,
                                    dwconv_x8s8_5x5_avx512vnni, dwconv_x8s8_rxs_avx512vnni, octet_isa_avx512vnni,
                                    true};
#endif

}  // namespace octet::dwdot
