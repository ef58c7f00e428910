// The kGroupLanes epilogues for AVX2 (see src/core/smallgroup.h), shared by
// the direct kernels (gconv_avx2.cc, gconv_lanes8_avx2.cc) and the Winograd
// one (gconv_wino_avx2.cc): O (4 or 8) accumulator vectors of 8 group lanes
// in, 8 * O bytes (or int32) in channel order O * g + o out. Include only from files built with AVX2 flags;
// the namespace names the ISA (test/tools/isa_leak_check.sh).
#pragma once

#include <immintrin.h>

#include <cstring>

#include "src/core/smallgroup.h"
#include "src/x86/avx2/dwconv_avx2_prims.h"

namespace octet::gconv {

void gconv_wino_avx2(const RowArgs& a);  // gconv_wino_avx2.cc
void gconv_prep_lanes8_avx2(const PrepArgs& p);  // gconv_lanes8_avx2.cc
void gconv_lanes8_avx2(const RowArgs& a);

}  // namespace octet::gconv

namespace octet::gconv::avx2_lanes {

using A = xsimd::avx2;
using i32 = xsimd::batch<int32_t, A>;

// O (4 or 8) output vectors of 8 lanes -> 8 * O bytes in channel order
// O * g + o. In: b8[h], the bytes of outputs 4h .. 4h + 3 as the packs leave
// them, [o][lane] per 128-bit half; tctl transposes each half to [lane][o].
template <size_t O>
struct LanesOrder;

// The vpermd undoes kLaneGroup.
template <>
struct LanesOrder<4> {
  __m256i tctl, perm;
  LanesOrder() {
    tctl = _mm256_setr_epi8(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15, 0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10,
                            14, 3, 7, 11, 15);
    perm = _mm256_setr_epi32(0, 1, 4, 5, 2, 3, 6, 7);
  }
  void store(const __m256i* b8, char* dst) const {
    const __m256i v = _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(b8[0], tctl), perm);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), v);
  }
};

// The 32-bit unpacks join the two output halves of each lane: groups (0, 2 |
// 1, 3) and (4, 6 | 5, 7) by kLaneGroup8, which the vpermq puts in order.
template <>
struct LanesOrder<8> {
  LanesOrder<4> o4;
  void store(const __m256i* b8, char* dst) const {
    const __m256i a = _mm256_shuffle_epi8(b8[0], o4.tctl), b = _mm256_shuffle_epi8(b8[1], o4.tctl);
    const __m256i lo = _mm256_permute4x64_epi64(_mm256_unpacklo_epi32(a, b), 0xD8);
    const __m256i hi = _mm256_permute4x64_epi64(_mm256_unpackhi_epi32(a, b), 0xD8);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), lo);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + 32), hi);
  }
};

// The float modes (as DwPrims<avx2>::FloatEpilogue, lane by lane).
template <bool OneDnn, bool U8, bool CLAMP, size_t O>
struct LanesFloatEpi {
  const float* wa;
  const float* wb;
  __m256 zpf, minf, maxf;
  __m256i zp16, min8, max8;
  LanesOrder<O> order;
  LanesFloatEpi(const dw::RowArgs& a, size_t b)
      : wa(reinterpret_cast<const float*>(a.wa + b * 8 * O)), wb(reinterpret_cast<const float*>(a.wb + b * 8 * O)) {
    zpf = _mm256_set1_ps(static_cast<float>(a.out.zero_point));
    minf = _mm256_set1_ps(static_cast<float>(a.out.min));
    maxf = _mm256_set1_ps(static_cast<float>(a.out.max));
    zp16 = _mm256_set1_epi16(static_cast<int16_t>(a.out.zero_point));
    min8 = _mm256_set1_epi8(static_cast<char>(a.out.min));
    max8 = _mm256_set1_epi8(static_cast<char>(a.out.max));
  }
  __m256i conv(__m256i acc, size_t o) const {
    __m256 f = _mm256_mul_ps(_mm256_add_ps(_mm256_cvtepi32_ps(acc), _mm256_load_ps(wa + o * 8)),
                             _mm256_load_ps(wb + o * 8));
    if (OneDnn) f = _mm256_min_ps(_mm256_max_ps(_mm256_add_ps(f, zpf), minf), maxf);
    return _mm256_cvtps_epi32(f);
  }
  // Outputs o0 .. o0 + 3 as bytes.
  __m256i bytes(const __m256i* acc, size_t o0) const {
    __m256i w01 = _mm256_packs_epi32(conv(acc[o0], o0), conv(acc[o0 + 1], o0 + 1));
    __m256i w23 = _mm256_packs_epi32(conv(acc[o0 + 2], o0 + 2), conv(acc[o0 + 3], o0 + 3));
    if (!OneDnn) {
      w01 = _mm256_adds_epi16(w01, zp16);
      w23 = _mm256_adds_epi16(w23, zp16);
    }
    __m256i b8 = U8 ? _mm256_packus_epi16(w01, w23) : _mm256_packs_epi16(w01, w23);
    if (!OneDnn && CLAMP) {
      b8 = U8 ? _mm256_min_epu8(_mm256_max_epu8(b8, min8), max8) : _mm256_min_epi8(_mm256_max_epi8(b8, min8), max8);
    }
    return b8;
  }
  void operator()(const __m256i* acc, char* dst) const {
    __m256i b8[O / 4];
    for (size_t h = 0; h < O / 4; ++h) b8[h] = bytes(acc, 4 * h);
    order.store(b8, dst);
  }
};

// Any mode through simd::requantize_lanes (values then in range: exact packs).
template <size_t O>
struct LanesGenericEpi {
  const simd::ChannelWord* wa;
  const simd::ChannelWord* wb;
  simd::OutputParams out;
  bool u8;
  LanesOrder<O> order;
  LanesGenericEpi(const dw::RowArgs& a, size_t b)
      : wa(a.wa + b * 8 * O), wb(a.wb + b * 8 * O), out(a.out), u8(a.out_type == octet_datatype_u8) {}
  void operator()(const __m256i* acc, char* dst) const {
    __m256i b8[O / 4];
    for (size_t h = 0; h < O / 4; ++h) {
      __m256i r[4];
      for (size_t q = 0; q < 4; ++q) {
        const size_t o = 4 * h + q;
        r[q] = simd::requantize_lanes<A>(i32(acc[o]), wa + o * 8, wb + o * 8, out);
      }
      const __m256i w01 = _mm256_packs_epi32(r[0], r[1]), w23 = _mm256_packs_epi32(r[2], r[3]);
      b8[h] = u8 ? _mm256_packus_epi16(w01, w23) : _mm256_packs_epi16(w01, w23);
    }
    order.store(b8, dst);
  }
};

// s32 output: the accumulators (bias included), transposed to channel order.
template <size_t O>
struct LanesRawEpi {
  LanesRawEpi(const dw::RowArgs&, size_t) {}
  void operator()(const __m256i* acc, char* dst) const {
    const size_t* lane_group = O == 8 ? kLaneGroup8 : kLaneGroup;
    alignas(32) int32_t v[O][8];
    for (size_t o = 0; o < O; ++o) _mm256_store_si256(reinterpret_cast<__m256i*>(v[o]), acc[o]);
    int32_t out[8 * O];
    for (size_t l = 0; l < 8; ++l) {
      for (size_t o = 0; o < O; ++o) out[lane_group[l] * O + o] = v[o][l];
    }
    std::memcpy(dst, out, sizeof out);
  }
};

// Calls Impl::run<Epi>(a) with the epilogue for a's output type and mode, O
// outputs per group.
template <class Impl, size_t O>
void dispatch(const RowArgs& a) {
  if (a.epi.out_type == octet_datatype_s32) return Impl::template run<LanesRawEpi<O>>(a);
  const bool u8 = a.epi.out_type == octet_datatype_u8;
  const bool full = u8 ? (a.epi.out.min <= 0 && a.epi.out.max >= 255) : (a.epi.out.min <= -128 && a.epi.out.max >= 127);
  switch (a.epi.out.mode) {
    case octet_requant_pytorch_fbgemm:
    case octet_requant_pytorch_qnnpack:
      if (u8) return full ? Impl::template run<LanesFloatEpi<false, true, false, O>>(a)
                          : Impl::template run<LanesFloatEpi<false, true, true, O>>(a);
      return full ? Impl::template run<LanesFloatEpi<false, false, false, O>>(a)
                  : Impl::template run<LanesFloatEpi<false, false, true, O>>(a);
    case octet_requant_pytorch_onednn:
      // The clamp is in the float steps: CLAMP is ignored.
      return u8 ? Impl::template run<LanesFloatEpi<true, true, false, O>>(a)
                : Impl::template run<LanesFloatEpi<true, false, false, O>>(a);
    default: return Impl::template run<LanesGenericEpi<O>>(a);
  }
}

// The column walk of the lanes prep passes: C int16 per prepped pixel; a
// padding column (or a padding row) is zero, a real one gets pixel(x, d) with
// x its input bytes and d its prepped words.
template <class F>
inline void for_each_prep_column(const PrepArgs& p, F&& pixel) {
  for (size_t col = 0; col < p.cols; ++col) {
    int16_t* d = p.dst + col * p.C;
    if (p.row == nullptr || col < p.pad_left || col >= p.pad_left + p.W) {
      std::memset(d, 0, p.C * sizeof(int16_t));
      continue;
    }
    pixel(static_cast<const char*>(p.row) + (col - p.pad_left) * p.in_pixel_stride, d);
  }
}

}  // namespace octet::gconv::avx2_lanes
