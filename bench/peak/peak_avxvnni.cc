// AVX-VNNI int8 peak: VEX-encoded vpdpbusd ymm.
// Compiled with the avxvnni flags (bench/CMakeLists.txt); called only when the CPU has avxvnni.
#include "bench/peak/peak.h"

namespace octet_bench {

// 14 chains of VEX vpdpbusd ymm (32 u8*s8 MACs each).
uint64_t peak_avxvnni_ymm(uint64_t iters) {
  uint64_t n = iters;
  __asm__ volatile(
      "vpxor %%ymm0, %%ymm0, %%ymm0\n\t"
      "vpxor %%ymm1, %%ymm1, %%ymm1\n\t"
      "vpxor %%ymm2, %%ymm2, %%ymm2\n\t"
      "vpxor %%ymm3, %%ymm3, %%ymm3\n\t"
      "vpxor %%ymm4, %%ymm4, %%ymm4\n\t"
      "vpxor %%ymm5, %%ymm5, %%ymm5\n\t"
      "vpxor %%ymm6, %%ymm6, %%ymm6\n\t"
      "vpxor %%ymm7, %%ymm7, %%ymm7\n\t"
      "vpxor %%ymm8, %%ymm8, %%ymm8\n\t"
      "vpxor %%ymm9, %%ymm9, %%ymm9\n\t"
      "vpxor %%ymm10, %%ymm10, %%ymm10\n\t"
      "vpxor %%ymm11, %%ymm11, %%ymm11\n\t"
      "vpxor %%ymm12, %%ymm12, %%ymm12\n\t"
      "vpxor %%ymm13, %%ymm13, %%ymm13\n\t"
      "vpxor %%ymm14, %%ymm14, %%ymm14\n\t"
      "vpxor %%ymm15, %%ymm15, %%ymm15\n\t"
      "1:\n\t"
      "%{vex%} vpdpbusd %%ymm15, %%ymm14, %%ymm0\n\t"
      "%{vex%} vpdpbusd %%ymm15, %%ymm14, %%ymm1\n\t"
      "%{vex%} vpdpbusd %%ymm15, %%ymm14, %%ymm2\n\t"
      "%{vex%} vpdpbusd %%ymm15, %%ymm14, %%ymm3\n\t"
      "%{vex%} vpdpbusd %%ymm15, %%ymm14, %%ymm4\n\t"
      "%{vex%} vpdpbusd %%ymm15, %%ymm14, %%ymm5\n\t"
      "%{vex%} vpdpbusd %%ymm15, %%ymm14, %%ymm6\n\t"
      "%{vex%} vpdpbusd %%ymm15, %%ymm14, %%ymm7\n\t"
      "%{vex%} vpdpbusd %%ymm15, %%ymm14, %%ymm8\n\t"
      "%{vex%} vpdpbusd %%ymm15, %%ymm14, %%ymm9\n\t"
      "%{vex%} vpdpbusd %%ymm15, %%ymm14, %%ymm10\n\t"
      "%{vex%} vpdpbusd %%ymm15, %%ymm14, %%ymm11\n\t"
      "%{vex%} vpdpbusd %%ymm15, %%ymm14, %%ymm12\n\t"
      "%{vex%} vpdpbusd %%ymm15, %%ymm14, %%ymm13\n\t"
      "dec %[n]\n\t"
      "jnz 1b\n\t"
      : [n] "+r"(n)
      :
      : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "cc");
  return iters * 448u;
}

}  // namespace octet_bench
