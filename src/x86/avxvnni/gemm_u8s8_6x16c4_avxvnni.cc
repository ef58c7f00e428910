// AVX-VNNI GEMM microkernel: 6 rows x 16 columns (two ymm of 8 channels),
// VEX vpdpbusd u8 x s8 -> s32 (src/x86/gemm_c4_dpbusd.h).
#include "src/x86/avxvnni/gemm_c4_avxvnni.h"

namespace octet::x86 {

void OCTET_UKERNEL_NAME(gemm_u8s8_6x16c4_avxvnni)(size_t mr, size_t nc, size_t kc, size_t ks,
                                                     const void* const* a, const void* w, void* c,
                                                     size_t cm_stride, const GemmParams* params) {
  dpbusd_dispatch<YmmVnni, 6, 2>(mr, nc, kc, ks, a, w, c, cm_stride, params);
}

}  // namespace octet::x86
