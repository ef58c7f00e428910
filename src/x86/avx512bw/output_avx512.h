// The GEMM output stage on zmm (AVX-512BW), for kernels that keep their
// accumulators in zmm registers: accumulators + folded bias (- w_zp * a_sum)
// -> requantize -> u8 / s8 / s32 store, all in registers.
//
// Arithmetic is that of src/x86/avx2/output_avx2.h (and so of src/ref):
//   fbgemm / qnnpack: f = (f32(v) + bias) * scale, cvtps2dq (INT32_MIN out of
//     range), packssdw, paddsw(zero point), packuswb / packsswb, byte clamp.
//     Saturating narrowing is monotonic and the clamp range lies inside every
//     intermediate range, so this is clamp(r + zp, min, max) exactly.
//   onednn: + zero point and the clamp in float, cvtps2dq last (in range).
//   fixedpoint: simd::requantize_lanes, lane by lane through the reference.
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
      alignas(64) int32_t lanes[16 * NV];
      for (size_t v = 0; v < NV; ++v) _mm512_store_si512(lanes + v * 16, x[v]);
      const size_t n = nc < 16 * NV ? nc : 16 * NV;
      const auto* words = reinterpret_cast<const simd::ChannelWord*>(bias());
      simd::requantize_fixedpoint(lanes, n, words, words + nr, p.out);
      for (size_t i = 0; i < n; ++i) static_cast<uint8_t*>(c)[i] = static_cast<uint8_t>(lanes[i]);
      return;
    }
    __m512i r[NV];
#pragma GCC unroll 8
    for (size_t v = 0; v < NV; ++v) {
      __m512 f = _mm512_add_ps(_mm512_cvtepi32_ps(x[v]), _mm512_loadu_ps(bias() + v * 16));
      f = _mm512_mul_ps(f, _mm512_loadu_ps(scale() + v * 16));
      if (onednn) f = _mm512_min_ps(_mm512_max_ps(_mm512_add_ps(f, zpf), minf), maxf);
      r[v] = _mm512_cvtps_epi32(f);
    }
#pragma GCC unroll 2
    for (size_t q = 0; q < NV; q += 4) {
      // Up to 4 vectors -> 64 bytes in channel order (fewer vectors repeat
      // the last ones; their bytes land past `valid` and are not stored).
      const __m512i r0 = r[q], r1 = q + 1 < NV ? r[q + 1] : r0;
      const __m512i r2 = q + 2 < NV ? r[q + 2] : r1, r3 = q + 3 < NV ? r[q + 3] : r2;
      const __m512i p01 = _mm512_adds_epi16(_mm512_packs_epi32(r0, r1), zp16);
      const __m512i p23 = _mm512_adds_epi16(_mm512_packs_epi32(r2, r3), zp16);
      __m512i b = s8 ? _mm512_packs_epi16(p01, p23) : _mm512_packus_epi16(p01, p23);
      b = _mm512_permutexvar_epi32(order, b);
      b = s8 ? _mm512_min_epi8(_mm512_max_epi8(b, lo8), hi8) : _mm512_min_epu8(_mm512_max_epu8(b, lo8), hi8);
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

  static __mmask16 lane_mask(size_t n) { return n >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << n) - 1); }
  static __mmask64 byte_mask(size_t n) { return n >= 64 ? ~__mmask64(0) : __mmask64((uint64_t{1} << n) - 1); }
};

}  // namespace
}  // namespace octet::x86
