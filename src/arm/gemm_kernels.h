// The AArch64 GEMM microkernels (src/arm/<isa>/gemm_<types>_<MR>x<NR>c<KR>_<isa>.cc)
// listed by the kernel table (src/arm/config.cc). Same contract and panel
// layout as every other ISA (src/core/gemm_ukernel.h).
#pragma once

#include <cstddef>

#include "src/core/gemm_ukernel.h"

namespace octet::arm {

#define OCTET_ARM_GEMM_UKERNEL_DECL(name)                                                                   \
  void name(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, const void* w, void* c, \
            size_t cm_stride, const GemmParams* params)

// ARMv8.0: int16 widening smlal by element; u8 activations (s8 input flipped, x_zp_eff = x_zp + 128).
OCTET_ARM_GEMM_UKERNEL_DECL(gemm_u8s8_8x8c1_neon);
// ARMv8.2 dotprod: sdot; s8 activations (u8 input flipped, x_zp_eff = x_zp - 128).
OCTET_ARM_GEMM_UKERNEL_DECL(gemm_s8s8_4x16c4_neondot);
// ARMv8.6 i8mm: usmmla; u8 activations (s8 input flipped, x_zp_eff = x_zp + 128).
OCTET_ARM_GEMM_UKERNEL_DECL(gemm_u8s8_4x24c8_neoni8mm);
// ARMv8.6 i8mm: smmla; s8 activations (u8 input flipped, x_zp_eff = x_zp - 128).
OCTET_ARM_GEMM_UKERNEL_DECL(gemm_s8s8_4x24c8_neoni8mm);

#undef OCTET_ARM_GEMM_UKERNEL_DECL

// Every AArch64 GEMM kernel: the GEMM rows of the kernel table (src/arm/config.cc).
const GemmKernel* gemm_kernels(size_t* count);

}  // namespace octet::arm
