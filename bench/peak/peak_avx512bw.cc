// AVX-512BW int8 peak: the exact vpmaddwd zmm sequence.
// Compiled with the avx512bw flags (bench/CMakeLists.txt); called only when the CPU has avx512bw.
#include "bench/peak/peak.h"

namespace octet_bench {

// 16 chains of vpmaddwd zmm (32 int16 MACs) + vpaddd.
uint64_t peak_avx512bw_exact(uint64_t iters) {
  uint64_t n = iters;
  __asm__ volatile(
      "vpxord %%zmm0, %%zmm0, %%zmm0\n\t"
      "vpxord %%zmm1, %%zmm1, %%zmm1\n\t"
      "vpxord %%zmm2, %%zmm2, %%zmm2\n\t"
      "vpxord %%zmm3, %%zmm3, %%zmm3\n\t"
      "vpxord %%zmm4, %%zmm4, %%zmm4\n\t"
      "vpxord %%zmm5, %%zmm5, %%zmm5\n\t"
      "vpxord %%zmm6, %%zmm6, %%zmm6\n\t"
      "vpxord %%zmm7, %%zmm7, %%zmm7\n\t"
      "vpxord %%zmm8, %%zmm8, %%zmm8\n\t"
      "vpxord %%zmm9, %%zmm9, %%zmm9\n\t"
      "vpxord %%zmm10, %%zmm10, %%zmm10\n\t"
      "vpxord %%zmm11, %%zmm11, %%zmm11\n\t"
      "vpxord %%zmm12, %%zmm12, %%zmm12\n\t"
      "vpxord %%zmm13, %%zmm13, %%zmm13\n\t"
      "vpxord %%zmm14, %%zmm14, %%zmm14\n\t"
      "vpxord %%zmm15, %%zmm15, %%zmm15\n\t"
      "vpxord %%zmm16, %%zmm16, %%zmm16\n\t"
      "vpxord %%zmm17, %%zmm17, %%zmm17\n\t"
      "vpxord %%zmm18, %%zmm18, %%zmm18\n\t"
      "vpxord %%zmm19, %%zmm19, %%zmm19\n\t"
      "vpxord %%zmm20, %%zmm20, %%zmm20\n\t"
      "vpxord %%zmm21, %%zmm21, %%zmm21\n\t"
      "vpxord %%zmm22, %%zmm22, %%zmm22\n\t"
      "vpxord %%zmm23, %%zmm23, %%zmm23\n\t"
      "vpxord %%zmm24, %%zmm24, %%zmm24\n\t"
      "vpxord %%zmm25, %%zmm25, %%zmm25\n\t"
      "vpxord %%zmm26, %%zmm26, %%zmm26\n\t"
      "vpxord %%zmm27, %%zmm27, %%zmm27\n\t"
      "vpxord %%zmm28, %%zmm28, %%zmm28\n\t"
      "vpxord %%zmm29, %%zmm29, %%zmm29\n\t"
      "vpxord %%zmm30, %%zmm30, %%zmm30\n\t"
      "vpxord %%zmm31, %%zmm31, %%zmm31\n\t"
      "1:\n\t"
      "vpmaddwd %%zmm31, %%zmm30, %%zmm16\n\t"
      "vpaddd %%zmm16, %%zmm0, %%zmm0\n\t"
      "vpmaddwd %%zmm31, %%zmm30, %%zmm17\n\t"
      "vpaddd %%zmm17, %%zmm1, %%zmm1\n\t"
      "vpmaddwd %%zmm31, %%zmm30, %%zmm18\n\t"
      "vpaddd %%zmm18, %%zmm2, %%zmm2\n\t"
      "vpmaddwd %%zmm31, %%zmm30, %%zmm19\n\t"
      "vpaddd %%zmm19, %%zmm3, %%zmm3\n\t"
      "vpmaddwd %%zmm31, %%zmm30, %%zmm20\n\t"
      "vpaddd %%zmm20, %%zmm4, %%zmm4\n\t"
      "vpmaddwd %%zmm31, %%zmm30, %%zmm21\n\t"
      "vpaddd %%zmm21, %%zmm5, %%zmm5\n\t"
      "vpmaddwd %%zmm31, %%zmm30, %%zmm22\n\t"
      "vpaddd %%zmm22, %%zmm6, %%zmm6\n\t"
      "vpmaddwd %%zmm31, %%zmm30, %%zmm23\n\t"
      "vpaddd %%zmm23, %%zmm7, %%zmm7\n\t"
      "vpmaddwd %%zmm31, %%zmm30, %%zmm16\n\t"
      "vpaddd %%zmm16, %%zmm8, %%zmm8\n\t"
      "vpmaddwd %%zmm31, %%zmm30, %%zmm17\n\t"
      "vpaddd %%zmm17, %%zmm9, %%zmm9\n\t"
      "vpmaddwd %%zmm31, %%zmm30, %%zmm18\n\t"
      "vpaddd %%zmm18, %%zmm10, %%zmm10\n\t"
      "vpmaddwd %%zmm31, %%zmm30, %%zmm19\n\t"
      "vpaddd %%zmm19, %%zmm11, %%zmm11\n\t"
      "vpmaddwd %%zmm31, %%zmm30, %%zmm20\n\t"
      "vpaddd %%zmm20, %%zmm12, %%zmm12\n\t"
      "vpmaddwd %%zmm31, %%zmm30, %%zmm21\n\t"
      "vpaddd %%zmm21, %%zmm13, %%zmm13\n\t"
      "vpmaddwd %%zmm31, %%zmm30, %%zmm22\n\t"
      "vpaddd %%zmm22, %%zmm14, %%zmm14\n\t"
      "vpmaddwd %%zmm31, %%zmm30, %%zmm23\n\t"
      "vpaddd %%zmm23, %%zmm15, %%zmm15\n\t"
      "dec %[n]\n\t"
      "jnz 1b\n\t"
      : [n] "+r"(n)
      :
      : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "xmm16", "xmm17", "xmm18", "xmm19", "xmm20", "xmm21", "xmm22", "xmm23", "xmm24", "xmm25", "xmm26", "xmm27", "xmm28", "xmm29", "xmm30", "xmm31", "cc");
  return iters * 512u;
}

}  // namespace octet_bench
