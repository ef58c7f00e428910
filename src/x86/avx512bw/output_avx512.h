// The GEMM output stage on zmm (AVX-512BW), for kernels that keep their
// accumulators in zmm registers: accumulators + folded bias (- w_zp * a_sum)
// -> requantize -> u8 / s8 / s32 store, all in registers.
//
// Arithmetic is that of src/x86/avx2/output_avx2.h (and so of src/ref), on
// zmm: float_to_int / fixed_to_int give the mode's rounded r, then either the
// packs (packssdw, paddsw zero point, packuswb / packsswb, byte clamp) or the
// narrowing moves (vpmovsdw, paddsw zero point, the clamp in int16, vpmovwb),
// both equal to clamp(r + zp, min, max) for the same reason: saturating
// narrowing is monotonic and [min, max] lies inside every intermediate range.
// onednn adds the zero point and clamps in float before rounding.
//
// The depthwise kernels use the primitives in zmm:: (and their s32 / byte
// stores); the GEMM kernels use OutputStageZmm, the whole tile.
//
// Include only from AVX-512 translation units: everything here has internal
// linkage, so each ISA's file keeps its own copy.
#pragma once

#include <cstddef>
#include <cstdint>

#include "src/core/gemm_ukernel.h"
#include "src/x86/emulation.h"

// GCC 12's AVX-512 intrinsics start from _mm512_undefined_*(), a
// self-initialised variable that -Wmaybe-uninitialized reports when inlined.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace octet::x86 {
namespace {

#define OCTET_OUT_INLINE inline __attribute__((always_inline))

namespace zmm {

template <bool OneDnn>
OCTET_OUT_INLINE __m512i float_to_int(__m512i v, __m512 bias, __m512 scale, __m512 zpf, __m512 minf, __m512 maxf) {
  __m512 f = _mm512_mul_ps(_mm512_add_ps(_mm512_cvtepi32_ps(v), bias), scale);
  if (OneDnn) f = _mm512_min_ps(_mm512_max_ps(_mm512_add_ps(f, zpf), minf), maxf);
  return _mm512_cvtps_epi32(f);
}

// The fixedpoint mode's r on 16 lanes (see ymm::fixed_to_int in
// src/x86/avx2/output_avx2.h for the steps).
OCTET_OUT_INLINE __m512i fixed_to_int(__m512i v, __m512i m, __m512i e) {
  const __m512i zero = _mm512_setzero_si512();
  const __m512i one = _mm512_set1_epi32(1);
  const __m512i left = _mm512_max_epi32(e, zero);
  const __m512i right = _mm512_max_epi32(_mm512_sub_epi32(zero, e), zero);
  const __m512i sh = _mm512_sllv_epi32(v, left);
  const __mmask16 fits = _mm512_cmpeq_epi32_mask(_mm512_srav_epi32(sh, left), v);
  const __m512i sat = _mm512_mask_blend_epi32(_mm512_cmpgt_epi32_mask(zero, v), _mm512_set1_epi32(INT32_MAX),
                                              _mm512_set1_epi32(INT32_MIN));
  const __m512i a = _mm512_mask_blend_epi32(fits, sat, sh);
  const __m512i half = _mm512_set1_epi64(int64_t{1} << 30);
  const __m512i pe = _mm512_add_epi64(_mm512_mul_epi32(a, m), half);
  const __m512i po = _mm512_add_epi64(_mm512_mul_epi32(_mm512_srli_epi64(a, 32), _mm512_srli_epi64(m, 32)), half);
  const __m512i t = _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(pe, 31), _mm512_slli_epi64(po, 1));
  const __m512i mask = _mm512_sub_epi32(_mm512_sllv_epi32(one, right), one);
  const __m512i rem = _mm512_and_si512(t, mask);
  const __m512i half_mask = _mm512_srli_epi32(mask, 1);
  const __m512i threshold = _mm512_mask_add_epi32(half_mask, _mm512_cmpgt_epi32_mask(zero, t), half_mask, one);
  const __m512i q = _mm512_srav_epi32(t, right);
  return _mm512_mask_add_epi32(q, _mm512_cmpgt_epi32_mask(rem, threshold), q, one);
}

template <bool AddZp>
OCTET_OUT_INLINE __m512i narrow_words(__m512i r0, __m512i r1, __m512i zp16) {
  const __m512i w = _mm512_packs_epi32(r0, r1);
  return AddZp ? _mm512_adds_epi16(w, zp16) : w;
}

template <bool U8>
OCTET_OUT_INLINE __m512i narrow_bytes(__m512i w0, __m512i w1) {
  return U8 ? _mm512_packus_epi16(w0, w1) : _mm512_packs_epi16(w0, w1);
}

template <bool U8>
OCTET_OUT_INLINE __m512i clamp_bytes(__m512i b, __m512i min8, __m512i max8) {
  return U8 ? _mm512_min_epu8(_mm512_max_epu8(b, min8), max8) : _mm512_min_epi8(_mm512_max_epi8(b, min8), max8);
}

// Per-operator constants, broadcast.
struct Consts {
  __m512 zpf, minf, maxf;
  __m512i zp16, min8, max8;
  explicit Consts(const simd::OutputParams& o) {
    zpf = _mm512_set1_ps(static_cast<float>(o.zero_point));
    minf = _mm512_set1_ps(static_cast<float>(o.min));
    maxf = _mm512_set1_ps(static_cast<float>(o.max));
    zp16 = _mm512_set1_epi16(static_cast<int16_t>(o.zero_point));
    min8 = _mm512_set1_epi8(static_cast<char>(o.min));
    max8 = _mm512_set1_epi8(static_cast<char>(o.max));
  }
};

// The words of 16 channels, as float vectors (see ymm::load_words).
OCTET_OUT_INLINE __m512 load_words(const simd::ChannelWord* w) {
  return _mm512_loadu_ps(reinterpret_cast<const float*>(w));
}

template <simd::OutKind K>
OCTET_OUT_INLINE __m512i to_int(__m512i v, __m512 a, __m512 b, const Consts& c) {
  if constexpr (K == simd::OutKind::kFixed) {
    return fixed_to_int(v, _mm512_castps_si512(a), _mm512_castps_si512(b));
  } else {
    return float_to_int<K == simd::OutKind::kOneDnn>(v, a, b, c.zpf, c.minf, c.maxf);
  }
}

// Two vectors -> 32 int16 in packs order, the float steps first (see
// ymm::words2 in src/x86/avx2/output_avx2.h).
template <simd::OutKind K>
OCTET_OUT_INLINE __m512i words2(__m512i v0, __m512i v1, __m512 a0, __m512 b0, __m512 a1, __m512 b1, const Consts& c) {
  if constexpr (K == simd::OutKind::kFixed) {
    return narrow_words<true>(fixed_to_int(v0, _mm512_castps_si512(a0), _mm512_castps_si512(b0)),
                              fixed_to_int(v1, _mm512_castps_si512(a1), _mm512_castps_si512(b1)), c.zp16);
  } else {
    __m512 f0 = _mm512_mul_ps(_mm512_add_ps(_mm512_cvtepi32_ps(v0), a0), b0);
    __m512 f1 = _mm512_mul_ps(_mm512_add_ps(_mm512_cvtepi32_ps(v1), a1), b1);
    if (K == simd::OutKind::kOneDnn) {
      f0 = _mm512_min_ps(_mm512_max_ps(_mm512_add_ps(f0, c.zpf), c.minf), c.maxf);
      f1 = _mm512_min_ps(_mm512_max_ps(_mm512_add_ps(f1, c.zpf), c.minf), c.maxf);
      return narrow_words<false>(_mm512_cvtps_epi32(f0), _mm512_cvtps_epi32(f1), c.zp16);
    }
    return narrow_words<true>(_mm512_cvtps_epi32(f0), _mm512_cvtps_epi32(f1), c.zp16);
  }
}

// One vector of r -> 16 bytes in lane order by the narrowing moves: vpmovsdw,
// + zero point (AddZp) and the clamp (Clamp) in saturating int16, then
// vpmovwb (exact: the values are in the byte range by then). min16 / max16:
// the clamp bounds as int16. The clamp is what brings the words into the
// byte range, so Clamp is false only for onednn (r in range already).
template <bool AddZp, bool Clamp>
OCTET_OUT_INLINE __m256i narrow16_words(__m512i r, __m256i zp16, __m256i min16, __m256i max16) {
  __m256i w = _mm512_cvtsepi32_epi16(r);
  if (AddZp) w = _mm256_adds_epi16(w, zp16);
  if (Clamp) w = _mm256_min_epi16(_mm256_max_epi16(w, min16), max16);
  return w;
}

OCTET_OUT_INLINE __mmask16 lane_mask(size_t n) { return n >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << n) - 1); }
OCTET_OUT_INLINE __mmask64 byte_mask(size_t n) {
  return n >= 64 ? ~__mmask64(0) : __mmask64((uint64_t{1} << n) - 1);
}

}  // namespace zmm

// The per-call constants, built once per tile so they live in registers.
struct OutputStageZmm {
  const GemmParams& p;
  const char* header;  // the panel: folded[nr], w_zp[nr], a[nr], b[nr]
  size_t nr;
  bool onednn;
  bool s8;
  __m512i zp16, lo8, hi8, order;
  __m512 zpf, minf, maxf;

  OutputStageZmm(const GemmParams& params, const void* panel, size_t nr_)
      : p(params), header(static_cast<const char*>(panel)), nr(nr_) {
    onednn = p.out.mode == octet_requant_pytorch_onednn;
    s8 = p.out_type == octet_datatype_s8;
    zp16 = _mm512_set1_epi16(static_cast<int16_t>(onednn ? 0 : p.out.zero_point));
    lo8 = _mm512_set1_epi8(static_cast<char>(p.out.min));
    hi8 = _mm512_set1_epi8(static_cast<char>(p.out.max));
    // packs / packus work within 128-bit lanes: dword j of lane i holds four
    // channels of vector j, lane i. This transpose puts them in channel order.
    order = _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
    zpf = _mm512_set1_ps(static_cast<float>(p.out.zero_point));
    minf = _mm512_set1_ps(static_cast<float>(p.out.min));
    maxf = _mm512_set1_ps(static_cast<float>(p.out.max));
  }

  const int32_t* folded() const { return reinterpret_cast<const int32_t*>(header); }
  const int32_t* w_zp() const { return folded() + nr; }
  const float* bias() const { return reinterpret_cast<const float*>(w_zp() + nr); }
  const float* scale() const { return bias() + nr; }

  // One row: NV vectors of 16 accumulators, nc (<= 16 * NV) valid columns.
  template <size_t NV>
  __attribute__((always_inline)) inline void row(const __m512i (&acc)[NV], size_t nc, const int32_t* a_sum,
                                                 void* c) const {
    __m512i x[NV];
#pragma GCC unroll 8
    for (size_t v = 0; v < NV; ++v) {
      x[v] = _mm512_add_epi32(acc[v], _mm512_loadu_si512(folded() + v * 16));
      if (a_sum) {
        const __m512i zw = _mm512_loadu_si512(w_zp() + v * 16);
        x[v] = _mm512_sub_epi32(x[v], _mm512_mullo_epi32(zw, _mm512_set1_epi32(*a_sum)));
      }
    }
    if (p.out_type == octet_datatype_s32) {
#pragma GCC unroll 8
      for (size_t v = 0; v < NV; ++v) {
        if (v * 16 >= nc) break;
        _mm512_mask_storeu_epi32(static_cast<int32_t*>(c) + v * 16, lane_mask(nc - v * 16), x[v]);
      }
      return;
    }
    if (p.out.mode == octet_requant_fixedpoint) {
      __m512i r[NV];
#pragma GCC unroll 8
      for (size_t v = 0; v < NV; ++v) {
        r[v] = zmm::fixed_to_int(x[v], _mm512_loadu_si512(bias() + v * 16), _mm512_loadu_si512(scale() + v * 16));
      }
      return store_bytes<NV>(r, nc, c, _mm512_set1_epi16(static_cast<int16_t>(p.out.zero_point)));
    }
    __m512i r[NV];
#pragma GCC unroll 8
    for (size_t v = 0; v < NV; ++v) {
      __m512 f = _mm512_add_ps(_mm512_cvtepi32_ps(x[v]), _mm512_loadu_ps(bias() + v * 16));
      f = _mm512_mul_ps(f, _mm512_loadu_ps(scale() + v * 16));
      if (onednn) f = _mm512_min_ps(_mm512_max_ps(_mm512_add_ps(f, zpf), minf), maxf);
      r[v] = _mm512_cvtps_epi32(f);
    }
    store_bytes<NV>(r, nc, c, zp16);
  }

  // NV vectors of r -> nc bytes in channel order (zp: the zero point to add).
  template <size_t NV>
  __attribute__((always_inline)) inline void store_bytes(const __m512i (&r)[NV], size_t nc, void* c,
                                                         __m512i zp) const {
#pragma GCC unroll 2
    for (size_t q = 0; q < NV; q += 4) {
      // Up to 4 vectors -> 64 bytes in channel order (fewer vectors repeat
      // the last ones; their bytes land past `valid` and are not stored).
      const __m512i r0 = r[q], r1 = q + 1 < NV ? r[q + 1] : r0;
      const __m512i r2 = q + 2 < NV ? r[q + 2] : r1, r3 = q + 3 < NV ? r[q + 3] : r2;
      const __m512i p01 = zmm::narrow_words<true>(r0, r1, zp);
      const __m512i p23 = zmm::narrow_words<true>(r2, r3, zp);
      __m512i b = s8 ? zmm::narrow_bytes<false>(p01, p23) : zmm::narrow_bytes<true>(p01, p23);
      b = _mm512_permutexvar_epi32(order, b);
      b = s8 ? zmm::clamp_bytes<false>(b, lo8, hi8) : zmm::clamp_bytes<true>(b, lo8, hi8);
      const size_t valid = nc - q * 16;
      _mm512_mask_storeu_epi8(static_cast<char*>(c) + q * 16, byte_mask(valid), b);
      if (valid <= 64) break;
    }
  }

  // The whole tile: rows m < mr of acc (MR x NV, register-resident).
  template <size_t MR, size_t NV>
  __attribute__((always_inline)) inline void tile(const __m512i (&acc)[MR][NV], size_t mr, size_t nc, void* c,
                                                  size_t cm_stride) const {
#pragma GCC unroll 16
    for (size_t m = 0; m < MR; ++m) {
      if (m >= mr) break;
      row<NV>(acc[m], nc, p.a_sums ? p.a_sums + m : nullptr, static_cast<char*>(c) + m * cm_stride);
    }
  }

  static __mmask16 lane_mask(size_t n) { return zmm::lane_mask(n); }
  static __mmask64 byte_mask(size_t n) { return zmm::byte_mask(n); }
};

}  // namespace
}  // namespace octet::x86
