// The fused GEMM epilogue on ymm (AVX2), included only by translation units
// compiled with AVX2 flags: accumulators + folded bias (- w_zp * a_sums) ->
// requantize (simd::requantize_lanes, every mode) -> u8 / s8 / s32 store.
//
// Kernels of wider ISAs do not include this header: they spill their
// accumulators and call gemm_epilogue_avx2() (one out-of-line copy compiled
// with AVX2 flags), so no inline function is ever emitted with AVX-512 flags
// under a name that AVX2 code links to.
#pragma once

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "src/core/gemm_ukernel.h"

namespace octet::x86 {

using Batch8 = xsimd::batch<int32_t, xsimd::avx2>;

// Stores 8 requantized values (already clamped into the output type's range).
inline void store8_bytes(__m256i y, bool s8, void* dst) {
  const __m256i w16 = _mm256_packs_epi32(y, y);  // exact: |y| <= 255
  const __m256i b = s8 ? _mm256_packs_epi16(w16, w16) : _mm256_packus_epi16(w16, w16);
  const __m128i lo = _mm256_castsi256_si128(b), hi = _mm256_extracti128_si256(b, 1);
  _mm_storel_epi64(static_cast<__m128i*>(dst), _mm_unpacklo_epi32(lo, hi));
}

// One row: `nv` vectors of 8 accumulators (acc[v]), nc valid columns.
// header: the panel (folded[NR], w_zp[NR], a[NR], b[NR]); nr = NR.
inline void epilogue_row_avx2(const __m256i* acc, size_t nv, size_t nc, const char* header, size_t nr,
                              const int32_t* a_sum, void* c, const GemmParams& p) {
  const int32_t* folded = reinterpret_cast<const int32_t*>(header);
  const int32_t* w_zp = folded + nr;
  const auto* wa = reinterpret_cast<const simd::ChannelWord*>(w_zp + nr);
  const simd::ChannelWord* wb = wa + nr;
  const size_t esize = p.out_type == octet_datatype_s32 ? 4 : 1;
  for (size_t v = 0; v < nv && v * 8 < nc; ++v) {
    __m256i x = _mm256_add_epi32(acc[v], _mm256_loadu_si256(reinterpret_cast<const __m256i*>(folded + v * 8)));
    if (a_sum) {
      const __m256i zw = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w_zp + v * 8));
      x = _mm256_sub_epi32(x, _mm256_mullo_epi32(zw, _mm256_set1_epi32(*a_sum)));
    }
    const size_t n = nc - v * 8 < 8 ? nc - v * 8 : 8;
    char* dst = static_cast<char*>(c) + v * 8 * esize;
    if (p.out_type == octet_datatype_s32) {
      if (n == 8) {
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), x);
      } else {
        simd::store_lanes(Batch8(x), p.out_type, dst, n);
      }
      continue;
    }
    const Batch8 y = simd::requantize_lanes(Batch8(x), wa + v * 8, wb + v * 8, p.out);
    if (n == 8) {
      store8_bytes(y, p.out_type == octet_datatype_s8, dst);
    } else {
      simd::store_lanes(y, p.out_type, dst, n);
    }
  }
}

// Out-of-line epilogue for kernels of other ISAs: acc is mr rows of `nr`
// int32 (row stride nr), the whole tile.
void gemm_epilogue_avx2(const int32_t* acc, size_t mr, size_t nc, const void* panel, size_t nr, void* c,
                        size_t cm_stride, const GemmParams* params);

}  // namespace octet::x86
