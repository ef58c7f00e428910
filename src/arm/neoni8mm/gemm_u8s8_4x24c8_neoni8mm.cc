// GEMM microkernel, 4 x 24 tile, reduction in groups of 8 (c8), ARMv8.6 int8
// matrix multiply: usmmla (u8 activations x s8 weights). s8 input has its sign
// bit flipped (x + 128), with x_zp_eff = x_zp + 128 folded at packing, as for
// every u8 x s8 kernel; the driver gives s8 input to gemm_s8s8_4x24c8_neoni8mm
// (smmla, no flip) instead. The Step: gemm_4x24c8_neoni8mm.h.
#include "src/arm/neoni8mm/gemm_4x24c8_neoni8mm.h"

OCTET_ARM_GEMM_KERNEL(gemm_u8s8_4x24c8_neoni8mm, true, Rows4<i8mm_4x24c8::MmlaStep<false>>)
