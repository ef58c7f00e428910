// The 4 x 24 c8 ARMv8.6 int8 matrix-multiply GEMM microkernel's Step
// (MmlaStep, for the driver in src/arm/gemm_driver.h), shared by its two
// variants (one .cc file each, both compiled with the neoni8mm flags):
//   gemm_u8s8_4x24c8_neoni8mm  usmmla: u8 activations x s8 weights
//                              (u8_activations == true; s8 input flipped, x + 128)
//   gemm_s8s8_4x24c8_neoni8mm  smmla:  s8 activations x s8 weights
//                              (u8_activations == false; u8 input flipped, x - 128)
// The driver picks the variant whose activation type is the operator's input
// type, so neither flips in practice; the flip is there for the contract (and
// the tests), with x_zp_eff folded at packing (src/core/gemm_ukernel.h).
//
// One (us)mmla multiplies a 2x8 block of activations (two rows, 8 reduction
// elements each) by an 8x2 block of weights (two columns), accumulating the
// 2x2 int32 result [r0c0, r0c1, r1c0, r1c1]. The panel's c8 layout ([NR][8]
// per group) puts the 8 elements of columns 2j and 2j+1 in 16 consecutive
// bytes: one weight register per column pair, loaded as is. Activations are
// interleaved in registers: rows (0,1) and (2,3) zipped by 64-bit halves,
// 2 zips per row pair and 16 elements. NR = 24 keeps those zips under 10% of
// the vector instructions (4 per 48 (us)mmla).
//
// Main loop (inline assembly): 16 reduction elements per iteration = 48
// (us)mmla, 4 zip, 4 + 12 loads (+ movi and 4 eor when the input has the other
// signedness). Accumulators in v8-v31 (24 = 2 row pairs x 12 column pairs),
// v0-v3 rows, then weights; v4-v7 the zipped rows. Between taps and in the k
// tail (intrinsics) the accumulators live in memory.
//
// Internal linkage only (anonymous namespace), like output_neon.h.
#pragma once

#include <arm_neon.h>

#include <cstring>

#include "src/arm/gemm_driver.h"
#include "src/arm/gemm_kernels.h"

namespace octet::arm {

namespace {

namespace i8mm_4x24c8 {

constexpr size_t NR = 24, KR = 8, NP = NR / 2;  // NP column pairs

// acc register of (row pair p, column pair j): v(8 + 12p + j). op: "usmmla" or "smmla".
#define OCTET_MM(op, acc, x, w) op " v" acc ".4s, v" x ".16b, v" w ".16b\n"
// Four column pairs j0..j0+3 of one element group: weights at byte offset off.
#define OCTET_MM4(op, a0, a1, a2, a3, b0, b1, b2, b3, x01, x23, off0, off1)                              \
  "ldp q0, q1, [%[w], #" off0 "]\n"                                                                       \
  "ldp q2, q3, [%[w], #" off1 "]\n"                                                                       \
  OCTET_MM(op, a0, x01, "0") OCTET_MM(op, b0, x23, "0") OCTET_MM(op, a1, x01, "1") OCTET_MM(op, b1, x23, "1") \
  OCTET_MM(op, a2, x01, "2") OCTET_MM(op, b2, x23, "2") OCTET_MM(op, a3, x01, "3") OCTET_MM(op, b3, x23, "3")
#define OCTET_MM_GROUP(op, x01, x23, o0, o1, o2, o3, o4, o5)                   \
  OCTET_MM4(op, "8", "9", "10", "11", "20", "21", "22", "23", x01, x23, o0, o1)   \
  OCTET_MM4(op, "12", "13", "14", "15", "24", "25", "26", "27", x01, x23, o2, o3) \
  OCTET_MM4(op, "16", "17", "18", "19", "28", "29", "30", "31", x01, x23, o4, o5)
#define OCTET_FLIP_TEXT                 \
  "movi v0.16b, #0x80\n"                \
  "eor v4.16b, v4.16b, v0.16b\n"        \
  "eor v5.16b, v5.16b, v0.16b\n"        \
  "eor v6.16b, v6.16b, v0.16b\n"        \
  "eor v7.16b, v7.16b, v0.16b\n"
#define OCTET_MAIN_LOOP(op, name, flip_text)                                                      \
  __asm__ volatile(                                                                               \
      "mov x16, %[acc]\n" OCTET_ARM_ACC_V8_V15("ld1") OCTET_ARM_ACC_V16_V31("ld1")                \
      "1:\n" OCTET_MCA_BEGIN(name)                                                                \
      "ldr q0, [%[a0]], #16\n"                                                                    \
      "ldr q1, [%[a1]], #16\n"                                                                    \
      "ldr q2, [%[a2]], #16\n"                                                                    \
      "ldr q3, [%[a3]], #16\n"                                                                    \
      "zip1 v4.2d, v0.2d, v1.2d\n"                                                                \
      "zip1 v6.2d, v2.2d, v3.2d\n"                                                                \
      "zip2 v5.2d, v0.2d, v1.2d\n"                                                                \
      "zip2 v7.2d, v2.2d, v3.2d\n" flip_text                                                      \
      OCTET_MM_GROUP(op, "4", "6", "0", "32", "64", "96", "128", "160")                           \
      OCTET_MM_GROUP(op, "5", "7", "192", "224", "256", "288", "320", "352")                      \
      "add %[w], %[w], #384\n"                                                                    \
      "subs %[n], %[n], #1\n"                                                                     \
      "b.ne 1b\n" OCTET_MCA_END                                                                   \
      "mov x16, %[acc]\n" OCTET_ARM_ACC_V8_V15("st1") OCTET_ARM_ACC_V16_V31("st1")                \
      OCTET_ARM_LOOP_OPERANDS("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9",         \
                              "v10", "v11", "v12", "v13", "v14", "v15", "v16", "v17", "v18",      \
                              "v19", "v20", "v21", "v22", "v23", "v24", "v25", "v26", "v27",      \
                              "v28", "v29", "v30", "v31"))

inline int8x8_t load8(const int8_t* p, size_t n) {
  uint64_t v = 0;
  std::memcpy(&v, p, n);
  return vreinterpret_s8_u64(vcreate_u64(v));
}

// The Step of the driver (src/arm/gemm_driver.h). kSigned: smmla (s8
// activations), else usmmla (u8 activations). acc[p * NP + j]: rows (2p,
// 2p+1) x columns (2j, 2j+1), as (us)mmla leaves them.
template <bool kSigned>
struct MmlaStep {
  static constexpr size_t NR = i8mm_4x24c8::NR, KR = i8mm_4x24c8::KR;
  using Acc = int32x4_t[2 * NP];

  static void init(Acc& acc, const PanelHeader<>&) {
    for (auto& v : acc) v = vdupq_n_s32(0);
  }

  template <bool kFlip>
  __attribute__((always_inline)) static void loop(Acc& acc, const int8_t*& a0, const int8_t*& a1,
                                                  const int8_t*& a2, const int8_t*& a3, const int8_t*& wp,
                                                  size_t blocks) {
    // Region names (bench/arm/mca.sh): kernel / input type.
    if constexpr (kSigned && kFlip) {
      OCTET_MAIN_LOOP("smmla", "gemm_s8s8_4x24c8_neoni8mm/u8", OCTET_FLIP_TEXT);
    } else if constexpr (kSigned) {
      OCTET_MAIN_LOOP("smmla", "gemm_s8s8_4x24c8_neoni8mm/s8", "");
    } else if constexpr (kFlip) {
      OCTET_MAIN_LOOP("usmmla", "gemm_u8s8_4x24c8_neoni8mm/s8", OCTET_FLIP_TEXT);
    } else {
      OCTET_MAIN_LOOP("usmmla", "gemm_u8s8_4x24c8_neoni8mm/u8", "");
    }
  }

  // The remaining group of 8, whole or partial (zero-filled: its weights are 0).
  template <bool kFlip>
  static void group(Acc& acc, const int8_t* a0, const int8_t* a1, const int8_t* a2, const int8_t* a3, size_t n,
                    const int8_t* wp) {
    int8x16_t x01 = vcombine_s8(load8(a0, n), load8(a1, n));
    int8x16_t x23 = vcombine_s8(load8(a2, n), load8(a3, n));
    if (kFlip) {
      x01 = veorq_s8(x01, vdupq_n_s8(INT8_MIN));
      x23 = veorq_s8(x23, vdupq_n_s8(INT8_MIN));
    }
    for (size_t j = 0; j < NP; ++j) {
      const int8x16_t wj = vld1q_s8(wp + 16 * j);
      if constexpr (kSigned) {
        acc[j] = vmmlaq_s32(acc[j], x01, wj);
        acc[NP + j] = vmmlaq_s32(acc[NP + j], x23, wj);
      } else {
        acc[j] = vusmmlaq_s32(acc[j], vreinterpretq_u8_s8(x01), wj);
        acc[NP + j] = vusmmlaq_s32(acc[NP + j], vreinterpretq_u8_s8(x23), wj);
      }
    }
  }

  // De-interleave: row 2p takes the low halves of acc[p][j], row 2p+1 the high halves.
  static void finish(const Acc& acc, const PanelHeader<>& h, size_t mr, size_t nc, const GemmParams* params,
                     char* c, size_t cm_stride) {
    for (size_t p = 0; p < 2; ++p) {
      int32x4_t row[2][NR / 4];
      for (size_t q = 0; q < NR / 4; ++q) {
        const int64x2_t lo = vreinterpretq_s64_s32(acc[p * NP + 2 * q]);
        const int64x2_t hi = vreinterpretq_s64_s32(acc[p * NP + 2 * q + 1]);
        const int32x4_t f = vld1q_s32(h.folded + 4 * q);
        row[0][q] = vaddq_s32(vreinterpretq_s32_s64(vzip1q_s64(lo, hi)), f);
        row[1][q] = vaddq_s32(vreinterpretq_s32_s64(vzip2q_s64(lo, hi)), f);
      }
      for (size_t i = 0; i < 2; ++i) {
        const size_t m = 2 * p + i;
        if (m < mr) finish_row<NR>(row[i], h, params->a_sums, m, nc, params, c + m * cm_stride);
      }
    }
  }
};

#undef OCTET_MAIN_LOOP
#undef OCTET_FLIP_TEXT
#undef OCTET_MM_GROUP
#undef OCTET_MM4
#undef OCTET_MM

}  // namespace i8mm_4x24c8

}  // namespace
}  // namespace octet::arm
