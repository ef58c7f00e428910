#include "src/arm/gemm_kernels.h"

namespace octet::arm {

namespace {

// u8act: the kernel multiplies u8 activations (s8 input gets its sign bit
// flipped, x_zp_eff = x_zp + 128); false: it multiplies s8 activations (u8
// input flipped, x_zp_eff = x_zp - 128). See src/core/gemm_ukernel.h.
//                 fn                          mr nr kr int16  u8act  isa
const GemmKernel kKernels[] = {
    {gemm_u8s8_4x24c8_neoni8mm, 4, 24, 8, false, true, octet_isa_neoni8mm, "gemm_u8s8_4x24c8_neoni8mm"},
    {gemm_s8s8_4x24c8_neoni8mm, 4, 24, 8, false, false, octet_isa_neoni8mm, "gemm_s8s8_4x24c8_neoni8mm"},
    {gemm_s8s8_4x16c4_neondot, 4, 16, 4, false, false, octet_isa_neondot, "gemm_s8s8_4x16c4_neondot"},
    {gemm_u8s8_8x8c1_neon, 8, 8, 1, false, true, octet_isa_neon, "gemm_u8s8_8x8c1_neon"},
};

}  // namespace

const GemmKernel* gemm_kernels(size_t* count) {
  *count = sizeof(kKernels) / sizeof(kKernels[0]);
  return kKernels;
}

const GemmKernel* gemm_kernel_for_isa(octet_isa isa) {
  for (const GemmKernel& k : kKernels) {
    if (k.isa == isa) return &k;
  }
  return nullptr;
}

const GemmKernel* gemm_kernel_for_isa(octet_isa isa, bool input_s8) {
  const GemmKernel* first = nullptr;
  for (const GemmKernel& k : kKernels) {
    if (k.isa != isa) continue;
    if (k.u8_activations != input_s8) return &k;  // multiplies the input as stored
    if (first == nullptr) first = &k;
  }
  return first;
}

}  // namespace octet::arm
