// The 4 x 24 c8 ARMv8.6 int8 matrix-multiply GEMM microkernel body, shared by
// its two variants (one .cc file each, both compiled with the neoni8mm flags):
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

#include "src/arm/neon/output_neon.h"
#include "src/arm/gemm_kernels.h"

namespace octet::arm {

namespace {

namespace i8mm_4x24c8 {

constexpr size_t NR = 24, KR = 8, NP = NR / 2;  // NP column pairs

#ifdef OCTET_MCA_MARKERS
#define OCTET_MCA_BEGIN(name) "// LLVM-MCA-BEGIN " name "\n"
#define OCTET_MCA_END "// LLVM-MCA-END\n"
#else
#define OCTET_MCA_BEGIN(name)
#define OCTET_MCA_END
#endif

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
      "ld1 {v8.4s, v9.4s, v10.4s, v11.4s}, [%[acc]]\n"                                            \
      "add x16, %[acc], #64\n"                                                                    \
      "ld1 {v12.4s, v13.4s, v14.4s, v15.4s}, [x16], #64\n"                                        \
      "ld1 {v16.4s, v17.4s, v18.4s, v19.4s}, [x16], #64\n"                                        \
      "ld1 {v20.4s, v21.4s, v22.4s, v23.4s}, [x16], #64\n"                                        \
      "ld1 {v24.4s, v25.4s, v26.4s, v27.4s}, [x16], #64\n"                                        \
      "ld1 {v28.4s, v29.4s, v30.4s, v31.4s}, [x16]\n"                                             \
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
      "st1 {v8.4s, v9.4s, v10.4s, v11.4s}, [%[acc]]\n"                                            \
      "add x16, %[acc], #64\n"                                                                    \
      "st1 {v12.4s, v13.4s, v14.4s, v15.4s}, [x16], #64\n"                                        \
      "st1 {v16.4s, v17.4s, v18.4s, v19.4s}, [x16], #64\n"                                        \
      "st1 {v20.4s, v21.4s, v22.4s, v23.4s}, [x16], #64\n"                                        \
      "st1 {v24.4s, v25.4s, v26.4s, v27.4s}, [x16], #64\n"                                        \
      "st1 {v28.4s, v29.4s, v30.4s, v31.4s}, [x16]\n"                                             \
      : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [w] "+r"(wp), [n] "+r"(blocks) \
      : [acc] "r"(acc)                                                                            \
      : "cc", "memory", "x16", "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10",  \
        "v11", "v12", "v13", "v14", "v15", "v16", "v17", "v18", "v19", "v20", "v21", "v22", "v23", \
        "v24", "v25", "v26", "v27", "v28", "v29", "v30", "v31")

inline int8x8_t load8(const int8_t* p, size_t n) {
  uint64_t v = 0;
  std::memcpy(&v, p, n);
  return vreinterpret_s8_u64(vcreate_u64(v));
}

// kSigned: smmla (s8 activations), else usmmla (u8 activations). kFlip: the
// input has the other signedness; its sign bit is flipped as it is loaded.
template <bool kSigned, bool kFlip>
void gemm_impl(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, const void* w, void* c,
               size_t cm_stride, const GemmParams* params) {
  const PanelHeader<NR> h(w);
  // acc[p * NP + j]: rows (2p, 2p+1) x columns (2j, 2j+1), as (us)mmla leaves them.
  alignas(64) int32x4_t acc[2 * NP];
  for (auto& v : acc) v = vdupq_n_s32(0);
  const int8_t* wp = h.weights;
  const void* const* at = a;
  for (size_t t = 0; t < ks; ++t, at += mr) {
    // Rows past mr alias the previous row; their results are never stored.
    const int8_t* a0 = static_cast<const int8_t*>(at[0]);
    const int8_t* a1 = mr > 1 ? static_cast<const int8_t*>(at[1]) : a0;
    const int8_t* a2 = mr > 2 ? static_cast<const int8_t*>(at[2]) : a1;
    const int8_t* a3 = mr > 3 ? static_cast<const int8_t*>(at[3]) : a2;
    size_t k = kc;
    if (k >= 16) {
      size_t blocks = k / 16;
      k %= 16;
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
    while (k != 0) {
      const size_t n = k >= KR ? KR : k;
      int8x16_t x01 = vcombine_s8(load8(a0, n), load8(a1, n));
      int8x16_t x23 = vcombine_s8(load8(a2, n), load8(a3, n));
      if (kFlip) {
        x01 = veorq_s8(x01, vdupq_n_s8(INT8_MIN));
        x23 = veorq_s8(x23, vdupq_n_s8(INT8_MIN));
      }
      a0 += n;
      a1 += n;
      a2 += n;
      a3 += n;
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
      wp += KR * NR;
      k -= n;
    }
  }
  // De-interleave: row 2p takes the low halves of acc[p][j], row 2p+1 the high halves.
  char* cp = static_cast<char*>(c);
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
      if (m < mr) finish_row<NR>(row[i], h, params->a_sums, m, nc, params, cp + m * cm_stride);
    }
  }
}

#undef OCTET_MAIN_LOOP
#undef OCTET_FLIP_TEXT
#undef OCTET_MM_GROUP
#undef OCTET_MM4
#undef OCTET_MM
#undef OCTET_MCA_END
#undef OCTET_MCA_BEGIN

}  // namespace i8mm_4x24c8

}  // namespace
}  // namespace octet::arm
