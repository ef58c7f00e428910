// Depthwise kernels for AVX-512 VNNI: the direct 3x3 kernels on ymm registers
// with EVEX vpdpwssd (AVX512-VNNI + VL; the EVEX encoding also gives them
// ymm16-31) beside the AVX-512BW prep-pass kernels,
// src/x86/avxvnni/dwconv_direct_vnni.h. Also compiled a second time for the
// tests, under SIMDe with AVX2 flags (src/x86/emulation.h): the set is then
// kKernelsAvx512vnni_emu, beside the AVX2 prep-pass kernels (the CPUs it runs
// on may lack AVX-512BW).
#include "src/x86/emulation.h"

// This file's own copy of the direct kernels (see src/x86/avx2/dwconv_avx2_direct.h).
#define OCTET_DW_DIRECT_NS OCTET_UKERNEL_NAME(direct_avx512vnni)
#include "src/x86/avxvnni/dwconv_direct_vnni.h"
#include "src/x86/conv_kernels.h"

namespace octet::dw {
namespace {

struct DpwssdEvex {
  static OCTET_DW_INLINE __m256i dp(__m256i acc, __m256i x, __m256i w) { return _mm256_dpwssd_epi32(acc, x, w); }
};

#if defined(OCTET_GEMM_EMULATE)
constexpr bool kZmmPrepPass = false;
#else
constexpr bool kZmmPrepPass = true;
#endif

}  // namespace

// extern: the tests' _emu copy is declared nowhere else.
extern const Kernels OCTET_UKERNEL_NAME(kKernelsAvx512vnni) =
    OCTET_DW_DIRECT_NS::vnni_kernels<DpwssdEvex>(octet_isa_avx512vnni, kZmmPrepPass);

}  // namespace octet::dw
