// AArch64 dot-product int8 peak: sdot on 128-bit vectors.
// Compiled with the neondot flags (bench/CMakeLists.txt) for AArch64 builds only;
// called only when the CPU has the dot-product extension.
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

}  // namespace octet_bench
