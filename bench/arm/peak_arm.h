// The AArch64 int8 peak sequences beyond bench/peak/peak.h's neondot_sdot,
// defined in bench/peak/peak_neondot.cc (each only to be called when
// octet_isa_supported() has its ISA) and registered as peak/<name>
// benchmarks by bench/arm/peak_arm.cc.
#pragma once

#include <cstdint>

namespace octet_bench {

#if defined(__aarch64__)
uint64_t peak_neoni8mm_smmla(uint64_t iters);  // smmla v.4s, v.16b, v.16b (needs i8mm)
uint64_t peak_neon_smlal(uint64_t iters);      // smlal/smlal2 v.4s by element (ARMv8.0, exact)
#endif

}  // namespace octet_bench
