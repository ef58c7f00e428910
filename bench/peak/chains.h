// The loop every peak sequence shares: kChains independent accumulators, each
// advanced by one `step` per iteration. With more chains than the step's
// latency x throughput the loop is bound by throughput, which is the peak.
//
// The step is the only thing a peak_<isa>.cc supplies: a lambda
//   [](Vec& acc, Vec a, Vec b, auto chain) { __asm__ volatile(...); }
// whose inline assembly is the instruction sequence being measured (assembly,
// so the compiler can neither fold it nor choose other instructions); `chain`
// is std::integral_constant<int, i> for sequences that vary by chain. The
// header is included by each ISA's file, so it is compiled with that file's
// flags and generates no code that needs more than that ISA.
#pragma once

#include <cstdint>
#include <type_traits>
#include <utility>

namespace octet_bench {

// Register-sized vectors (GCC vector types: no intrinsics header needed here).
using Vec128 = int32_t __attribute__((vector_size(16)));
using Vec256 = int32_t __attribute__((vector_size(32)));
using Vec512 = int32_t __attribute__((vector_size(64)));

template <class Vec, class Step, int... kChain>
inline void run_chains(uint64_t iters, Step step, std::integer_sequence<int, kChain...>) {
  Vec acc[sizeof...(kChain)] = {};
  Vec a = {};
  Vec b = {};
  // Opaque to the compiler: a and b stay two registers, as in a kernel.
#if defined(__aarch64__)
  __asm__ volatile("" : "+w"(a), "+w"(b));
#else
  __asm__ volatile("" : "+v"(a), "+v"(b));
#endif
  for (uint64_t n = iters; n != 0; --n) {
    (step(acc[kChain], a, b, std::integral_constant<int, kChain>{}), ...);
  }
}

// Runs `iters` iterations of kChains steps; returns the int8 multiply-adds done.
template <int kChains, int kMacsPerStep, class Vec, class Step>
inline uint64_t peak_chains(uint64_t iters, Step step) {
  run_chains<Vec>(iters, step, std::make_integer_sequence<int, kChains>{});
  return iters * static_cast<uint64_t>(kChains) * static_cast<uint64_t>(kMacsPerStep);
}

}  // namespace octet_bench
