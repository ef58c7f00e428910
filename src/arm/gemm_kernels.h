// The AArch64 GEMM microkernels, one row each (src/core/kernel_list.h). The
// row is the kernel's declaration here and its GemmKernel row of the kernel
// table (src/arm/config.cc). The kernel itself is
// src/arm/<isa>/gemm_<types>_<MR>x<NR>c<KR>_<isa>.cc. Same contract and panel
// layout as every other ISA (src/core/gemm_ukernel.h).
//
// u8act: the kernel multiplies u8 activations (s8 input gets its sign bit
// flipped, x_zp_eff = x_zp + 128); false: s8 activations (u8 input flipped,
// x_zp_eff = x_zp - 128). The selector prefers, within an ISA, the kernel
// that takes the input as stored.
//   neoni8mm  ARMv8.6 i8mm: usmmla (u8 x s8), smmla (s8 x s8)
//   neondot   ARMv8.2 dotprod: sdot
//   neon      ARMv8.0: int16 widening smlal by element
#pragma once

#include <cstddef>

#include "src/core/kernel_list.h"

// clang-format off
//  X(name,                        mr, nr, kr, int16, u8act, isa,      pair_abs_limit, min_kc, min_m)
#define OCTET_ARM_GEMM_KERNELS(X)                                              \
  X(gemm_u8s8_4x24c8_neoni8mm,      4, 24, 8, false, true,  neoni8mm, 0, 0, 0) \
  X(gemm_s8s8_4x24c8_neoni8mm,      4, 24, 8, false, false, neoni8mm, 0, 0, 0) \
  X(gemm_s8s8_4x16c4_neondot,       4, 16, 4, false, false, neondot,  0, 0, 0) \
  X(gemm_u8s8_8x8c1_neon,           8,  8, 1, false, true,  neon,     0, 0, 0)
// clang-format on

namespace octet::arm {

OCTET_ARM_GEMM_KERNELS(OCTET_GEMM_KERNEL_DECLARE)

// Every AArch64 GEMM kernel: the GEMM rows of the kernel table (src/arm/config.cc).
const GemmKernel* gemm_kernels(size_t* count);

}  // namespace octet::arm
