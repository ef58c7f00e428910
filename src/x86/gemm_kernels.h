// The x86 GEMM microkernels (src/x86/<isa>/gemm_u8s8_<MR>x<NR>c4_<isa>.cc),
// listed by the kernel table (src/x86/config.cc).
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
// AMX-INT8 tiles (2 x 2 accumulator tiles), AVX-512 output stage.
OCTET_GEMM_UKERNEL_DECL(gemm_u8s8_32x32c4_amx);

// Every x86 GEMM kernel: the GEMM rows of the kernel table (src/x86/config.cc).
const GemmKernel* gemm_kernels(size_t* count);

}  // namespace octet::x86
