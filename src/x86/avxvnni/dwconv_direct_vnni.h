// The int16 depthwise sets of the VNNI ISAs (src/x86/avxvnni/dwconv_avxvnni.cc,
// src/x86/avx512vnni/dwconv_avx512vnni.cc) written once: the direct 3x3
// kernels of src/x86/avx2/dwconv_avx2_direct.h with every vpmaddwd + vpaddd
// fused into one vpdpwssd (Dp::dp: the file's VEX or EVEX spelling), beside
// the prep-pass kernels (every other shape) of AVX2 or AVX-512BW. Include
// after src/x86/emulation.h, with OCTET_DW_DIRECT_NS defined (each file its
// own copy of the direct kernels, see that header).
#pragma once

#include "src/x86/avx2/dwconv_avx2_direct.h"

namespace octet::dw {

// The prep-pass kernels: src/x86/avx2/dwconv_avx2.cc (every AVX-VNNI CPU has
// AVX2) and src/x86/avx512bw/dwconv_avx512bw.cc (every AVX-512 VNNI CPU has
// AVX-512BW).
void dwconv_prep_avx2(const PrepArgs& p);
void dwconv_3x3_avx2(const RowArgs& a);
void dwconv_5x5_avx2(const RowArgs& a);
void dwconv_rxs_avx2(const RowArgs& a);
void dwconv_prep_avx512bw(const PrepArgs& p);
void dwconv_3x3_avx512bw(const RowArgs& a);
void dwconv_5x5_avx512bw(const RowArgs& a);
void dwconv_rxs_avx512bw(const RowArgs& a);

namespace OCTET_DW_DIRECT_NS {

// vpdpwssd is exact here: the non-saturating form, every pair sum at most
// 2 * 255 * 255.
template <class Dp>
struct MacFused {
  static constexpr bool kFused = true;
  static OCTET_DW_INLINE __m256i mac(__m256i acc, __m256i x, const int16_t* w) {
    return Dp::dp(acc, x, _mm256_load_si256(reinterpret_cast<const __m256i*>(w)));
  }
};

// The set of ISA isa; zmm: beside the AVX-512BW prep-pass kernels (16 lanes),
// else the AVX2 ones (8 lanes).
template <class Dp>
constexpr Kernels vnni_kernels(octet_isa isa, bool zmm) {
  using Mac = MacFused<Dp>;
  if (zmm) {
    return {isa,         16,          dwconv_prep_avx512bw, dwconv_3x3_avx512bw, dwconv_5x5_avx512bw,
            dwconv_rxs_avx512bw, row<Mac, 1>, row<Mac, 2>, row<Mac, 4>};
  }
  return {isa, 8, dwconv_prep_avx2, dwconv_3x3_avx2, dwconv_5x5_avx2, dwconv_rxs_avx2, row<Mac, 1>, row<Mac, 2>,
          row<Mac, 4>};
}

}  // namespace OCTET_DW_DIRECT_NS
}  // namespace octet::dw
