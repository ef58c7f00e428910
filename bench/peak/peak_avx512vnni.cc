// AVX-512 VNNI int8 peak: vpdpbusd on zmm and on ymm.
// Compiled with the avx512vnni flags (bench/CMakeLists.txt); called only when the CPU has avx512vnni.
#include "bench/peak/chains.h"
#include "bench/peak/peak.h"

namespace octet_bench {

// 24 chains of vpdpbusd zmm (64 u8*s8 MACs each).
uint64_t peak_avx512vnni_zmm(uint64_t iters) {
  return peak_chains<24, 64, Vec512>(iters, [](Vec512& acc, Vec512 a, Vec512 b, auto) {
    __asm__ volatile("vpdpbusd %[b], %[a], %[acc]" : [acc] "+v"(acc) : [a] "v"(a), [b] "v"(b));
  });
}

// 24 chains of EVEX vpdpbusd ymm (32 u8*s8 MACs each).
uint64_t peak_avx512vnni_ymm(uint64_t iters) {
  return peak_chains<24, 32, Vec256>(iters, [](Vec256& acc, Vec256 a, Vec256 b, auto) {
    __asm__ volatile("%{evex%} vpdpbusd %[b], %[a], %[acc]" : [acc] "+v"(acc) : [a] "v"(a), [b] "v"(b));
  });
}

}  // namespace octet_bench
