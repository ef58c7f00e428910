// The output stage on ymm (AVX2): int32 accumulators (holding the folded
// int32 bias) -> u8 / s8 / s32, every requantization mode, operands in
// registers. GEMM, depthwise and grouped kernels of AVX2, and the AVX-VNNI
// ones (whose flags add no instruction to this code), all requantize here;
// the kernels keep only their lane orders and stores.
//
// The steps, bit for bit src/ref/requantize.cc:
//   to_int: the rounded value r of the mode, per 8 lanes
//     fbgemm / qnnpack: f = (f32(v) + bias) * scale (two roundings, no FMA),
//       cvtps2dq (INT32_MIN out of range, as the reference);
//     onednn: + zero point and the clamp in float, cvtps2dq last (in range);
//     fixedpoint: the gemmlowp steps of src/ref/fixedpoint.cc in 32/64-bit
//       integer lanes (fixed_to_int).
//   narrow: packssdw, paddsw(zero point) (not for onednn), packuswb /
//     packsswb, then the clamp in bytes. Saturating narrowing is monotonic
//     and [min, max] lies inside every intermediate range, so this equals
//     clamp(r + zp, min, max) of src/ref exactly. onednn values are already
//     in [min, max]: its packs are exact and its clamp is the identity.
//
// Everything has internal linkage: each translation unit that includes this
// keeps its own copy, so the linker can never hand one ISA's copy to another.
#pragma once

#include <immintrin.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "src/core/gemm_ukernel.h"
#include "src/core/requant_simd.h"

namespace octet::x86 {
namespace {

#define OCTET_OUT_INLINE inline __attribute__((always_inline))

namespace ymm {

// The float modes' r on 8 lanes. OneDnn: zpf, minf, maxf are used (the
// zero point and clamp in float), else ignored.
template <bool OneDnn>
OCTET_OUT_INLINE __m256i float_to_int(__m256i v, __m256 bias, __m256 scale, __m256 zpf, __m256 minf, __m256 maxf) {
  __m256 f = _mm256_mul_ps(_mm256_add_ps(_mm256_cvtepi32_ps(v), bias), scale);
  if (OneDnn) f = _mm256_min_ps(_mm256_max_ps(_mm256_add_ps(f, zpf), minf), maxf);
  return _mm256_cvtps_epi32(f);
}

// The fixedpoint mode's r on 8 lanes: round(v * m * 2^(e - 31)) with
// TFLite's two roundings (src/ref/fixedpoint.cc); m (Q31, >= 0) and e per lane.
OCTET_OUT_INLINE __m256i fixed_to_int(__m256i v, __m256i m, __m256i e) {
  const __m256i zero = _mm256_setzero_si256();
  const __m256i one = _mm256_set1_epi32(1);
  const __m256i left = _mm256_max_epi32(e, zero);
  const __m256i right = _mm256_max_epi32(_mm256_sub_epi32(zero, e), zero);
  // v << left, saturated: it fits exactly when shifting back gives v.
  const __m256i sh = _mm256_sllv_epi32(v, left);
  const __m256i fits = _mm256_cmpeq_epi32(_mm256_srav_epi32(sh, left), v);
  const __m256i sat = _mm256_xor_si256(_mm256_srai_epi32(v, 31), _mm256_set1_epi32(INT32_MAX));
  const __m256i a = _mm256_blendv_epi8(sat, sh, fits);
  // The rounding doubling high multiply. With m >= 0 the reference's
  // trunc((a*m + nudge) / 2^31) is floor((a*m + 2^30) / 2^31) for either
  // sign: bits 31..62 of a*m + 2^30, even lanes from vpmuldq, odd ones from
  // the high halves.
  const __m256i half = _mm256_set1_epi64x(int64_t{1} << 30);
  const __m256i pe = _mm256_add_epi64(_mm256_mul_epi32(a, m), half);
  const __m256i po = _mm256_add_epi64(_mm256_mul_epi32(_mm256_srli_epi64(a, 32), _mm256_srli_epi64(m, 32)), half);
  const __m256i t = _mm256_blend_epi32(_mm256_srli_epi64(pe, 31), _mm256_slli_epi64(po, 1), 0xAA);
  // Divide by 2^right rounding half away from zero: + 1 when the remainder
  // exceeds half the divisor (half plus one for negative t).
  const __m256i mask = _mm256_sub_epi32(_mm256_sllv_epi32(one, right), one);
  const __m256i rem = _mm256_and_si256(t, mask);
  const __m256i threshold = _mm256_sub_epi32(_mm256_srai_epi32(mask, 1), _mm256_cmpgt_epi32(zero, t));
  return _mm256_sub_epi32(_mm256_srav_epi32(t, right), _mm256_cmpgt_epi32(rem, threshold));
}

// Two vectors of r -> 16 int16 (packs order: r0 lanes 0-3, r1 0-3 | r0 4-7,
// r1 4-7), + the zero point when AddZp (every mode but onednn).
template <bool AddZp>
OCTET_OUT_INLINE __m256i narrow_words(__m256i r0, __m256i r1, __m256i zp16) {
  const __m256i w = _mm256_packs_epi32(r0, r1);
  return AddZp ? _mm256_adds_epi16(w, zp16) : w;
}

// Two vectors of words -> 32 bytes (packs order), u8 or s8 saturation.
template <bool U8>
OCTET_OUT_INLINE __m256i narrow_bytes(__m256i w0, __m256i w1) {
  return U8 ? _mm256_packus_epi16(w0, w1) : _mm256_packs_epi16(w0, w1);
}

template <bool U8>
OCTET_OUT_INLINE __m256i clamp_bytes(__m256i b, __m256i min8, __m256i max8) {
  return U8 ? _mm256_min_epu8(_mm256_max_epu8(b, min8), max8) : _mm256_min_epi8(_mm256_max_epi8(b, min8), max8);
}

// The xmm forms, for one vector of r -> 8 bytes in lane order.
template <bool AddZp, bool U8, bool Clamp>
OCTET_OUT_INLINE __m128i narrow8(__m256i r, __m128i zp16, __m128i min8, __m128i max8) {
  __m128i w = _mm_packs_epi32(_mm256_castsi256_si128(r), _mm256_extracti128_si256(r, 1));
  if (AddZp) w = _mm_adds_epi16(w, zp16);
  __m128i b = U8 ? _mm_packus_epi16(w, w) : _mm_packs_epi16(w, w);
  if (Clamp) b = U8 ? _mm_min_epu8(_mm_max_epu8(b, min8), max8) : _mm_min_epi8(_mm_max_epi8(b, min8), max8);
  return b;
}

// Per-operator constants, broadcast (kernels short of registers fill them
// from memory at each use instead; see the direct depthwise kernels).
struct Consts {
  __m256 zpf, minf, maxf;
  __m256i zp16, min8, max8;
  Consts() = default;
  explicit Consts(const simd::OutputParams& o) {
    zpf = _mm256_set1_ps(static_cast<float>(o.zero_point));
    minf = _mm256_set1_ps(static_cast<float>(o.min));
    maxf = _mm256_set1_ps(static_cast<float>(o.max));
    zp16 = _mm256_set1_epi16(static_cast<int16_t>(o.zero_point));
    min8 = _mm256_set1_epi8(static_cast<char>(o.min));
    max8 = _mm256_set1_epi8(static_cast<char>(o.max));
  }
};

// The two per-channel words of 8 channels (bias and scale, or multiplier and
// exponent), held as float vectors either way.
OCTET_OUT_INLINE __m256 load_words(const simd::ChannelWord* w) {
  return _mm256_loadu_ps(reinterpret_cast<const float*>(w));
}

// r of one vector in mode K from its channels' words a, b.
template <simd::OutKind K>
OCTET_OUT_INLINE __m256i to_int(__m256i v, __m256 a, __m256 b, const Consts& c) {
  if constexpr (K == simd::OutKind::kFixed) {
    return fixed_to_int(v, _mm256_castps_si256(a), _mm256_castps_si256(b));
  } else {
    return float_to_int<K == simd::OutKind::kOneDnn>(v, a, b, c.zpf, c.minf, c.maxf);
  }
}

// Two vectors -> 16 int16 in packs order (zero point added but for onednn),
// the float steps of both vectors first and the roundings last: the order
// the tuned depthwise kernels were scheduled with.
template <simd::OutKind K>
OCTET_OUT_INLINE __m256i words2(__m256i v0, __m256i v1, __m256 a0, __m256 b0, __m256 a1, __m256 b1, const Consts& c) {
  if constexpr (K == simd::OutKind::kFixed) {
    return narrow_words<true>(fixed_to_int(v0, _mm256_castps_si256(a0), _mm256_castps_si256(b0)),
                              fixed_to_int(v1, _mm256_castps_si256(a1), _mm256_castps_si256(b1)), c.zp16);
  } else {
    __m256 f0 = _mm256_mul_ps(_mm256_add_ps(_mm256_cvtepi32_ps(v0), a0), b0);
    __m256 f1 = _mm256_mul_ps(_mm256_add_ps(_mm256_cvtepi32_ps(v1), a1), b1);
    if (K == simd::OutKind::kOneDnn) {
      f0 = _mm256_min_ps(_mm256_max_ps(_mm256_add_ps(f0, c.zpf), c.minf), c.maxf);
      f1 = _mm256_min_ps(_mm256_max_ps(_mm256_add_ps(f1, c.zpf), c.minf), c.maxf);
      return narrow_words<false>(_mm256_cvtps_epi32(f0), _mm256_cvtps_epi32(f1), c.zp16);
    }
    return narrow_words<true>(_mm256_cvtps_epi32(f0), _mm256_cvtps_epi32(f1), c.zp16);
  }
}

}  // namespace ymm

// Stores the first n bytes of `b` (n <= 32).
OCTET_OUT_INLINE void store_bytes(__m256i b, size_t n, void* dst) {
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

// Stores the first n (<= 16) bytes of `b`.
OCTET_OUT_INLINE void store_bytes16(__m128i b, size_t n, void* dst) {
  if (n == 16) {
    _mm_storeu_si128(static_cast<__m128i*>(dst), b);
  } else {
    alignas(16) uint8_t tmp[16];
    _mm_store_si128(reinterpret_cast<__m128i*>(tmp), b);
    std::memcpy(dst, tmp, n);
  }
}

// Stores the first n (<= 8) int32 of `v`.
OCTET_OUT_INLINE void store_s32(__m256i v, size_t n, void* dst) {
  if (n == 8) {
    _mm256_storeu_si256(static_cast<__m256i*>(dst), v);
  } else {
    alignas(32) int32_t tmp[8];
    _mm256_store_si256(reinterpret_cast<__m256i*>(tmp), v);
    std::memcpy(dst, tmp, n * sizeof(int32_t));
  }
}

// NV vectors of r -> nc (<= 8*NV) bytes in channel order, zp added
// (the GEMM rows: r lanes are columns).
template <size_t NV>
OCTET_OUT_INLINE void store_row_bytes(const __m256i (&r)[NV], size_t nc, void* c, const GemmParams& p, int32_t zp) {
  const bool s8 = p.out_type == octet_datatype_s8;
  const __m256i zp16 = _mm256_set1_epi16(static_cast<int16_t>(zp));
  const __m256i lo8 = _mm256_set1_epi8(static_cast<char>(p.out.min));
  const __m256i hi8 = _mm256_set1_epi8(static_cast<char>(p.out.max));
  const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
#pragma GCC unroll 2
  for (size_t q = 0; q < NV; q += 4) {
    // Up to 4 vectors -> 32 bytes in channel order.
    const __m256i r0 = r[q], r1 = q + 1 < NV ? r[q + 1] : r[q];
    const __m256i r2 = q + 2 < NV ? r[q + 2] : r0, r3 = q + 3 < NV ? r[q + 3] : r2;
    const __m256i p01 = ymm::narrow_words<true>(r0, r1, zp16);
    const __m256i p23 = ymm::narrow_words<true>(r2, r3, zp16);
    __m256i b = s8 ? ymm::narrow_bytes<false>(p01, p23) : ymm::narrow_bytes<true>(p01, p23);
    b = _mm256_permutevar8x32_epi32(b, order);
    b = s8 ? ymm::clamp_bytes<false>(b, lo8, hi8) : ymm::clamp_bytes<true>(b, lo8, hi8);
    const size_t valid = nc - q * 8;
    store_bytes(b, valid < 32 ? valid : 32, static_cast<char*>(c) + q * 8);
    if (valid <= 32) break;
  }
}

// One GEMM row: NV vectors of 8 accumulators, nc (<= 8*NV) valid columns.
// header: the panel (folded[NR], w_zp[NR], a[NR], b[NR]). The mode is a
// runtime value here (one branch per row); the float modes share the code.
template <size_t NV>
OCTET_OUT_INLINE void epilogue_row_avx2(const __m256i* acc, size_t nc, const char* header, size_t nr,
                                        const int32_t* a_sum, void* c, const GemmParams& p) {
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
      store_s32(x[v], nc - v * 8 < 8 ? nc - v * 8 : 8, static_cast<int32_t*>(c) + v * 8);
    }
    return;
  }
  if (p.out.mode == octet_requant_fixedpoint) {
    __m256i r[NV];
#pragma GCC unroll 8
    for (size_t v = 0; v < NV; ++v) {
      r[v] = ymm::fixed_to_int(x[v], _mm256_loadu_si256(reinterpret_cast<const __m256i*>(wa + v * 8)),
                               _mm256_loadu_si256(reinterpret_cast<const __m256i*>(wb + v * 8)));
    }
    return store_row_bytes<NV>(r, nc, c, p, p.out.zero_point);
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
  // onednn: its zero point is already in r.
  store_row_bytes<NV>(r, nc, c, p, onednn ? 0 : p.out.zero_point);
}

}  // namespace

}  // namespace octet::x86
