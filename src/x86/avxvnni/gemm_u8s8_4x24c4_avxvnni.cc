// AVX-VNNI GEMM microkernel: 4 rows x 24 columns (three ymm of 8 channels;
// 12 accumulators, 3 weight vectors and a broadcast fill the 16 ymm registers),
// VEX vpdpbusd u8 x s8 -> s32 (src/x86/gemm_c4_dpbusd.h).
#include "src/x86/avxvnni/gemm_c4_avxvnni.h"

namespace octet::x86 {

void OCTET_UKERNEL_NAME(gemm_u8s8_4x24c4_avxvnni)(size_t mr, size_t nc, size_t kc, size_t ks,
                                                     const void* const* a, const void* w, void* c,
                                                     size_t cm_stride, const GemmParams* params) {
  dpbusd_dispatch<YmmVnni, 4, 3>(mr, nc, kc, ks, a, w, c, cm_stride, params);
}

}  // namespace octet::x86
