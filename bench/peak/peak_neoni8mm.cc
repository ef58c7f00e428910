// AArch64 i8mm int8 peak: smmla, the multiply-add of the neoni8mm kernels.
// Compiled with the neoni8mm flags (bench/CMakeLists.txt) for AArch64 builds
// only; called only when the CPU has i8mm.
#include "bench/peak/chains.h"
#include "bench/peak/peak.h"

namespace octet_bench {

// 24 chains of smmla v.4s, v.16b, v.16b (a 2x8 by 8x2 s8 product: 32 MACs each).
uint64_t peak_neoni8mm_smmla(uint64_t iters) {
  return peak_chains<24, 32, Vec128>(iters, [](Vec128& acc, Vec128 a, Vec128 b, auto) {
    __asm__ volatile("smmla %0.4s, %1.16b, %2.16b" : "+w"(acc) : "w"(a), "w"(b));
  });
}

}  // namespace octet_bench
