// AVX-VNNI int8 peak: VEX-encoded vpdpbusd ymm.
// Compiled with the avxvnni flags (bench/CMakeLists.txt); called only when the CPU has avxvnni.
#include "bench/peak/chains.h"
#include "bench/peak/peak.h"

namespace octet_bench {

// 14 chains of VEX vpdpbusd ymm (32 u8*s8 MACs each).
uint64_t peak_avxvnni_ymm(uint64_t iters) {
  return peak_chains<14, 32, Vec256>(iters, [](Vec256& acc, Vec256 a, Vec256 b, auto) {
    __asm__ volatile("%{vex%} vpdpbusd %[b], %[a], %[acc]" : [acc] "+x"(acc) : [a] "x"(a), [b] "x"(b));
  });
}

}  // namespace octet_bench
