// GEMM microkernel, 4 x 16 tile, reduction in groups of 4 (c4), ARMv8.2 dot
// product (sdot, by element): s8 activations x s8 weights.
//
// sdot multiplies signed bytes. s8 activations go in as they are; u8
// activations have their sign bit flipped (x ^ 0x80 == x - 128 as int8) and
// the packing folds the matching zero point (x_zp_eff = x_zp - 128: this
// kernel has u8_activations == false, see src/core/gemm_ukernel.h), so the
// arithmetic stays exact either way.
//
// Registers: 16 accumulators (4 rows x 4 quads of columns), 4 activation
// vectors (16 reduction elements of each row), weights 4 at a time.
// Main loop (inline assembly, see below): 16 reduction elements per
// iteration = 64 sdot, + 4 eor for u8 input. The k tail and the epilogue are
// intrinsics.
#include <arm_neon.h>

#include <cstring>

#include "src/arm/gemm_driver.h"
#include "src/arm/gemm_kernels.h"

namespace octet::arm {

namespace {

// n (1..4) bytes into every 32-bit lane (the rest of the group zero).
inline int8x16_t load_group(const int8_t* p, size_t n) {
  uint32_t v = 0;
  std::memcpy(&v, p, n);
  return vreinterpretq_s8_u32(vdupq_n_u32(v));
}

template <bool kFlip>
inline int8x16_t prep(int8x16_t v) {
  return kFlip ? veorq_s8(v, vdupq_n_s8(INT8_MIN)) : v;
}

// --- The main loop, as assembly text -------------------------------------
// In C, GCC keeps these 16 accumulators in registers only at the price of
// register copies (or stack spills) in every iteration, and an asm statement
// cannot take them all as operands (at most 30); so the loop is written out:
// exactly 64 sdot, 8 ldp, 4 ldr (+4 eor) and the loop control. The
// accumulators live in v16-v31 during the loop and in memory (acc[16], row
// major: acc[4m+q] = row m, columns 4q..4q+3) between taps.
// v0-v3: 16 activation bytes of rows 0-3; v4-v7 / v8-v11: the weights of
// element groups 0, 2 / 1, 3; v12: the sign-flip mask.
// OCTET_MCA_BEGIN / END (gemm_driver.h) mark the loop body for bench/arm/mca.sh.
#define OCTET_SDOT(c, w, a, l) "sdot v" c ".4s, v" w ".16b, v" a ".4b[" l "]\n"
#define OCTET_SDOT_GROUP(l, w0, w1, w2, w3, off0, off1)                                             \
  "ldp q" w0 ", q" w1 ", [%[w], #" off0 "]\n"                                                       \
  "ldp q" w2 ", q" w3 ", [%[w], #" off1 "]\n"                                                       \
  OCTET_SDOT("16", w0, "0", l) OCTET_SDOT("17", w1, "0", l) OCTET_SDOT("18", w2, "0", l)           \
  OCTET_SDOT("19", w3, "0", l) OCTET_SDOT("20", w0, "1", l) OCTET_SDOT("21", w1, "1", l)           \
  OCTET_SDOT("22", w2, "1", l) OCTET_SDOT("23", w3, "1", l) OCTET_SDOT("24", w0, "2", l)           \
  OCTET_SDOT("25", w1, "2", l) OCTET_SDOT("26", w2, "2", l) OCTET_SDOT("27", w3, "2", l)           \
  OCTET_SDOT("28", w0, "3", l) OCTET_SDOT("29", w1, "3", l) OCTET_SDOT("30", w2, "3", l)           \
  OCTET_SDOT("31", w3, "3", l)
#define OCTET_FLIP_TEXT                        \
  "eor v0.16b, v0.16b, v12.16b\n"              \
  "eor v1.16b, v1.16b, v12.16b\n"              \
  "eor v2.16b, v2.16b, v12.16b\n"              \
  "eor v3.16b, v3.16b, v12.16b\n"
#define OCTET_MAIN_LOOP(name, flip_text)                                                           \
  __asm__ volatile(                                                                                \
      "mov x16, %[acc]\n" OCTET_ARM_ACC_V16_V31("ld1")                                             \
      "movi v12.16b, #0x80\n"                                                                      \
      "1:\n" OCTET_MCA_BEGIN(name)                                                                 \
      "ldr q0, [%[a0]], #16\n"                                                                     \
      "ldr q1, [%[a1]], #16\n"                                                                     \
      "ldr q2, [%[a2]], #16\n"                                                                     \
      "ldr q3, [%[a3]], #16\n" flip_text                                                           \
      OCTET_SDOT_GROUP("0", "4", "5", "6", "7", "0", "32")                                         \
      OCTET_SDOT_GROUP("1", "8", "9", "10", "11", "64", "96")                                      \
      OCTET_SDOT_GROUP("2", "4", "5", "6", "7", "128", "160")                                      \
      OCTET_SDOT_GROUP("3", "8", "9", "10", "11", "192", "224")                                    \
      "add %[w], %[w], #256\n"                                                                     \
      "subs %[n], %[n], #1\n"                                                                      \
      "b.ne 1b\n" OCTET_MCA_END                                                                    \
      "mov x16, %[acc]\n" OCTET_ARM_ACC_V16_V31("st1")                                             \
      OCTET_ARM_LOOP_OPERANDS("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9",          \
                              "v10", "v11", "v12", "v16", "v17", "v18", "v19", "v20", "v21",       \
                              "v22", "v23", "v24", "v25", "v26", "v27", "v28", "v29", "v30",       \
                              "v31"))

// The Step of the driver (src/arm/gemm_driver.h). Accumulators: acc[4m+q] =
// row m, columns 4q..4q+3, starting from folded[].
struct SdotStep {
  static constexpr size_t NR = 16, KR = 4;
  using Acc = int32_t[4 * NR];

  static void init(Acc& acc, const PanelHeader<>& h) {
    for (size_t m = 0; m < 4; ++m) std::memcpy(acc + m * NR, h.folded, NR * sizeof(int32_t));
  }

  template <bool kFlip>
  __attribute__((always_inline)) static void loop(Acc& acc, const int8_t*& a0, const int8_t*& a1,
                                                  const int8_t*& a2, const int8_t*& a3, const int8_t*& wp,
                                                  size_t blocks) {
    if constexpr (kFlip) {
      OCTET_MAIN_LOOP("gemm_s8s8_4x16c4_neondot/u8", OCTET_FLIP_TEXT);
    } else {
      OCTET_MAIN_LOOP("gemm_s8s8_4x16c4_neondot/s8", "");
    }
  }

  template <bool kFlip>
  static void group(Acc& acc, const int8_t* a0, const int8_t* a1, const int8_t* a2, const int8_t* a3, size_t n,
                    const int8_t* wp) {
    const int8x16_t va[4] = {prep<kFlip>(load_group(a0, n)), prep<kFlip>(load_group(a1, n)),
                             prep<kFlip>(load_group(a2, n)), prep<kFlip>(load_group(a3, n))};
    for (size_t q = 0; q < 4; ++q) {
      const int8x16_t wq = vld1q_s8(wp + 16 * q);
      for (size_t m = 0; m < 4; ++m) {
        int32_t* p = acc + m * NR + 4 * q;
        vst1q_s32(p, vdotq_laneq_s32(vld1q_s32(p), wq, va[m], 0));
      }
    }
  }

  static void finish(const Acc& acc, const PanelHeader<>& h, size_t mr, size_t nc, const GemmParams* params,
                     char* c, size_t cm_stride) {
    for (size_t m = 0; m < mr; ++m) {
      int32x4_t r[4] = {vld1q_s32(acc + m * NR), vld1q_s32(acc + m * NR + 4), vld1q_s32(acc + m * NR + 8),
                        vld1q_s32(acc + m * NR + 12)};
      finish_row<NR>(r, h, params->a_sums, m, nc, params, c + m * cm_stride);
    }
  }
};

#undef OCTET_MAIN_LOOP
#undef OCTET_FLIP_TEXT
#undef OCTET_SDOT_GROUP
#undef OCTET_SDOT

}  // namespace
}  // namespace octet::arm

// Multiplies s8 activations (u8act false).
OCTET_ARM_GEMM_KERNEL(gemm_s8s8_4x16c4_neondot, false, Rows4<SdotStep>)
