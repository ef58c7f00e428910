// The exact int16 step of the AVX2 and AVX-512BW peaks: vpmaddwd (int16 x int16
// pair sums into int32, exact) into a temporary, then vpaddd into the chain.
// The vector type sets the width (ymm or zmm); the including file's ISA flags
// decide which registers "v" may use.
#pragma once

namespace octet_bench {

struct MaddwdAddStep {
  template <class Vec, class Chain>
  void operator()(Vec& acc, Vec a, Vec b, Chain) const {
    Vec t;
    __asm__ volatile(
        "vpmaddwd %[b], %[a], %[t]\n\t"
        "vpaddd %[t], %[acc], %[acc]"
        : [acc] "+v"(acc), [t] "=&v"(t)
        : [a] "v"(a), [b] "v"(b));
  }
};

}  // namespace octet_bench
