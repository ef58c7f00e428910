// The AVX-512BW (no VNNI) exact GEMM microkernel, written once for every
// tile: the AVX2 scheme widened. int16 weights ([KR/2][NR][2] per group of 4),
// vpshufb zero-extends the activation pairs, vpmaddwd + vpaddd accumulate.
// No vpmaddubsw, so no int16 saturation. The accumulators stay in zmm
// through the AVX-512 output stage (output_avx512.h). Each
// gemm_u8s8_<MR>x<NR>c4_avx512bw.cc instantiates one tile; include only from
// AVX-512BW translation units.
#pragma once

#include <cstring>

#include "src/x86/avx512bw/output_avx512.h"
#include "src/x86/emulation.h"
#include "src/x86/gemm_tail.h"

namespace octet::x86 {

namespace {

template <size_t MR, size_t NV, bool S8>
__attribute__((always_inline)) inline void step(__m512i (&acc)[MR][NV], const uint32_t (&xs)[MR],
                                              const int16_t* wp) {
  constexpr size_t NR = NV * 16;
  (void)NR;
  const __m512i flip = _mm512_set1_epi32(static_cast<int32_t>(0x80808080u));
  const __m512i shuf01 = _mm512_set1_epi32(static_cast<int32_t>(0x80018000u));
  const __m512i shuf23 = _mm512_set1_epi32(static_cast<int32_t>(0x80038002u));
  __m512i w01[NV], w23[NV];
#pragma GCC unroll 16
  for (size_t v = 0; v < NV; ++v) {
    w01[v] = _mm512_load_si512(reinterpret_cast<const void*>(wp + v * 32));
    w23[v] = _mm512_load_si512(reinterpret_cast<const void*>(wp + NR * 2 + v * 32));
  }
#pragma GCC unroll 16
  for (size_t m = 0; m < MR; ++m) {
    __m512i x = _mm512_set1_epi32(static_cast<int32_t>(xs[m]));
    if (S8) x = _mm512_xor_si512(x, flip);  // s8 -> u8 (x + 128)
    const __m512i x01 = _mm512_shuffle_epi8(x, shuf01);
    const __m512i x23 = _mm512_shuffle_epi8(x, shuf23);
#pragma GCC unroll 16
    for (size_t v = 0; v < NV; ++v) {
      acc[m][v] = _mm512_add_epi32(acc[m][v], _mm512_madd_epi16(x01, w01[v]));
      acc[m][v] = _mm512_add_epi32(acc[m][v], _mm512_madd_epi16(x23, w23[v]));
    }
  }
}

template <size_t MR, size_t NV, bool S8>
void kernel(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, const void* w, void* c,
            size_t cm_stride, const GemmParams* params) {
  constexpr size_t NR = NV * 16;
  const char* header = static_cast<const char*>(w);
  const int16_t* wp = reinterpret_cast<const int16_t*>(header + 16 * NR);
  __m512i acc[MR][NV];
#pragma GCC unroll 16
  for (size_t m = 0; m < MR; ++m) {
#pragma GCC unroll 16
    for (size_t v = 0; v < NV; ++v) acc[m][v] = _mm512_setzero_si512();
  }
  const size_t kfull = kc / 4, ktail = kc % 4;

  for (size_t t = 0; t < ks; ++t) {
    const uint8_t* row[MR];
#pragma GCC unroll 16
    for (size_t m = 0; m < MR; ++m) row[m] = static_cast<const uint8_t*>(a[t * mr + (m < mr ? m : mr - 1)]);
    for (size_t b = 0; b < kfull; ++b) {
      uint32_t xs[MR];
#pragma GCC unroll 16
      for (size_t m = 0; m < MR; ++m) std::memcpy(&xs[m], row[m] + 4 * b, 4);
      step<MR, NV, S8>(acc, xs, wp);
      wp += NR * 4;
    }
    if (ktail) {
      uint32_t xs[MR];
#pragma GCC unroll 16
      for (size_t m = 0; m < MR; ++m) xs[m] = load_tail(row[m] + 4 * kfull, ktail);
      step<MR, NV, S8>(acc, xs, wp);
      wp += NR * 4;
    }
  }

  OutputStageZmm(*params, w, NR).tile<MR, NV>(acc, mr, nc, c, cm_stride);
}

}  // namespace
}  // namespace octet::x86
