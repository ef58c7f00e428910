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
//   avx512vnni  vpdpbusd on zmm (12x24: a zmm and an EVEX ymm per row)
//   avxvnni     vpdpbusd on ymm (VEX)
//   avx512bw    exact int16 (vpmaddwd) scheme on zmm (10x24: a zmm and an EVEX ymm per
//               row); _maddubs: vpmaddubsw, pair-limited
//   avx2        exact int16 scheme; _maddubs: vpmaddubsw, pair-limited
//
// min_kc, min_m (GemmKernel): where AMX stops paying against avx512vnni, from
// Sapphire Rapids numbers (estimates: no AMX machine measured them). For one
// 32 x 32 block:
//   avx512vnni: 2 vpdpbusd zmm a cycle = 2 x 16 lanes x 4 = 128 MACs, so a
//     tap of kc bytes costs 32 * 32 * kc / 128 = 8 kc cycles.
//   amx: a 64-byte step is 4 tdpbusd at 16 cycles = 64 cycles (8x the VNNI
//     rate); a tap whose kc is not a multiple of 64 copies its tail, 32
//     zero-padded rows at ~8 cycles each = ~256 cycles; each call pays a fixed
//     F ~ 100 (ldtilecfg, 4 tilezero, 4 tilestored, tilerelease).
//   K: a tap of kc < 64 costs amx ~64 + 256 = 320 cycles against vnni 8 kc.
//     kc = 40: vnni 320 vs amx 320 (+F): vnni. kc = 48: vnni 384 vs amx 320
//     (+F/ks: at par for a 1x1, amx by 14% at ks = 9). Hence min_kc = 48,
//     which sends every C = 3 stem (kc = S*C = 21 for 7x7, 9 for 3x3) and
//     C <= 32 layers (indirection kc = C) to vnni; there each tdpbusd would
//     be at least a quarter padding.
//   pixels: with m < 16 rows one A tile is partly empty but still costs 16
//     cycles per tdpbusd: a step is 2 x 16 = 32 cycles against vnni's 8x32
//     tile at m cycles per byte-quad, 16 m per step. With F per call and s
//     steps per call, amx pays when 16 m s > 32 s + F, m > 2 + 6.25 / s: m >= 8
//     even for one step. Hence min_m = 8 (output pixels of a run).
//   output channels: no limit. The narrowest vnni tile is 32 wide, so few
//     channels pad vnni as much as amx (16 per B tile) and the 8x rate stays.
#pragma once

#include <cstddef>

#include "src/core/kernel_list.h"

// clang-format off
//  X(name,                          mr, nr, kr, int16, u8act, isa,        pair_abs_limit, min_kc, min_m)
#define OCTET_X86_GEMM_KERNELS(X)                                                          \
  X(gemm_u8s8_32x32c4_amx,           32, 32, 4, false, true,  amx,        0, 48, 8)   \
  X(gemm_u8s8_7x64c4_avx512vnni,      7, 64, 4, false, true,  avx512vnni, 0, 0, 0)   \
  X(gemm_u8s8_6x64c4_avx512vnni,      6, 64, 4, false, true,  avx512vnni, 0, 0, 0)   \
  X(gemm_u8s8_8x32c4_avx512vnni,      8, 32, 4, false, true,  avx512vnni, 0, 0, 0)   \
  X(gemm_u8s8_12x24c4_avx512vnni,    12, 24, 4, false, true,  avx512vnni, 0, 0, 0)   \
  X(gemm_u8s8_6x16c4_avxvnni,         6, 16, 4, false, true,  avxvnni,    0, 0, 0)   \
  X(gemm_u8s8_4x24c4_avxvnni,         4, 24, 4, false, true,  avxvnni,    0, 0, 0)   \
  X(gemm_u8s8_4x64c4_avx512bw_maddubs, 4, 64, 4, false, true,  avx512bw,   128, 0, 0) \
  X(gemm_u8s8_4x64c4_avx512bw,        4, 64, 4, true,  true,  avx512bw,   0, 0, 0)   \
  X(gemm_u8s8_8x32c4_avx512bw,        8, 32, 4, true,  true,  avx512bw,   0, 0, 0)   \
  X(gemm_u8s8_10x24c4_avx512bw,      10, 24, 4, true,  true,  avx512bw,   0, 0, 0)   \
  X(gemm_u8s8_3x32c4_avx2_maddubs,    3, 32, 4, false, true,  avx2,       128, 0, 0) \
  X(gemm_u8s8_3x32c4_avx2,            3, 32, 4, true,  true,  avx2,       0, 0, 0)   \
  X(gemm_u8s8_4x24c4_avx2,            4, 24, 4, true,  true,  avx2,       0, 0, 0)
// clang-format on

namespace octet::x86 {

OCTET_X86_GEMM_KERNELS(OCTET_GEMM_KERNEL_DECLARE)

// Every x86 GEMM kernel: the GEMM rows of the kernel table (src/x86/config.cc).
const GemmKernel* gemm_kernels(size_t* count);

}  // namespace octet::x86

// The rows with a multi-panel entry <name>_panels (GemmKernel::fn_panels):
// the AMX kernel overlaps a panel's AVX-512 output stage with the next
// panel's tdpbusd; the 64-column VNNI tiles run the output stage of each
// 32-column half between the next half's vpdpbusd
// (avx512vnni/gemm_x64c4_pipeline.h).
#define OCTET_X86_GEMM_PANELS(X) \
  X(gemm_u8s8_32x32c4_amx) X(gemm_u8s8_7x64c4_avx512vnni) X(gemm_u8s8_6x64c4_avx512vnni)

#define OCTET_X86_PANELS_DECLARE(name) \
  namespace octet::x86 {               \
  OCTET_GEMM_PANELS_DECL(name##_panels); \
  }                                    \
  OCTET_GEMM_PANELS_OF(::octet::x86::name, ::octet::x86::name##_panels)
OCTET_X86_GEMM_PANELS(OCTET_X86_PANELS_DECLARE)
// The same for the SIMDe copies (<name>_panels_emu, src/x86/emulation.h),
// expanded by the tests' and the emulated fuzzer's tables.
#define OCTET_X86_PANELS_EMU_DECLARE(name)  \
  namespace octet::x86 {                    \
  OCTET_GEMM_PANELS_DECL(name##_panels_emu); \
  }                                         \
  OCTET_GEMM_PANELS_OF(::octet::x86::name##_emu, ::octet::x86::name##_panels_emu)
