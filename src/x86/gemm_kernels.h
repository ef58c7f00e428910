// The x86 GEMM microkernels, one row each (src/core/kernel_list.h). The row
// is the kernel's declaration here and its GemmKernel row of the kernel table
// (src/x86/config.cc); the tests pair each row of an ISA this CPU may lack
// with its SIMDe-emulated copy (test/x86/x86_kernels.h). The kernel itself is
// src/x86/<isa>/<name>.cc.
//
// Best ISA first. Within an ISA the first exact row is its fastest tile per
// computed column (the selector's order of preference, src/core/
// kernel_select.cc); a pair-limited row (conditionally exact: pair_abs_limit,
// see GemmKernel) sits beside the exact tile of the same shape.
//   amx         AMX-INT8 tiles (2 x 2 accumulator tiles), AVX-512 output stage
//   avx512vnni  vpdpbusd on zmm
//   avxvnni     vpdpbusd on ymm (VEX)
//   avx512bw    exact int16 (vpmaddwd) scheme on zmm
//   avx2        exact int16 scheme; _maddubs: vpmaddubsw, pair-limited
#pragma once

#include <cstddef>

#include "src/core/kernel_list.h"

// clang-format off
//  X(name,                          mr, nr, kr, int16, u8act, isa,        pair_abs_limit)
#define OCTET_X86_GEMM_KERNELS(X)                                                   \
  X(gemm_u8s8_32x32c4_amx,           32, 32, 4, false, true,  amx,        0)   \
  X(gemm_u8s8_6x64c4_avx512vnni,      6, 64, 4, false, true,  avx512vnni, 0)   \
  X(gemm_u8s8_8x32c4_avx512vnni,      8, 32, 4, false, true,  avx512vnni, 0)   \
  X(gemm_u8s8_6x16c4_avxvnni,         6, 16, 4, false, true,  avxvnni,    0)   \
  X(gemm_u8s8_4x24c4_avxvnni,         4, 24, 4, false, true,  avxvnni,    0)   \
  X(gemm_u8s8_4x64c4_avx512bw,        4, 64, 4, true,  true,  avx512bw,   0)   \
  X(gemm_u8s8_8x32c4_avx512bw,        8, 32, 4, true,  true,  avx512bw,   0)   \
  X(gemm_u8s8_3x32c4_avx2_maddubs,    3, 32, 4, false, true,  avx2,       128) \
  X(gemm_u8s8_3x32c4_avx2,            3, 32, 4, true,  true,  avx2,       0)   \
  X(gemm_u8s8_4x24c4_avx2,            4, 24, 4, true,  true,  avx2,       0)
// clang-format on

namespace octet::x86 {

OCTET_X86_GEMM_KERNELS(OCTET_GEMM_KERNEL_DECLARE)

// Every x86 GEMM kernel: the GEMM rows of the kernel table (src/x86/config.cc).
const GemmKernel* gemm_kernels(size_t* count);

}  // namespace octet::x86
