// The x86 GEMM microkernels (src/x86/<isa>/gemm_u8s8_<MR>x<NR>c4_<isa>.cc) and
// the table the convolution path picks from.
#pragma once

#include <cstddef>

#include "src/core/gemm_ukernel.h"

#define OCTET_GEMM_UKERNEL_DECL(name)                                                                       \
  void name(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, const void* w, void* c, \
            size_t cm_stride, const GemmParams* params)

namespace octet::x86 {

// AVX2, exact int16 (vpmaddwd) scheme.
OCTET_GEMM_UKERNEL_DECL(gemm_u8s8_3x32c4_avx2);
OCTET_GEMM_UKERNEL_DECL(gemm_u8s8_4x24c4_avx2);
// AVX2, vpmaddubsw: only for weights proven pair-safe (GemmKernel::pair_abs_limit).
OCTET_GEMM_UKERNEL_DECL(gemm_u8s8_3x32c4_avx2_maddubs);
// AVX-512BW without VNNI, exact int16 scheme on zmm.
OCTET_GEMM_UKERNEL_DECL(gemm_u8s8_4x64c4_avx512bw);
OCTET_GEMM_UKERNEL_DECL(gemm_u8s8_8x32c4_avx512bw);
// vpdpbusd on ymm (VEX, AVX-VNNI) and on zmm (AVX-512 VNNI).
OCTET_GEMM_UKERNEL_DECL(gemm_u8s8_6x16c4_avxvnni);
OCTET_GEMM_UKERNEL_DECL(gemm_u8s8_4x24c4_avxvnni);
OCTET_GEMM_UKERNEL_DECL(gemm_u8s8_8x32c4_avx512vnni);
OCTET_GEMM_UKERNEL_DECL(gemm_u8s8_6x64c4_avx512vnni);

// Every x86 kernel, best ISA first; within an ISA, a pair-limited (faster,
// conditionally exact) kernel comes before the exact one.
const GemmKernel* gemm_kernels(size_t* count);
// The exact kernel for `isa`, or nullptr.
const GemmKernel* gemm_kernel_for_isa(octet_isa isa);
// The exact kernel for `isa` that computes `n` output channels (per group)
// fastest, counting the padding of the last panel; nullptr if none.
const GemmKernel* gemm_kernel_for_isa(octet_isa isa, size_t n);
// The pair-limited kernel for `isa` (usable only after checking the weights
// with gemm_weights_fit_pair_limit), or nullptr.
const GemmKernel* gemm_pair_limited_kernel_for_isa(octet_isa isa);

}  // namespace octet::x86
