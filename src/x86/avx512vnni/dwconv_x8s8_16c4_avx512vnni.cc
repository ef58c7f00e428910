// Depthwise kernels with AVX-512 VNNI vpdpbusd: u8 or s8 input (x8, read as
// u8), s8 weights, 16-channel blocks of 4-byte groups (16c4), one zmm per
// block: a 3x3 pixel of 16 channels is 3 vpdpbusd. The row loops are
// src/core/dwconv_dot_impl.h (arithmetic, layout: src/core/dwconv_dot.h), the
// prep src/x86/avxvnni/dwconv_x8s8_16c4_vnni.h; this file holds the zmm step
// and its epilogues. Also compiled a second time for the tests, under SIMDe
// with AVX2 flags (src/x86/emulation.h): the set is then kKernelsAvx512vnni_emu.
//
// llvm-mca-19, cycles per output pixel per 16 channels: the 4-pixel step of
// the row loop (u8 in, fbgemm u8 out, epilogue included) + the prep it needs
// (3x3 s1: 1/2 column block per pixel, s2: 2, 5x5 s1: 1/4); "direct" is the
// vpdpwssd 3x3 kernel of dwconv_avx512vnni.cc (s2: mean of its two row kinds).
//                   3x3 s1      3x3 s2      5x5 s1      direct 3x3 s1 / s2
//   icelake-server  4.3 + 1.4   4.8 + 5.4    8.6 + 0.7  14.4 / 14.6
//   sapphirerapids  4.6 + 1.4   4.3 + 5.5   11.3 + 0.7  11.4 / 12.6
//   znver4          6.4 + 2.0   6.4 + 8.1   20.4 + 1.0  13.3 / 16.4
// (3x3 s2 as above is the vertical-quad scheme; the path now runs it as a
// 2x2 kernel over 2x2 blocks, src/core/dwconv_dot.h: 4 vpdpbusd per pixel
// and 1 column block of prep instead of 2.) 2x2 blocks, 96 channels
// (mbv2_dw_56_s2): the 4-pixel step / 4 + one prep column / 6, before ->
// after the prep's in-order vpermd loads (prep_block4), whole-zmm two-block
// stores, stepped interior source pointers, and the whole-group epilogue
// without the accumulators' trip through memory:
//   icelake-server  8.8 + 4.5 -> 7.7 + 3.7
//   sapphirerapids  8.0 + 4.5 -> 7.8 + 3.4
//   znver4         10.2 + 3.9 -> 10.4 + 3.1  (vpdpbusd modeled at 2 cycles)
// GCC 12 reports its own AVX-512 intrinsics (_mm512_undefined_* inside the
// conversions) as (maybe-)uninitialized once inlined: a known false positive,
// silenced for this file only.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"

#include "src/x86/emulation.h"

#include "src/x86/avx512bw/output_avx512.h"
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

struct ZmmOps {
  using Reg = __m512i;
  static OCTET_DWDOT_INLINE Reg load(const void* p) { return _mm512_loadu_si512(p); }
  static OCTET_DWDOT_INLINE Reg dp(const Reg& acc, const Reg& x, const Reg& w) {
    return _mm512_dpbusd_epi32(acc, x, w);
  }
};

struct Zmm : VnniStep<ZmmOps> {
  // s32 output: the accumulators (init included) as they are.
  struct RawEpi {
    RawEpi(const RowArgs&, size_t) {}
    OCTET_DWDOT_INLINE void operator()(const Acc* acc, char* dst, size_t n) const {
      if (n == 16) {
        _mm512_storeu_si512(dst, acc[0]);
        return;
      }
      alignas(64) int32_t tmp[16];
      _mm512_store_si512(tmp, acc[0]);
      std::memcpy(dst, tmp, n * sizeof(int32_t));
    }
  };

  // u8 / s8 output in mode K: the AVX-512 output stage
  // (src/x86/avx512bw/output_avx512.h) on one zmm in channel order, narrowed
  // by vpmovsdw / vpmovwb (onednn: vpmovdb, r being in range already).
  template <simd::OutKind K, bool U8, bool Clamp>
  struct Epi {
    static constexpr bool kOneDnn = K == simd::OutKind::kOneDnn;
    __m512 wa, wb;
    x86::zmm::Consts c;
    __m256i zp16, min16, max16;
    Epi(const RowArgs& a, size_t k0)
        : wa(x86::zmm::load_words(a.wa + k0)), wb(x86::zmm::load_words(a.wb + k0)), c(a.out) {
      zp16 = _mm256_set1_epi16(static_cast<int16_t>(a.out.zero_point));
      min16 = _mm256_set1_epi16(static_cast<int16_t>(a.out.min));
      max16 = _mm256_set1_epi16(static_cast<int16_t>(a.out.max));
    }
    OCTET_DWDOT_INLINE void operator()(const Acc* acc, char* dst, size_t n) const {
      const __m512i r = x86::zmm::to_int<K>(acc[0], wa, wb, c);
      const __m128i b8 =
          kOneDnn ? cvtepi32_epi8(r) : cvtepi16_epi8(x86::zmm::narrow16_words<true, true>(r, zp16, min16, max16));
      if (n == 16) {
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dst), b8);
        return;
      }
      alignas(16) uint8_t tmp[16];
      _mm_store_si128(reinterpret_cast<__m128i*>(tmp), b8);
      std::memcpy(dst, tmp, n);
    }
  };
};

}  // namespace

// extern: the tests' _emu copy is declared nowhere else.
extern const Kernels OCTET_UKERNEL_NAME(kKernelsAvx512vnni) = kernels<Zmm>(octet_isa_avx512vnni);

}  // namespace octet::dwdot
