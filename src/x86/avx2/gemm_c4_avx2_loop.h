// The main loop (full groups of 4 reduction elements) of the exact AVX2 GEMM
// kernels, in inline assembly for the two production tiles, 3x32 and 4x24.
//
// Why assembly: those tiles use 12 accumulators + 2 activation vectors + 1
// product = 15 of the 16 ymm registers. GCC 12 reassociates the vpaddd chains
// and spills accumulators in the intrinsic version (measured on rn50_res2_1x1b:
// 82 GOPS, with stack loads/stores in the hot loop). The assembly is the same
// instruction sequence as c4_step_avx2 with the registers pinned.
//
// Per row and group: vpbroadcastd of the 4 activation bytes (then xor 0x80 for
// s8 input), two vpshufb widening (x0,x1) and (x2,x3) into every 32-bit lane,
// then per 8 columns vpmaddwd + vpaddd for each pair.
#pragma once

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

namespace octet::x86 {

// Constants the loop reads from memory (no register is left for them).
struct alignas(32) C4LoopConsts {
  uint32_t shuf01[8];
  uint32_t shuf23[8];
  uint8_t flip[32];  // 0x80: s8 -> u8
};
inline constexpr C4LoopConsts kC4LoopConsts = {
    {0x80018000u, 0x80018000u, 0x80018000u, 0x80018000u, 0x80018000u, 0x80018000u, 0x80018000u, 0x80018000u},
    {0x80038002u, 0x80038002u, 0x80038002u, 0x80038002u, 0x80038002u, 0x80038002u, 0x80038002u, 0x80038002u},
    {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
     0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80}};

// Whether c4_loop_asm_avx2 exists for this tile.
template <size_t MR, size_t NV>
inline constexpr bool kC4LoopAsm = (MR == 3 && NV == 4) || (MR == 4 && NV == 3);

// Widened activation pairs of row R: ymm13 = (x0,x1), ymm15 = (x2,x3).
#define OCTET_C4_X(R, FLIP)                              \
  "vpbroadcastd (%%" #R "), %%ymm15\n\t" FLIP           \
  "vpshufb (%%rax), %%ymm15, %%ymm13\n\t"                 \
  "vpshufb 32(%%rax), %%ymm15, %%ymm15\n\t"
#define OCTET_C4_FLIP "vpxor 64(%%rax), %%ymm15, %%ymm15\n\t"
#define OCTET_C4_MAC(X, OFF, ACC) \
  "vpmaddwd " #OFF "(%[w]), %%" #X ", %%ymm14\n\t" \
  "vpaddd %%ymm14, %t[" #ACC "], %t[" #ACC "]\n\t"

// 3 rows x 4 vectors: a group is 256 bytes of weights, pair (2,3) at +128.
#define OCTET_C4_ROW_3x32(R, FLIP, A0, A1, A2, A3)                                                    \
  OCTET_C4_X(R, FLIP)                                                                                 \
  OCTET_C4_MAC(ymm13, 0, A0) OCTET_C4_MAC(ymm13, 32, A1) OCTET_C4_MAC(ymm13, 64, A2)                  \
  OCTET_C4_MAC(ymm13, 96, A3) OCTET_C4_MAC(ymm15, 128, A0) OCTET_C4_MAC(ymm15, 160, A1)               \
  OCTET_C4_MAC(ymm15, 192, A2) OCTET_C4_MAC(ymm15, 224, A3)
#define OCTET_C4_BODY_3x32(FLIP)                                                                     \
  "1:\n\t" OCTET_C4_ROW_3x32(r8, FLIP, a0, a1, a2, a3) OCTET_C4_ROW_3x32(r9, FLIP, a4, a5, a6, a7)    \
      OCTET_C4_ROW_3x32(r10, FLIP, a8, a9, a10, a11)                                                   \
  "add $4, %%r8\n\tadd $4, %%r9\n\tadd $4, %%r10\n\tadd $256, %[w]\n\tdec %[n]\n\tjnz 1b\n\t"

// 4 rows x 3 vectors: a group is 192 bytes of weights, pair (2,3) at +96.
#define OCTET_C4_ROW_4x24(R, FLIP, A0, A1, A2)                                                        \
  OCTET_C4_X(R, FLIP)                                                                                 \
  OCTET_C4_MAC(ymm13, 0, A0) OCTET_C4_MAC(ymm13, 32, A1) OCTET_C4_MAC(ymm13, 64, A2)                  \
  OCTET_C4_MAC(ymm15, 96, A0) OCTET_C4_MAC(ymm15, 128, A1) OCTET_C4_MAC(ymm15, 160, A2)
#define OCTET_C4_BODY_4x24(FLIP)                                                                     \
  "1:\n\t" OCTET_C4_ROW_4x24(r8, FLIP, a0, a1, a2) OCTET_C4_ROW_4x24(r9, FLIP, a3, a4, a5)            \
      OCTET_C4_ROW_4x24(r10, FLIP, a6, a7, a8) OCTET_C4_ROW_4x24(r11, FLIP, a9, a10, a11)               \
  "add $4, %%r8\n\tadd $4, %%r9\n\tadd $4, %%r10\n\tadd $4, %%r11\n\tadd $192, %[w]\n\tdec %[n]\n\tjnz 1b\n\t"

#define OCTET_C4_ACC_3x32 \
  [a0] "+x"(acc[0][0]), [a1] "+x"(acc[0][1]), [a2] "+x"(acc[0][2]), [a3] "+x"(acc[0][3]), \
      [a4] "+x"(acc[1][0]), [a5] "+x"(acc[1][1]), [a6] "+x"(acc[1][2]), [a7] "+x"(acc[1][3]), \
      [a8] "+x"(acc[2][0]), [a9] "+x"(acc[2][1]), [a10] "+x"(acc[2][2]), [a11] "+x"(acc[2][3])
#define OCTET_C4_ACC_4x24 \
  [a0] "+x"(acc[0][0]), [a1] "+x"(acc[0][1]), [a2] "+x"(acc[0][2]), [a3] "+x"(acc[1][0]), \
      [a4] "+x"(acc[1][1]), [a5] "+x"(acc[1][2]), [a6] "+x"(acc[2][0]), [a7] "+x"(acc[2][1]), \
      [a8] "+x"(acc[2][2]), [a9] "+x"(acc[3][0]), [a10] "+x"(acc[3][1]), [a11] "+x"(acc[3][2])

// The row pointers and the constants go through memory: twelve "+x"
// accumulators already take 24 of asm's 30 operands.
#define OCTET_C4_LOAD_ARGS \
  "mov (%[p]), %%r8\n\tmov 8(%[p]), %%r9\n\tmov 16(%[p]), %%r10\n\tmov 24(%[p]), %%r11\n\tmov 32(%[p]), %%rax\n\t"
#define OCTET_C4_CLOBBERS "rax", "r8", "r9", "r10", "r11", "xmm13", "xmm14", "xmm15", "cc", "memory"
// The loop's asm statement: BODY, then the accumulator operands (OCTET_C4_ACC_*).
#define OCTET_C4_ASM(BODY, ...)                                                              \
  __asm__ volatile(OCTET_C4_LOAD_ARGS BODY : __VA_ARGS__, [w] "+r"(w), [n] "+r"(n) : [p] "r"(args) \
                   : OCTET_C4_CLOBBERS)

// Runs n >= 1 full groups and advances wp past them (the caller advances the
// rows by 4 * n bytes).
template <size_t MR, size_t NV, bool S8>
__attribute__((always_inline)) inline void c4_loop_asm_avx2(__m256i (&acc)[MR][NV], const uint8_t* const* row,
                                                            const int16_t*& wp, size_t n) {
  static_assert(kC4LoopAsm<MR, NV>, "no assembly loop for this tile");
  const void* args[5] = {row[0], row[1], row[2], row[MR == 4 ? 3 : 2], &kC4LoopConsts};
  const void* w = wp;
  if constexpr (MR == 3) {
    if constexpr (S8) {
      OCTET_C4_ASM(OCTET_C4_BODY_3x32(OCTET_C4_FLIP), OCTET_C4_ACC_3x32);
    } else {
      OCTET_C4_ASM(OCTET_C4_BODY_3x32(""), OCTET_C4_ACC_3x32);
    }
  } else {
    if constexpr (S8) {
      OCTET_C4_ASM(OCTET_C4_BODY_4x24(OCTET_C4_FLIP), OCTET_C4_ACC_4x24);
    } else {
      OCTET_C4_ASM(OCTET_C4_BODY_4x24(""), OCTET_C4_ACC_4x24);
    }
  }
  wp = static_cast<const int16_t*>(w);
}

#undef OCTET_C4_X
#undef OCTET_C4_FLIP
#undef OCTET_C4_MAC
#undef OCTET_C4_ROW_3x32
#undef OCTET_C4_BODY_3x32
#undef OCTET_C4_ROW_4x24
#undef OCTET_C4_BODY_4x24
#undef OCTET_C4_ACC_3x32
#undef OCTET_C4_ACC_4x24
#undef OCTET_C4_LOAD_ARGS
#undef OCTET_C4_CLOBBERS
#undef OCTET_C4_ASM

}  // namespace octet::x86
