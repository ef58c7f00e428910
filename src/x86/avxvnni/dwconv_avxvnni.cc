// Depthwise kernels for AVX-VNNI: the direct 3x3 kernels of
// src/x86/avx2/dwconv_avx2_direct.h with every vpmaddwd + vpaddd fused into one
// VEX vpdpwssd (ymm); the prep-pass kernels (every other shape) are the AVX2
// ones. Also compiled a second time for the tests, under SIMDe with AVX2 flags
// (src/x86/emulation.h): the direct kernels then get an _emu suffix and no
// table is defined.
#include "src/x86/emulation.h"

#if defined(OCTET_GEMM_EMULATE)
// SIMDe has the EVEX (AVX512-VL VNNI) spelling only; the VEX instruction
// computes the same.
#define OCTET_DPWSSD_YMM(acc, a, b) simde_mm256_dpwssd_epi32(acc, a, b)
#else
#define OCTET_DPWSSD_YMM(acc, a, b) _mm256_dpwssd_avx_epi32(acc, a, b)
#endif

// This file's own copy of the direct kernels (see the header).
#define OCTET_DW_DIRECT_NS OCTET_UKERNEL_NAME(direct_avxvnni)
#include "src/x86/avx2/dwconv_avx2_direct.h"
#include "src/x86/conv_kernels.h"

namespace octet::dw {

namespace OCTET_DW_DIRECT_NS {
struct MacAvxVnni {
  static constexpr bool kFused = true;
  static OCTET_DW_INLINE __m256i mac(__m256i acc, __m256i x, const int16_t* w) {
    return OCTET_DPWSSD_YMM(acc, x, _mm256_load_si256(reinterpret_cast<const __m256i*>(w)));
  }
};
}  // namespace OCTET_DW_DIRECT_NS

void OCTET_UKERNEL_NAME(dwconv_3x3s1_direct_avxvnni)(const DirectArgs& a) {
  OCTET_DW_DIRECT_NS::row<OCTET_DW_DIRECT_NS::MacAvxVnni, 1>(a);
}
void OCTET_UKERNEL_NAME(dwconv_3x3s2_direct_avxvnni)(const DirectArgs& a) {
  OCTET_DW_DIRECT_NS::row<OCTET_DW_DIRECT_NS::MacAvxVnni, 2>(a);
}
void OCTET_UKERNEL_NAME(dwconv_3x3s2b_direct_avxvnni)(const DirectArgs& a) {
  OCTET_DW_DIRECT_NS::row<OCTET_DW_DIRECT_NS::MacAvxVnni, 4>(a);
}

#if !defined(OCTET_GEMM_EMULATE)
// src/x86/avx2/dwconv_avx2.cc: every AVX-VNNI CPU has AVX2.
void dwconv_prep_avx2(const PrepArgs& p);
void dwconv_3x3_avx2(const RowArgs& a);
void dwconv_5x5_avx2(const RowArgs& a);
void dwconv_rxs_avx2(const RowArgs& a);

const Kernels kKernelsAvxvnni = {octet_isa_avxvnni, 8, dwconv_prep_avx2, dwconv_3x3_avx2, dwconv_5x5_avx2,
                                 dwconv_rxs_avx2, dwconv_3x3s1_direct_avxvnni, dwconv_3x3s2_direct_avxvnni,
                                 dwconv_3x3s2b_direct_avxvnni};
#endif

}  // namespace octet::dw
