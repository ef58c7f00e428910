// Depthwise kernels with AVX-VNNI (VEX) vpdpbusd: u8 or s8 input (x8, read as
// u8), s8 weights, 16-channel blocks of 4-byte groups (16c4), two ymm per
// block, each run as its own 8 channels (an 8-channel half of a 16c4 block
// is 32 contiguous bytes): a 3x3 pixel of 16 channels is 6 vpdpbusd. The
// prep, row loops and layout are src/x86/avxvnni/dwconv_x8s8_16c4_vnni.h
// (arithmetic: src/core/dwconv_dot.h); this file holds the ymm policy and its
// epilogues. Also compiled a second time for the tests, under SIMDe with AVX2
// flags (src/x86/emulation.h): names then get an _emu suffix and no table is
// defined.
//
// llvm-mca-19, cycles per output pixel per 16 channels: the 4-pixel step of
// the row loop (u8 in, fbgemm u8 out, epilogue included; two 8-channel
// passes) + the prep it needs (3x3 s1: 1/2 column block per pixel, s2: 2,
// 5x5 s1: 1/4); "direct" is the vpdpwssd 3x3 kernel of dwconv_avxvnni.cc
// (s2: mean of its two row kinds).
//                   3x3 s1      3x3 s2      5x5 s1      direct 3x3 s1 / s2
//   icelake-server  7.7 + 1.4   8.4 + 5.4   17.1 + 0.7  14.4 / 14.9
//   sapphirerapids  7.1 + 1.4   7.6 + 5.5   13.7 + 0.7  11.4 / 12.8
//   znver4          6.6 + 2.0   7.7 + 8.1   12.6 + 1.0  13.5 / 16.3
#include "src/x86/emulation.h"

#include "src/x86/avxvnni/dwconv_x8s8_16c4_vnni.h"
#include "src/x86/conv_kernels.h"

namespace octet::dwdot {
namespace {

struct Ymm {
  static constexpr size_t L = 8;
  using Reg = __m256i;
  static OCTET_DWDOT_INLINE Reg load(const void* p) { return _mm256_loadu_si256(static_cast<const __m256i*>(p)); }
  static OCTET_DWDOT_INLINE Reg dp(const Reg& acc, const Reg& x, const Reg& w) { return OCTET_DPBUSD_YMM(acc, x, w); }

  // s32 output: the accumulators (init included) as they are.
  struct RawEpi {
    RawEpi(const RowArgs&, size_t) {}
    OCTET_DWDOT_INLINE void operator()(const Reg& acc, char* dst, size_t n) const {
      if (n == 8) {
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), acc);
        return;
      }
      alignas(32) int32_t tmp[8];
      _mm256_store_si256(reinterpret_cast<__m256i*>(tmp), acc);
      std::memcpy(dst, tmp, n * sizeof(int32_t));
    }
  };

  // The float modes, bit for bit simd::requantize_lanes: the steps of
  // DwPrims<xsimd::avx2>::FloatEpilogue (src/x86/avx2/dwconv_avx2_prims.h,
  // where the argument for each saturation is made) on 8 lanes in channel
  // order, narrowed in 128-bit halves so that no lane crossing is needed.
  template <bool OneDnn, bool U8>
  struct FloatEpi {
    __m256 bias, scale, zpf, minf, maxf;
    __m128i zp16, min8, max8;
    FloatEpi(const RowArgs& a, size_t k0) {
      bias = _mm256_loadu_ps(reinterpret_cast<const float*>(a.wa + k0));
      scale = _mm256_loadu_ps(reinterpret_cast<const float*>(a.wb + k0));
      zpf = _mm256_set1_ps(static_cast<float>(a.out.zero_point));
      minf = _mm256_set1_ps(static_cast<float>(a.out.min));
      maxf = _mm256_set1_ps(static_cast<float>(a.out.max));
      zp16 = _mm_set1_epi16(static_cast<int16_t>(a.out.zero_point));
      min8 = _mm_set1_epi8(static_cast<char>(a.out.min));
      max8 = _mm_set1_epi8(static_cast<char>(a.out.max));
    }
    OCTET_DWDOT_INLINE void operator()(const Reg& acc, char* dst, size_t n) const {
      __m256 f = _mm256_mul_ps(_mm256_add_ps(_mm256_cvtepi32_ps(acc), bias), scale);
      if (OneDnn) f = _mm256_min_ps(_mm256_max_ps(_mm256_add_ps(f, zpf), minf), maxf);
      const __m256i r = _mm256_cvtps_epi32(f);
      __m128i w16 = _mm_packs_epi32(_mm256_castsi256_si128(r), _mm256_extracti128_si256(r, 1));
      if (!OneDnn) w16 = _mm_adds_epi16(w16, zp16);
      __m128i b8 = U8 ? _mm_packus_epi16(w16, w16) : _mm_packs_epi16(w16, w16);
      if (!OneDnn) b8 = U8 ? _mm_min_epu8(_mm_max_epu8(b8, min8), max8) : _mm_min_epi8(_mm_max_epi8(b8, min8), max8);
      if (n == 8) {
        _mm_storel_epi64(reinterpret_cast<__m128i*>(dst), b8);
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
      alignas(32) int32_t lanes[8];
      _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), acc);
      fixed_lanes<U8>(lanes, wa, wb, out, dst, n);
    }
  };
};

}  // namespace

void OCTET_UKERNEL_NAME(dwconv_x8s8_prep4_avxvnni)(const PrepArgs& p) { prep<false>(p); }
void OCTET_UKERNEL_NAME(dwconv_x8s8_3x3_avxvnni)(const RowArgs& a) { row<Ymm, 1, 3>(a); }
void OCTET_UKERNEL_NAME(dwconv_x8s8_5x5_avxvnni)(const RowArgs& a) { row<Ymm, 2, 5>(a); }
void OCTET_UKERNEL_NAME(dwconv_x8s8_rxs_avxvnni)(const RowArgs& a) { row<Ymm, 0, 0>(a); }

#if !defined(OCTET_GEMM_EMULATE)
const Kernels kKernelsAvxvnni = {dwconv_x8s8_prep4_avxvnni, dwconv_x8s8_3x3_avxvnni, dwconv_x8s8_5x5_avxvnni,
                                 dwconv_x8s8_rxs_avxvnni, octet_isa_avxvnni, true};
#endif

}  // namespace octet::dwdot
