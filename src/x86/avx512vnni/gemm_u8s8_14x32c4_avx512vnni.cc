// AVX-512 VNNI GEMM microkernel: 14 rows x 32 columns (2 zmm of 16 channels),
// vpdpbusd u8 x s8 -> s32 (src/x86/gemm_c4_dpbusd.h).
#include "src/x86/avx512vnni/gemm_c4_avx512vnni.h"

namespace octet::x86 {

void OCTET_UKERNEL_NAME(gemm_u8s8_14x32c4_avx512vnni)(size_t mr, size_t nc, size_t kc, size_t ks,
                                                       const void* const* a, const void* w, void* c,
                                                       size_t cm_stride, const GemmParams* params) {
  dpbusd_dispatch<ZmmVnni, 14, 2>(mr, nc, kc, ks, a, w, c, cm_stride, params);
}

}  // namespace octet::x86
