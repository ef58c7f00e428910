// The int16 steps of the AVX2 and AVX-512BW peaks. Exact: vpmaddwd (int16 x
// int16 pair sums into int32) into a temporary, then vpaddd into the chain.
// Saturating: vpmaddubsw (u8 x s8 pair sums into int16, saturating), vpmaddwd
// by ones into int32, vpaddd.
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

struct MaddubsAddStep {
  template <class Vec, class Chain>
  void operator()(Vec& acc, Vec a, Vec b, Chain) const {
    Vec t;
    __asm__ volatile(
        "vpmaddubsw %[b], %[a], %[t]\n\t"
        "vpmaddwd %[b], %[t], %[t]\n\t"
        "vpaddd %[t], %[acc], %[acc]"
        : [acc] "+v"(acc), [t] "=&v"(t)
        : [a] "v"(a), [b] "v"(b));
  }
};

}  // namespace octet_bench
