// AVX2 int8 peak: the exact (vpmaddwd) and saturating (vpmaddubsw) sequences.
// Compiled with the avx2 flags (bench/CMakeLists.txt); called only when the CPU has avx2.
#include "bench/peak/chains.h"
#include "bench/peak/peak.h"
#include "bench/peak/step_maddwd.h"

namespace octet_bench {

// 10 chains of vpmaddwd ymm (16 int16 MACs) + vpaddd.
uint64_t peak_avx2_exact(uint64_t iters) {
  return peak_chains<10, 16, Vec256>(iters, MaddwdAddStep{});
}

// 8 chains of vpmaddubsw ymm (32 u8*s8 MACs, int16 pair sums) + vpmaddwd by ones + vpaddd.
uint64_t peak_avx2_saturating(uint64_t iters) {
  return peak_chains<8, 32, Vec256>(iters, MaddubsAddStep{});
}

}  // namespace octet_bench
