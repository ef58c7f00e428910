// AVX-512BW (no VNNI) exact GEMM microkernel: 4 rows x 64 columns on zmm (half
// the activation shuffles per multiply-add of 8x32: 16 accumulators, 8 weight
// vectors)
// (src/x86/avx512bw/gemm_c4_avx512bw.h).
#include "src/x86/avx512bw/gemm_c4_avx512bw.h"

namespace octet::x86 {

void OCTET_UKERNEL_NAME(gemm_u8s8_4x64c4_avx512bw)(size_t mr, size_t nc, size_t kc, size_t ks,
                                                   const void* const* a, const void* w, void* c, size_t cm_stride,
                                                   const GemmParams* params) {
  if (params->input_s8) {
    kernel<4, 4, true>(mr, nc, kc, ks, a, w, c, cm_stride, params);
  } else {
    kernel<4, 4, false>(mr, nc, kc, ks, a, w, c, cm_stride, params);
  }
}

}  // namespace octet::x86
