// AVX-512BW int8 peak: the exact (vpmaddwd) and saturating (vpmaddubsw) zmm sequences.
// Compiled with the avx512bw flags (bench/CMakeLists.txt); called only when the CPU has avx512bw.
#include "bench/peak/chains.h"
#include "bench/peak/peak.h"
#include "bench/peak/step_maddwd.h"

namespace octet_bench {

// 16 chains of vpmaddwd zmm (32 int16 MACs) + vpaddd.
uint64_t peak_avx512bw_exact(uint64_t iters) {
  return peak_chains<16, 32, Vec512>(iters, MaddwdAddStep{});
}

// 8 chains of vpmaddubsw zmm (64 u8*s8 MACs, int16 pair sums) + vpmaddwd by ones + vpaddd.
uint64_t peak_avx512bw_saturating(uint64_t iters) {
  return peak_chains<8, 64, Vec512>(iters, MaddubsAddStep{});
}

}  // namespace octet_bench
