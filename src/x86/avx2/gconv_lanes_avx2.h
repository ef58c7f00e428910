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

// u8 / s8 output in mode K: the AVX2 output stage (src/x86/avx2/output_avx2.h),
// four vectors narrowed together.
template <simd::OutKind K, bool U8, size_t O>
struct LanesEpi {
  const float* wa;
  const float* wb;
  x86::ymm::Consts c;
  LanesOrder<O> order;
  LanesEpi(const dw::RowArgs& a, size_t b)
      : wa(reinterpret_cast<const float*>(a.wa + b * 8 * O)),
        wb(reinterpret_cast<const float*>(a.wb + b * 8 * O)),
        c(a.out) {}
  __m256i conv(__m256i acc, size_t o) const {
    return x86::ymm::to_int<K>(acc, _mm256_load_ps(wa + o * 8), _mm256_load_ps(wb + o * 8), c);
  }
  // Outputs o0 .. o0 + 3 as bytes.
  __m256i bytes(const __m256i* acc, size_t o0) const {
    const __m256i r[4] = {conv(acc[o0], o0), conv(acc[o0 + 1], o0 + 1), conv(acc[o0 + 2], o0 + 2),
                          conv(acc[o0 + 3], o0 + 3)};
    return x86::ymm::bytes4<K, U8>(r, c);
  }
  void operator()(const __m256i* acc, char* dst) const {
    __m256i b8[O / 4];
    for (size_t h = 0; h < O / 4; ++h) b8[h] = bytes(acc, 4 * h);
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
  // No clamp variants: bytes4 clamps (a full-range clamp is a no-op).
  simd::dispatch_output<false>(a.epi.out, a.epi.out_type == octet_datatype_u8, [&](auto kind, auto u8, auto) {
    Impl::template run<LanesEpi<kind(), u8(), O>>(a);
  });
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
