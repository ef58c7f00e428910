// GEMM microkernel, 4 x 24 tile, reduction in groups of 8 (c8), ARMv8.6 int8
// matrix multiply: smmla (s8 activations x s8 weights). The kernel the driver
// runs on s8 input under neoni8mm: the activations go in as stored, so the
// main loop is the 48 smmla + 4 zip + 16 loads of the u8 variant's u8 path,
// without the sign flip (movi + 4 eor per iteration) that usmmla needs for s8
// input. u8 input, which the driver gives to gemm_u8s8_4x24c8_neoni8mm, still
// works: its sign bit is flipped (x - 128) with x_zp_eff = x_zp - 128 folded at
// packing (u8_activations == false, src/core/gemm_ukernel.h). Same panel
// layout and epilogue as the u8 variant. The Step: gemm_4x24c8_neoni8mm.h.
#include "src/arm/neoni8mm/gemm_4x24c8_neoni8mm.h"

OCTET_ARM_GEMM_KERNEL(gemm_s8s8_4x24c8_neoni8mm, false, Rows4<i8mm_4x24c8::MmlaStep<true>>)
