// AArch64 dotprod int8 peak: sdot, the multiply-add of the neondot kernels.
// Compiled with the neondot flags (bench/CMakeLists.txt) for AArch64 builds
// only; called only when the CPU has dotprod. 24 chains exceed latency x
// throughput on every Neoverse core, so the loop is throughput bound.
#include "bench/peak/chains.h"
#include "bench/peak/peak.h"

namespace octet_bench {

// 24 chains of sdot v.4s, v.16b, v.16b (16 s8*s8 MACs each).
uint64_t peak_neondot_sdot(uint64_t iters) {
  return peak_chains<24, 16, Vec128>(iters, [](Vec128& acc, Vec128 a, Vec128 b, auto) {
    __asm__ volatile("sdot %0.4s, %1.16b, %2.16b" : "+w"(acc) : "w"(a), "w"(b));
  });
}

}  // namespace octet_bench
