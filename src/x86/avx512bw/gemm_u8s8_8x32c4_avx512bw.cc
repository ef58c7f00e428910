// AVX-512BW (no VNNI) exact GEMM microkernel: 8 rows x 32 columns on zmm
// (src/x86/avx512bw/gemm_c4_avx512bw.h).
#include "src/x86/avx512bw/gemm_c4_avx512bw.h"

namespace octet::x86 {

void OCTET_UKERNEL_NAME(gemm_u8s8_8x32c4_avx512bw)(size_t mr, size_t nc, size_t kc, size_t ks,
                                                   const void* const* a, const void* w, void* c, size_t cm_stride,
                                                   const GemmParams* params) {
  if (params->input_s8) {
    kernel<8, 2, true>(mr, nc, kc, ks, a, w, c, cm_stride, params);
  } else {
    kernel<8, 2, false>(mr, nc, kc, ks, a, w, c, cm_stride, params);
  }
}

}  // namespace octet::x86
