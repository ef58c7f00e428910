// The fused GEMM epilogue on ymm (AVX2), included only by translation units
// compiled with AVX2 flags: accumulators + folded bias (- w_zp * a_sums) ->
// requantize (simd::requantize_lanes, every mode) -> u8 / s8 / s32 store.
//
// The inline functions have internal linkage: each translation unit that
// uses them (AVX2 kernels, and the AVX-VNNI kernel, whose flags add no
// instruction to this code) keeps its own copy, so the linker can never hand
// one ISA's copy to another.
#pragma once

#include <immintrin.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "src/core/gemm_ukernel.h"

namespace octet::x86 {
namespace {

using Batch8 = xsimd::batch<int32_t, xsimd::avx2>;

// Stores the first n bytes of `b` (n <= 32).
inline void store_bytes(__m256i b, size_t n, void* dst) {
  if (n == 32) {
    _mm256_storeu_si256(static_cast<__m256i*>(dst), b);
  } else if (n == 16) {
    _mm_storeu_si128(static_cast<__m128i*>(dst), _mm256_castsi256_si128(b));
  } else if (n == 8) {
    _mm_storel_epi64(static_cast<__m128i*>(dst), _mm256_castsi256_si128(b));
  } else {
    alignas(32) uint8_t tmp[32];
    _mm256_store_si256(reinterpret_cast<__m256i*>(tmp), b);
    std::memcpy(dst, tmp, n);
  }
}

// One row of the tile: NV vectors of 8 accumulators, nc (<= 8*NV) valid columns.
// header: the panel (folded[NR], w_zp[NR], a[NR], b[NR]).
//
// fbgemm / qnnpack: f = (f32(v) + bias) * scale; cvtps2dq (INT32_MIN out of
// range, as the reference); then packssdw, paddsw(zero point), packuswb /
// packsswb and the clamp in bytes. Saturating narrowing is monotonic and the
// clamp range lies inside every intermediate range, so this equals
// clamp(r + zp, min, max) of src/ref exactly.
// onednn: + zero point and the clamp in float, cvtps2dq last (in range).
// fixedpoint: simd::requantize_lanes (lane by lane through the reference).
template <size_t NV>
__attribute__((always_inline)) inline void epilogue_row_avx2(const __m256i* acc, size_t nc, const char* header, size_t nr, const int32_t* a_sum,
                              void* c, const GemmParams& p) {
  const int32_t* folded = reinterpret_cast<const int32_t*>(header);
  const int32_t* w_zp = folded + nr;
  const auto* wa = reinterpret_cast<const simd::ChannelWord*>(w_zp + nr);
  const simd::ChannelWord* wb = wa + nr;
  __m256i x[NV];
#pragma GCC unroll 8
  for (size_t v = 0; v < NV; ++v) {
    x[v] = _mm256_add_epi32(acc[v], _mm256_loadu_si256(reinterpret_cast<const __m256i*>(folded + v * 8)));
    if (a_sum) {
      const __m256i zw = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w_zp + v * 8));
      x[v] = _mm256_sub_epi32(x[v], _mm256_mullo_epi32(zw, _mm256_set1_epi32(*a_sum)));
    }
  }
  if (p.out_type == octet_datatype_s32) {
    for (size_t v = 0; v < NV && v * 8 < nc; ++v) {
      int32_t* dst = static_cast<int32_t*>(c) + v * 8;
      if (nc - v * 8 >= 8) {
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), x[v]);
      } else {
        simd::store_lanes(Batch8(x[v]), p.out_type, dst, nc - v * 8);
      }
    }
    return;
  }
  const bool s8 = p.out_type == octet_datatype_s8;
  if (p.out.mode == octet_requant_fixedpoint) {
    for (size_t v = 0; v < NV && v * 8 < nc; ++v) {
      const Batch8 y = simd::requantize_lanes(Batch8(x[v]), wa + v * 8, wb + v * 8, p.out);
      simd::store_lanes(y, p.out_type, static_cast<char*>(c) + v * 8, nc - v * 8 < 8 ? nc - v * 8 : 8);
    }
    return;
  }
  const bool onednn = p.out.mode == octet_requant_pytorch_onednn;
  __m256i r[NV];
#pragma GCC unroll 8
  for (size_t v = 0; v < NV; ++v) {
    const __m256 bias = _mm256_loadu_ps(reinterpret_cast<const float*>(wa + v * 8));
    const __m256 scale = _mm256_loadu_ps(reinterpret_cast<const float*>(wb + v * 8));
    __m256 f = _mm256_mul_ps(_mm256_add_ps(_mm256_cvtepi32_ps(x[v]), bias), scale);
    if (onednn) {
      f = _mm256_add_ps(f, _mm256_set1_ps(static_cast<float>(p.out.zero_point)));
      f = _mm256_min_ps(_mm256_max_ps(f, _mm256_set1_ps(static_cast<float>(p.out.min))),
                        _mm256_set1_ps(static_cast<float>(p.out.max)));
    }
    r[v] = _mm256_cvtps_epi32(f);
  }
  const __m256i zp16 = _mm256_set1_epi16(static_cast<int16_t>(onednn ? 0 : p.out.zero_point));
  const __m256i lo8 = _mm256_set1_epi8(static_cast<char>(p.out.min));
  const __m256i hi8 = _mm256_set1_epi8(static_cast<char>(p.out.max));
  const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
#pragma GCC unroll 2
  for (size_t q = 0; q < NV; q += 4) {
    // Up to 4 vectors -> 32 bytes in channel order.
    const __m256i r0 = r[q], r1 = q + 1 < NV ? r[q + 1] : r[q];
    const __m256i r2 = q + 2 < NV ? r[q + 2] : r0, r3 = q + 3 < NV ? r[q + 3] : r2;
    const __m256i p01 = _mm256_adds_epi16(_mm256_packs_epi32(r0, r1), zp16);
    const __m256i p23 = _mm256_adds_epi16(_mm256_packs_epi32(r2, r3), zp16);
    __m256i b = s8 ? _mm256_packs_epi16(p01, p23) : _mm256_packus_epi16(p01, p23);
    b = _mm256_permutevar8x32_epi32(b, order);
    b = s8 ? _mm256_min_epi8(_mm256_max_epi8(b, lo8), hi8) : _mm256_min_epu8(_mm256_max_epu8(b, lo8), hi8);
    const size_t valid = nc - q * 8;
    store_bytes(b, valid < 32 ? valid : 32, static_cast<char*>(c) + q * 8);
    if (valid <= 32) break;
  }
}

}  // namespace

}  // namespace octet::x86
