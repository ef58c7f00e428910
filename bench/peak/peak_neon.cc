// AArch64 ARMv8.0 int8 peak: the exact widening smlal/smlal2 by element of
// gemm_u8s8_8x8c1_neon. Compiled with the neon flags (plain ARMv8-a) for
// AArch64 builds only.
#include "bench/peak/chains.h"
#include "bench/peak/peak.h"

namespace octet_bench {

// 24 chains of smlal / smlal2 v.4s, v.4h|8h, v.h[lane] (int16 x int16 -> int32,
// 4 MACs each), alternating low and high halves and walking the 8 lanes.
// The by-element operand must be in v0-v15 (constraint "x").
uint64_t peak_neon_smlal(uint64_t iters) {
  return peak_chains<24, 4, Vec128>(iters, [](Vec128& acc, Vec128 a, Vec128 b, auto chain) {
    constexpr int kChain = decltype(chain)::value;
    if constexpr (kChain % 2 == 0) {
      __asm__ volatile("smlal %0.4s, %1.4h, %2.h[%3]" : "+w"(acc) : "w"(a), "x"(b), "i"(kChain % 8));
    } else {
      __asm__ volatile("smlal2 %0.4s, %1.8h, %2.h[%3]" : "+w"(acc) : "w"(a), "x"(b), "i"(kChain % 8));
    }
  });
}

}  // namespace octet_bench
