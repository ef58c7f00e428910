// The block step of the x86 int16 depthwise prep (src/core/dwconv.h: the
// pair layout), for AVX2 (ymm) and AVX-512BW (zmm) alike: the input channels
// of two rows a and b widened to int16, minus the zero point, interleaved
// into (a[k], b[k]) pairs within each 128-bit lane (vpunpcklwd, vpunpckhwd):
// lo holds channels 0-3 of every lane's 8, hi channels 4-7. The interleave
// is written with GCC vector operators so that one definition serves every
// register width (SIMDe's emulated __m512i included); its shuffles compile to
// the unpacks. Internal linkage: each kernel file keeps its own copy, built
// with its own flags.
#pragma once

#include <immintrin.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <utility>

namespace octet::x86 {
namespace {

template <size_t kBytes>
struct Int16Vec {
  typedef int16_t type __attribute__((vector_size(kBytes)));
};

// Element j of the lane interleave of a and b (n int16 each): half 0 takes
// words 0-3 of a lane, half 1 words 4-7.
constexpr int pair_index(size_t j, size_t half, size_t n) {
  return static_cast<int>((j % 2 ? n : 0) + j / 8 * 8 + half * 4 + j % 8 / 2);
}

template <size_t kHalf, class W, size_t... J>
inline W interleave_pairs(W a, W b, std::index_sequence<J...>) {
  return __builtin_shufflevector(a, b, pair_index(J, kHalf, sizeof...(J))...);
}

// dst[0, n): lo, dst[n, 2n): hi, for n = the int16 lanes of Reg.
template <class Reg>
inline __attribute__((always_inline)) void store_pairs(Reg a, Reg b, Reg zp, int16_t* dst) {
  using W = typename Int16Vec<sizeof(Reg)>::type;
  constexpr size_t n = sizeof(Reg) / 2;
  const W wa = (W)a - (W)zp, wb = (W)b - (W)zp;
  const W lo = interleave_pairs<0>(wa, wb, std::make_index_sequence<n>{});
  const W hi = interleave_pairs<1>(wa, wb, std::make_index_sequence<n>{});
  std::memcpy(dst, &lo, sizeof(W));
  std::memcpy(dst + n, &hi, sizeof(W));
}

// The sizeof(Reg) / 2 bytes at p, widened to int16 (vpmovsxbw / vpmovzxbw).
template <bool S8, class Reg>
inline __attribute__((always_inline)) Reg widen(const void* p) {
  if constexpr (sizeof(Reg) == 32) {
    const __m128i r = _mm_loadu_si128(static_cast<const __m128i*>(p));
    return S8 ? _mm256_cvtepi8_epi16(r) : _mm256_cvtepu8_epi16(r);
  } else {  // zmm: AVX-512BW files only
    const __m256i r = _mm256_loadu_si256(static_cast<const __m256i*>(p));
    return S8 ? _mm512_cvtepi8_epi16(r) : _mm512_cvtepu8_epi16(r);
  }
}

// sizeof(Reg) / 2 channels of the rows at pa and pb -> lo and hi, x - zp.
template <bool S8, class Reg>
inline __attribute__((always_inline)) void prep_pairs(const void* pa, const void* pb, Reg zp, int16_t* dst) {
  store_pairs(widen<S8, Reg>(pa), widen<S8, Reg>(pb), zp, dst);
}

}  // namespace
}  // namespace octet::x86
