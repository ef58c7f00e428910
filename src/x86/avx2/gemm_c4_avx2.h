// The exact AVX2 GEMM microkernel family, u8 activations x s8 weights, as a
// template over the tile (MR rows x 8*NV columns). Included by one small
// translation unit per tile (gemm_u8s8_<MR>x<NR>c4_avx2.cc), compiled with
// AVX2 flags.
//
// Exactness: weights are packed as int16 ([KR/2][NR][2] within each group of
// 4 reduction elements, see src/core/gemm_ukernel.h) and multiplied with
// vpmaddwd: each int32 lane receives x0*w0 + x1*w1 with |.| <= 2*255*128,
// which never saturates (unlike vpmaddubsw's int16 pair sums).
//
// Inner step, per row and per 4 reduction elements: one 32-bit broadcast load
// of x0..x3, two vpshufb that zero-extend the pairs (x0,x1) and (x2,x3) into
// every 32-bit lane, then per 8 columns two vpmaddwd + two vpaddd.
#pragma once

#include <immintrin.h>

#include <cstring>

#include "src/x86/avx2/gemm_c4_avx2_loop.h"
#include "src/x86/avx2/output_avx2.h"
#include "src/x86/gemm_tail.h"

namespace octet::x86 {

// One group of 4 reduction elements for every row: x32[m] holds row m's 4
// activation bytes.
template <size_t MR, size_t NV, bool S8>
__attribute__((always_inline)) inline void c4_step_avx2(__m256i (&acc)[MR][NV], const uint32_t (&x32)[MR],
                                                        const int16_t* wp) {
  constexpr size_t NR = NV * 8;
  // vpshufb controls: bytes (0,z,1,z) and (2,z,3,z) in every 32-bit lane (z: zero).
  const __m256i shuf01 = _mm256_set1_epi32(static_cast<int32_t>(0x80018000u));
  const __m256i shuf23 = _mm256_set1_epi32(static_cast<int32_t>(0x80038002u));
#pragma GCC unroll 16
  for (size_t m = 0; m < MR; ++m) {
    __m256i x = _mm256_set1_epi32(static_cast<int32_t>(x32[m]));
    if (S8) x = _mm256_xor_si256(x, _mm256_set1_epi8(static_cast<char>(0x80)));  // s8 -> u8 (x + 128)
    const __m256i x01 = _mm256_shuffle_epi8(x, shuf01);
    const __m256i x23 = _mm256_shuffle_epi8(x, shuf23);
    // All columns for pair (0,1), then for pair (2,3): one temporary register,
    // so a 3x32 tile (12 accumulators) fits the 16 ymm registers without spills.
#pragma GCC unroll 16
    for (size_t v = 0; v < NV; ++v) {
      const __m256i w01 = _mm256_load_si256(reinterpret_cast<const __m256i*>(wp + v * 16));
      acc[m][v] = _mm256_add_epi32(acc[m][v], _mm256_madd_epi16(x01, w01));
      // Keeps GCC from reassociating the two adds into (p01 + p23) + acc, which
      // needs a second temporary and spills accumulators.
      __asm__("" : "+x"(acc[m][v]));
    }
#pragma GCC unroll 16
    for (size_t v = 0; v < NV; ++v) {
      const __m256i w23 = _mm256_load_si256(reinterpret_cast<const __m256i*>(wp + NR * 2 + v * 16));
      acc[m][v] = _mm256_add_epi32(acc[m][v], _mm256_madd_epi16(x23, w23));
    }
  }
}

template <size_t MR, size_t NV, bool S8>
inline void gemm_c4_int16_avx2(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, const void* w,
                               void* c, size_t cm_stride, const GemmParams* params) {
  constexpr size_t NR = NV * 8;
  const char* header = static_cast<const char*>(w);
  const int16_t* wp = reinterpret_cast<const int16_t*>(header + 16 * NR);
  __m256i acc[MR][NV];
#pragma GCC unroll 16
  for (size_t m = 0; m < MR; ++m) {
#pragma GCC unroll 16
    for (size_t v = 0; v < NV; ++v) acc[m][v] = _mm256_setzero_si256();
  }
  const size_t kfull = kc / 4, ktail = kc % 4;
  for (size_t t = 0; t < ks; ++t) {
    const uint8_t* row[MR];
#pragma GCC unroll 16
    for (size_t m = 0; m < MR; ++m) row[m] = static_cast<const uint8_t*>(a[t * mr + (m < mr ? m : mr - 1)]);
    if constexpr (kC4LoopAsm<MR, NV>) {
      if (kfull != 0) c4_loop_asm_avx2<MR, NV, S8>(acc, row, wp, kfull);
    } else {
      for (size_t b = 0; b < kfull; ++b) {
        uint32_t x32[MR];
#pragma GCC unroll 16
        for (size_t m = 0; m < MR; ++m) std::memcpy(&x32[m], row[m] + 4 * b, 4);
        c4_step_avx2<MR, NV, S8>(acc, x32, wp);
        wp += NR * 4;
      }
    }
#pragma GCC unroll 16
    for (size_t m = 0; m < MR; ++m) row[m] += 4 * kfull;
    if (ktail != 0) {
      // A partial group reads only the valid bytes (packed weights past kc are 0).
      uint32_t x32[MR];
#pragma GCC unroll 16
      for (size_t m = 0; m < MR; ++m) x32[m] = load_tail(row[m], ktail);
      c4_step_avx2<MR, NV, S8>(acc, x32, wp);
      wp += NR * 4;
    }
  }

#pragma GCC unroll 16
  for (size_t m = 0; m < MR; ++m) {
    if (m < mr) {
      __m256i out[NV];  // a copy: passing acc itself by address would keep it in memory
#pragma GCC unroll 16
      for (size_t v = 0; v < NV; ++v) out[v] = acc[m][v];
      epilogue_row_avx2<NV>(out, nc, header, NR, params->a_sums ? params->a_sums + m : nullptr,
                        static_cast<char*>(c) + m * cm_stride, *params);
    }
  }
}

template <size_t MR, size_t NV>
inline void gemm_c4_avx2_dispatch(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, const void* w,
                                  void* c, size_t cm_stride, const GemmParams* params) {
  if (params->input_s8) {
    gemm_c4_int16_avx2<MR, NV, true>(mr, nc, kc, ks, a, w, c, cm_stride, params);
  } else {
    gemm_c4_int16_avx2<MR, NV, false>(mr, nc, kc, ks, a, w, c, cm_stride, params);
  }
}

}  // namespace octet::x86

// Defines gemm_u8s8_<MR>x<NR>c4_avx2 in namespace octet::x86.
#define OCTET_DEFINE_GEMM_C4_AVX2(MR, NV, NAME)                                                                  \
  namespace octet::x86 {                                                                                          \
  void NAME(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, const void* w, void* c,             \
            size_t cm_stride, const GemmParams* params) {                                                         \
    gemm_c4_avx2_dispatch<MR, NV>(mr, nc, kc, ks, a, w, c, cm_stride, params);                                    \
  }                                                                                                               \
  }
