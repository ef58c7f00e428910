// The vpdpbusd GEMM microkernel, written once for every vector width: the
// AVX-VNNI (ymm, VEX) and AVX-512 VNNI (zmm) kernels instantiate it with their
// own vector traits. u8 x s8 -> s32 is exact by construction. Panels are int8
// [NR][4]; the traits' output<MR, NV>() is the output stage of the width
// (zmm: in registers, output_avx512.h; ymm: the AVX2 epilogue).
//
// Include only from the ISA's own source file, after defining the traits: the
// templates live in an unnamed namespace, so each ISA's file keeps its own
// copy and the linker can never hand one ISA's code to another.
#pragma once

#include <cstring>

#include "src/core/gemm_ukernel.h"
#include "src/x86/gemm_tail.h"
#include "src/x86/emulation.h"

namespace octet::x86 {
namespace {

// V: the vector traits (type vec, lanes, zero, load, set1, bitwise xor, dpbusd, output).
template <class V, size_t MR, size_t NV, bool S8>
__attribute__((always_inline)) inline void dpbusd_step(typename V::vec (&acc)[MR][NV], const uint32_t (&xs)[MR],
                                                       const int8_t* wp) {
  const typename V::vec flip = V::set1(static_cast<int32_t>(0x80808080u));
  typename V::vec wv[NV];
#pragma GCC unroll 16
  for (size_t v = 0; v < NV; ++v) wv[v] = V::load(wp + v * V::lanes * 4);
#pragma GCC unroll 16
  for (size_t m = 0; m < MR; ++m) {
    typename V::vec x = V::set1(static_cast<int32_t>(xs[m]));
    if (S8) x = V::bitwise_xor(x, flip);  // s8 -> u8 (x + 128)
#pragma GCC unroll 16
    for (size_t v = 0; v < NV; ++v) acc[m][v] = V::dpbusd(acc[m][v], x, wv[v]);
  }
}

template <class V, size_t MR, size_t NV, bool S8>
void dpbusd_kernel(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, const void* w, void* c,
                   size_t cm_stride, const GemmParams* params) {
  constexpr size_t NR = NV * V::lanes;
  const char* header = static_cast<const char*>(w);
  const int8_t* wp = reinterpret_cast<const int8_t*>(header + 16 * NR);
  typename V::vec acc[MR][NV];
#pragma GCC unroll 16
  for (size_t m = 0; m < MR; ++m) {
#pragma GCC unroll 16
    for (size_t v = 0; v < NV; ++v) acc[m][v] = V::zero();
  }
  const size_t kfull = kc / 4, ktail = kc % 4;

  for (size_t t = 0; t < ks; ++t) {
    const uint8_t* row[MR];
    // Rows past mr repeat the last real row: always valid memory, never stored.
#pragma GCC unroll 16
    for (size_t m = 0; m < MR; ++m) row[m] = static_cast<const uint8_t*>(a[t * mr + (m < mr ? m : mr - 1)]);
    for (size_t b = 0; b < kfull; ++b) {
      uint32_t xs[MR];
#pragma GCC unroll 16
      for (size_t m = 0; m < MR; ++m) std::memcpy(&xs[m], row[m] + 4 * b, 4);
      dpbusd_step<V, MR, NV, S8>(acc, xs, wp);
      wp += NR * 4;
    }
    if (ktail) {
      // Partial load: exactly the kc bytes of the row, zeros after (their weights are 0 too).
      uint32_t xs[MR];
#pragma GCC unroll 16
      for (size_t m = 0; m < MR; ++m) xs[m] = load_tail(row[m] + 4 * kfull, ktail);
      dpbusd_step<V, MR, NV, S8>(acc, xs, wp);
      wp += NR * 4;
    }
  }

  V::template output<MR, NV>(acc, mr, nc, w, c, cm_stride, *params);
}

// The exported entry point of one tile: picks the u8 or s8 activation variant.
template <class V, size_t MR, size_t NV>
void dpbusd_dispatch(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, const void* w, void* c,
                     size_t cm_stride, const GemmParams* params) {
  if (params->input_s8) {
    dpbusd_kernel<V, MR, NV, true>(mr, nc, kc, ks, a, w, c, cm_stride, params);
  } else {
    dpbusd_kernel<V, MR, NV, false>(mr, nc, kc, ks, a, w, c, cm_stride, params);
  }
}

}  // namespace
}  // namespace octet::x86
