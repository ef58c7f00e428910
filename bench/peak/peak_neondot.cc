// AArch64 int8 peaks: the multiply-accumulate sequences of the ARM kernels,
// each as independent accumulator chains (24 > latency x throughput on every
// Neoverse core, so each loop is throughput bound):
//   neondot_sdot    sdot v.4s, v.16b, v.16b          16 s8*s8 MACs   (dotprod)
//   neoni8mm_smmla  smmla v.4s, v.16b, v.16b         32 s8*s8 MACs   (i8mm)
//   neon_smlal      smlal/smlal2 v.4s, v.h, v.h[i]   4 int16 MACs, exact (ARMv8.0; the neon kernel's)
// Compiled with the neondot flags (bench/CMakeLists.txt) for AArch64 builds
// only. Each function is nothing but its assembly loop: the i8mm one enables
// the extension for the assembler only (.arch_extension), the smlal one is
// built for plain ARMv8-a, so no compiler-generated code needs more than the
// CPU the caller checked (octet_isa_supported) for that sequence.
// All three are in the peak table (bench/peak/peak.cc), which only runs the
// ones this CPU supports.
#include "bench/peak/peak.h"

namespace octet_bench {

// 24 chains of sdot v.4s, v.16b, v.16b (16 s8*s8 MACs each).
uint64_t peak_neondot_sdot(uint64_t iters) {
  uint64_t n = iters;
  __asm__ volatile(
      "movi v0.16b, #0\n\t"
      "movi v1.16b, #0\n\t"
      "movi v2.16b, #0\n\t"
      "movi v3.16b, #0\n\t"
      "movi v4.16b, #0\n\t"
      "movi v5.16b, #0\n\t"
      "movi v6.16b, #0\n\t"
      "movi v7.16b, #0\n\t"
      "movi v8.16b, #0\n\t"
      "movi v9.16b, #0\n\t"
      "movi v10.16b, #0\n\t"
      "movi v11.16b, #0\n\t"
      "movi v12.16b, #0\n\t"
      "movi v13.16b, #0\n\t"
      "movi v14.16b, #0\n\t"
      "movi v15.16b, #0\n\t"
      "movi v16.16b, #0\n\t"
      "movi v17.16b, #0\n\t"
      "movi v18.16b, #0\n\t"
      "movi v19.16b, #0\n\t"
      "movi v20.16b, #0\n\t"
      "movi v21.16b, #0\n\t"
      "movi v22.16b, #0\n\t"
      "movi v23.16b, #0\n\t"
      "movi v24.16b, #0\n\t"
      "movi v25.16b, #0\n\t"
      "1:\n\t"
      "sdot v0.4s, v24.16b, v25.16b\n\t"
      "sdot v1.4s, v24.16b, v25.16b\n\t"
      "sdot v2.4s, v24.16b, v25.16b\n\t"
      "sdot v3.4s, v24.16b, v25.16b\n\t"
      "sdot v4.4s, v24.16b, v25.16b\n\t"
      "sdot v5.4s, v24.16b, v25.16b\n\t"
      "sdot v6.4s, v24.16b, v25.16b\n\t"
      "sdot v7.4s, v24.16b, v25.16b\n\t"
      "sdot v8.4s, v24.16b, v25.16b\n\t"
      "sdot v9.4s, v24.16b, v25.16b\n\t"
      "sdot v10.4s, v24.16b, v25.16b\n\t"
      "sdot v11.4s, v24.16b, v25.16b\n\t"
      "sdot v12.4s, v24.16b, v25.16b\n\t"
      "sdot v13.4s, v24.16b, v25.16b\n\t"
      "sdot v14.4s, v24.16b, v25.16b\n\t"
      "sdot v15.4s, v24.16b, v25.16b\n\t"
      "sdot v16.4s, v24.16b, v25.16b\n\t"
      "sdot v17.4s, v24.16b, v25.16b\n\t"
      "sdot v18.4s, v24.16b, v25.16b\n\t"
      "sdot v19.4s, v24.16b, v25.16b\n\t"
      "sdot v20.4s, v24.16b, v25.16b\n\t"
      "sdot v21.4s, v24.16b, v25.16b\n\t"
      "sdot v22.4s, v24.16b, v25.16b\n\t"
      "sdot v23.4s, v24.16b, v25.16b\n\t"
      "subs %[n], %[n], #1\n\t"
      "b.ne 1b\n\t"
      : [n] "+r"(n)
      :
      : "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14", "v15", "v16", "v17", "v18", "v19", "v20", "v21", "v22", "v23", "v24", "v25", "cc");
  return iters * 24u * 16u;
}

// 24 chains of smmla v.4s, v.16b, v.16b (a 2x8 by 8x2 s8 product: 32 MACs each).
uint64_t peak_neoni8mm_smmla(uint64_t iters) {
  uint64_t n = iters;
  __asm__ volatile(
      ".arch_extension i8mm\n\t"
      "movi v0.16b, #0\n\t"
      "movi v1.16b, #0\n\t"
      "movi v2.16b, #0\n\t"
      "movi v3.16b, #0\n\t"
      "movi v4.16b, #0\n\t"
      "movi v5.16b, #0\n\t"
      "movi v6.16b, #0\n\t"
      "movi v7.16b, #0\n\t"
      "movi v8.16b, #0\n\t"
      "movi v9.16b, #0\n\t"
      "movi v10.16b, #0\n\t"
      "movi v11.16b, #0\n\t"
      "movi v12.16b, #0\n\t"
      "movi v13.16b, #0\n\t"
      "movi v14.16b, #0\n\t"
      "movi v15.16b, #0\n\t"
      "movi v16.16b, #0\n\t"
      "movi v17.16b, #0\n\t"
      "movi v18.16b, #0\n\t"
      "movi v19.16b, #0\n\t"
      "movi v20.16b, #0\n\t"
      "movi v21.16b, #0\n\t"
      "movi v22.16b, #0\n\t"
      "movi v23.16b, #0\n\t"
      "movi v24.16b, #0\n\t"
      "movi v25.16b, #0\n\t"
      "1:\n\t"
      "smmla v0.4s, v24.16b, v25.16b\n\t"
      "smmla v1.4s, v24.16b, v25.16b\n\t"
      "smmla v2.4s, v24.16b, v25.16b\n\t"
      "smmla v3.4s, v24.16b, v25.16b\n\t"
      "smmla v4.4s, v24.16b, v25.16b\n\t"
      "smmla v5.4s, v24.16b, v25.16b\n\t"
      "smmla v6.4s, v24.16b, v25.16b\n\t"
      "smmla v7.4s, v24.16b, v25.16b\n\t"
      "smmla v8.4s, v24.16b, v25.16b\n\t"
      "smmla v9.4s, v24.16b, v25.16b\n\t"
      "smmla v10.4s, v24.16b, v25.16b\n\t"
      "smmla v11.4s, v24.16b, v25.16b\n\t"
      "smmla v12.4s, v24.16b, v25.16b\n\t"
      "smmla v13.4s, v24.16b, v25.16b\n\t"
      "smmla v14.4s, v24.16b, v25.16b\n\t"
      "smmla v15.4s, v24.16b, v25.16b\n\t"
      "smmla v16.4s, v24.16b, v25.16b\n\t"
      "smmla v17.4s, v24.16b, v25.16b\n\t"
      "smmla v18.4s, v24.16b, v25.16b\n\t"
      "smmla v19.4s, v24.16b, v25.16b\n\t"
      "smmla v20.4s, v24.16b, v25.16b\n\t"
      "smmla v21.4s, v24.16b, v25.16b\n\t"
      "smmla v22.4s, v24.16b, v25.16b\n\t"
      "smmla v23.4s, v24.16b, v25.16b\n\t"
      "subs %[n], %[n], #1\n\t"
      "b.ne 1b\n\t"
      : [n] "+r"(n)
      :
      : "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14", "v15", "v16", "v17", "v18", "v19", "v20", "v21", "v22", "v23", "v24", "v25", "cc");
  return iters * 24u * 32u;
}

// 24 chains of smlal / smlal2 v.4s, v.4h|8h, v.h[lane] (int16 x int16 -> int32,
// 4 MACs each): the exact widening sequence of gemm_u8s8_8x8c1_neon.
__attribute__((target("arch=armv8-a"))) uint64_t peak_neon_smlal(uint64_t iters) {
  uint64_t n = iters;
  // v0: the int16 vector, v1: the by-element operand (v0-v15 only for .h[i]),
  // v2-v25: accumulators.
  __asm__ volatile(
      "movi v0.16b, #0\n\t"
      "movi v1.16b, #0\n\t"
      "movi v2.16b, #0\n\t"
      "movi v3.16b, #0\n\t"
      "movi v4.16b, #0\n\t"
      "movi v5.16b, #0\n\t"
      "movi v6.16b, #0\n\t"
      "movi v7.16b, #0\n\t"
      "movi v8.16b, #0\n\t"
      "movi v9.16b, #0\n\t"
      "movi v10.16b, #0\n\t"
      "movi v11.16b, #0\n\t"
      "movi v12.16b, #0\n\t"
      "movi v13.16b, #0\n\t"
      "movi v14.16b, #0\n\t"
      "movi v15.16b, #0\n\t"
      "movi v16.16b, #0\n\t"
      "movi v17.16b, #0\n\t"
      "movi v18.16b, #0\n\t"
      "movi v19.16b, #0\n\t"
      "movi v20.16b, #0\n\t"
      "movi v21.16b, #0\n\t"
      "movi v22.16b, #0\n\t"
      "movi v23.16b, #0\n\t"
      "movi v24.16b, #0\n\t"
      "movi v25.16b, #0\n\t"
      "1:\n\t"
      "smlal v2.4s, v0.4h, v1.h[0]\n\t"
      "smlal2 v3.4s, v0.8h, v1.h[1]\n\t"
      "smlal v4.4s, v0.4h, v1.h[2]\n\t"
      "smlal2 v5.4s, v0.8h, v1.h[3]\n\t"
      "smlal v6.4s, v0.4h, v1.h[4]\n\t"
      "smlal2 v7.4s, v0.8h, v1.h[5]\n\t"
      "smlal v8.4s, v0.4h, v1.h[6]\n\t"
      "smlal2 v9.4s, v0.8h, v1.h[7]\n\t"
      "smlal v10.4s, v0.4h, v1.h[0]\n\t"
      "smlal2 v11.4s, v0.8h, v1.h[1]\n\t"
      "smlal v12.4s, v0.4h, v1.h[2]\n\t"
      "smlal2 v13.4s, v0.8h, v1.h[3]\n\t"
      "smlal v14.4s, v0.4h, v1.h[4]\n\t"
      "smlal2 v15.4s, v0.8h, v1.h[5]\n\t"
      "smlal v16.4s, v0.4h, v1.h[6]\n\t"
      "smlal2 v17.4s, v0.8h, v1.h[7]\n\t"
      "smlal v18.4s, v0.4h, v1.h[0]\n\t"
      "smlal2 v19.4s, v0.8h, v1.h[1]\n\t"
      "smlal v20.4s, v0.4h, v1.h[2]\n\t"
      "smlal2 v21.4s, v0.8h, v1.h[3]\n\t"
      "smlal v22.4s, v0.4h, v1.h[4]\n\t"
      "smlal2 v23.4s, v0.8h, v1.h[5]\n\t"
      "smlal v24.4s, v0.4h, v1.h[6]\n\t"
      "smlal2 v25.4s, v0.8h, v1.h[7]\n\t"
      "subs %[n], %[n], #1\n\t"
      "b.ne 1b\n\t"
      : [n] "+r"(n)
      :
      : "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14", "v15", "v16", "v17", "v18", "v19", "v20", "v21", "v22", "v23", "v24", "v25", "cc");
  return iters * 24u * 4u;
}

}  // namespace octet_bench
