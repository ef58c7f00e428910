// AVX2 int8 peak: the exact (vpmaddwd) and saturating (vpmaddubsw) sequences.
// Compiled with the avx2 flags (bench/CMakeLists.txt); called only when the CPU has avx2.
#include "bench/peak/peak.h"

namespace octet_bench {

// 10 chains of vpmaddwd ymm (16 int16 MACs) + vpaddd.
uint64_t peak_avx2_exact(uint64_t iters) {
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
      "vpmaddwd %%ymm15, %%ymm14, %%ymm10\n\t"
      "vpaddd %%ymm10, %%ymm0, %%ymm0\n\t"
      "vpmaddwd %%ymm15, %%ymm14, %%ymm11\n\t"
      "vpaddd %%ymm11, %%ymm1, %%ymm1\n\t"
      "vpmaddwd %%ymm15, %%ymm14, %%ymm12\n\t"
      "vpaddd %%ymm12, %%ymm2, %%ymm2\n\t"
      "vpmaddwd %%ymm15, %%ymm14, %%ymm13\n\t"
      "vpaddd %%ymm13, %%ymm3, %%ymm3\n\t"
      "vpmaddwd %%ymm15, %%ymm14, %%ymm10\n\t"
      "vpaddd %%ymm10, %%ymm4, %%ymm4\n\t"
      "vpmaddwd %%ymm15, %%ymm14, %%ymm11\n\t"
      "vpaddd %%ymm11, %%ymm5, %%ymm5\n\t"
      "vpmaddwd %%ymm15, %%ymm14, %%ymm12\n\t"
      "vpaddd %%ymm12, %%ymm6, %%ymm6\n\t"
      "vpmaddwd %%ymm15, %%ymm14, %%ymm13\n\t"
      "vpaddd %%ymm13, %%ymm7, %%ymm7\n\t"
      "vpmaddwd %%ymm15, %%ymm14, %%ymm10\n\t"
      "vpaddd %%ymm10, %%ymm8, %%ymm8\n\t"
      "vpmaddwd %%ymm15, %%ymm14, %%ymm11\n\t"
      "vpaddd %%ymm11, %%ymm9, %%ymm9\n\t"
      "dec %[n]\n\t"
      "jnz 1b\n\t"
      : [n] "+r"(n)
      :
      : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "cc");
  return iters * 160u;
}

// 8 chains of vpmaddubsw ymm (32 u8*s8 MACs, int16 pair sums) + vpmaddwd by ones + vpaddd.
uint64_t peak_avx2_saturating(uint64_t iters) {
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
      "vpmaddubsw %%ymm15, %%ymm14, %%ymm8\n\t"
      "vpmaddwd %%ymm13, %%ymm8, %%ymm8\n\t"
      "vpaddd %%ymm8, %%ymm0, %%ymm0\n\t"
      "vpmaddubsw %%ymm15, %%ymm14, %%ymm9\n\t"
      "vpmaddwd %%ymm13, %%ymm9, %%ymm9\n\t"
      "vpaddd %%ymm9, %%ymm1, %%ymm1\n\t"
      "vpmaddubsw %%ymm15, %%ymm14, %%ymm10\n\t"
      "vpmaddwd %%ymm13, %%ymm10, %%ymm10\n\t"
      "vpaddd %%ymm10, %%ymm2, %%ymm2\n\t"
      "vpmaddubsw %%ymm15, %%ymm14, %%ymm11\n\t"
      "vpmaddwd %%ymm13, %%ymm11, %%ymm11\n\t"
      "vpaddd %%ymm11, %%ymm3, %%ymm3\n\t"
      "vpmaddubsw %%ymm15, %%ymm14, %%ymm12\n\t"
      "vpmaddwd %%ymm13, %%ymm12, %%ymm12\n\t"
      "vpaddd %%ymm12, %%ymm4, %%ymm4\n\t"
      "vpmaddubsw %%ymm15, %%ymm14, %%ymm8\n\t"
      "vpmaddwd %%ymm13, %%ymm8, %%ymm8\n\t"
      "vpaddd %%ymm8, %%ymm5, %%ymm5\n\t"
      "vpmaddubsw %%ymm15, %%ymm14, %%ymm9\n\t"
      "vpmaddwd %%ymm13, %%ymm9, %%ymm9\n\t"
      "vpaddd %%ymm9, %%ymm6, %%ymm6\n\t"
      "vpmaddubsw %%ymm15, %%ymm14, %%ymm10\n\t"
      "vpmaddwd %%ymm13, %%ymm10, %%ymm10\n\t"
      "vpaddd %%ymm10, %%ymm7, %%ymm7\n\t"
      "dec %[n]\n\t"
      "jnz 1b\n\t"
      : [n] "+r"(n)
      :
      : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "cc");
  return iters * 256u;
}

}  // namespace octet_bench
