// Depthwise kernels for AVX-512 VNNI: the direct 3x3 kernels of
// src/x86/avx2/dwconv_avx2_direct.h on ymm registers with every vpmaddwd +
// vpaddd fused into one EVEX vpdpwssd (AVX512-VNNI + VL; the EVEX encoding
// also gives them ymm16-31); the prep-pass kernels (every other shape) are the
// AVX-512BW ones. Also compiled a second time for the tests, under SIMDe with
// AVX2 flags (src/x86/emulation.h): the direct kernels then get an _emu suffix
// and no table is defined.
#include "src/x86/emulation.h"

// This file's own copy of the direct kernels (see the header).
#define OCTET_DW_DIRECT_NS OCTET_UKERNEL_NAME(direct_avx512vnni)
#include "src/x86/avx2/dwconv_avx2_direct.h"
#include "src/x86/conv_kernels.h"

namespace octet::dw {

namespace OCTET_DW_DIRECT_NS {
struct MacAvx512Vnni {
  static constexpr bool kFused = true;
  static OCTET_DW_INLINE __m256i mac(__m256i acc, __m256i x, const int16_t* w) {
    return _mm256_dpwssd_epi32(acc, x, _mm256_load_si256(reinterpret_cast<const __m256i*>(w)));
  }
};
}  // namespace OCTET_DW_DIRECT_NS

void OCTET_UKERNEL_NAME(dwconv_3x3s1_direct_avx512vnni)(const DirectArgs& a) {
  OCTET_DW_DIRECT_NS::row<OCTET_DW_DIRECT_NS::MacAvx512Vnni, 1>(a);
}
void OCTET_UKERNEL_NAME(dwconv_3x3s2_direct_avx512vnni)(const DirectArgs& a) {
  OCTET_DW_DIRECT_NS::row<OCTET_DW_DIRECT_NS::MacAvx512Vnni, 2>(a);
}
void OCTET_UKERNEL_NAME(dwconv_3x3s2b_direct_avx512vnni)(const DirectArgs& a) {
  OCTET_DW_DIRECT_NS::row<OCTET_DW_DIRECT_NS::MacAvx512Vnni, 4>(a);
}

#if !defined(OCTET_GEMM_EMULATE)
// src/x86/avx512bw/dwconv_avx512bw.cc: every AVX-512 VNNI CPU has AVX-512BW.
void dwconv_prep_avx512bw(const PrepArgs& p);
void dwconv_3x3_avx512bw(const RowArgs& a);
void dwconv_5x5_avx512bw(const RowArgs& a);
void dwconv_rxs_avx512bw(const RowArgs& a);

const Kernels kKernelsAvx512vnni = {octet_isa_avx512vnni, 16, dwconv_prep_avx512bw, dwconv_3x3_avx512bw,
                                    dwconv_5x5_avx512bw, dwconv_rxs_avx512bw, dwconv_3x3s1_direct_avx512vnni,
                                    dwconv_3x3s2_direct_avx512vnni, dwconv_3x3s2b_direct_avx512vnni};
#endif

}  // namespace octet::dw
