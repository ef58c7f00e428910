// Depthwise kernels for AVX-VNNI: the direct 3x3 kernels with VEX vpdpwssd
// (ymm) beside the AVX2 prep-pass kernels, src/x86/avxvnni/dwconv_direct_vnni.h.
// Also compiled a second time for the tests, under SIMDe with AVX2 flags
// (src/x86/emulation.h): the set is then kKernelsAvxvnni_emu.
#include "src/x86/emulation.h"

// This file's own copy of the direct kernels (see src/x86/avx2/dwconv_avx2_direct.h).
#define OCTET_DW_DIRECT_NS OCTET_UKERNEL_NAME(direct_avxvnni)
#include "src/x86/avxvnni/dwconv_direct_vnni.h"
#include "src/x86/conv_kernels.h"

namespace octet::dw {
namespace {

struct DpwssdVex {
  // SIMDe has the EVEX (AVX512-VL VNNI) spelling only; the VEX instruction
  // computes the same.
#if defined(OCTET_GEMM_EMULATE)
  static OCTET_DW_INLINE __m256i dp(__m256i acc, __m256i x, __m256i w) { return simde_mm256_dpwssd_epi32(acc, x, w); }
#else
  static OCTET_DW_INLINE __m256i dp(__m256i acc, __m256i x, __m256i w) { return _mm256_dpwssd_avx_epi32(acc, x, w); }
#endif
};

}  // namespace

// extern: the tests' _emu copy is declared nowhere else.
extern const Kernels OCTET_UKERNEL_NAME(kKernelsAvxvnni) =
    OCTET_DW_DIRECT_NS::vnni_kernels<DpwssdVex>(octet_isa_avxvnni, false);

}  // namespace octet::dw
