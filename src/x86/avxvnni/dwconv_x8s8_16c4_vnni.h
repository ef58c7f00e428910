// The x86 dot-product depthwise kernels (src/core/dwconv_dot.h) written once,
// generic over the register width: V is a policy with
//   L            channels per accumulator register (16: zmm, 8: ymm)
//   Reg          L int32 lanes / L channels x 4 bytes
//   load(p)      4 L bytes (quad-row or weight bytes, or L int32)
//   dp(acc,x,w)  vpdpbusd: acc + 4 u8 x s8 products per lane, exact
// and the file provides the epilogues. Include only from the VNNI kernel
// files, after src/x86/emulation.h. Everything here is in an anonymous
// namespace: each file gets its own copy, compiled with its own flags, so the
// linker never hands an AVX-512 build of a helper to an AVX2 caller.
#pragma once

#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "src/core/dwconv_dot.h"

namespace octet::dwdot {
namespace {

#define OCTET_DWDOT_INLINE inline __attribute__((always_inline))

// 16 channels of the four rows a..d -> 64 bytes, channel k's 4 bytes
// (a[k], b[k], c[k], d[k]) at 4k. kFlip (s8 input): x ^ 0x80 = x + 128 as u8.
template <bool kFlip>
OCTET_DWDOT_INLINE void prep_block(const uint8_t* a, const uint8_t* b, const uint8_t* c, const uint8_t* d,
                                   int8_t* dst) {
  __m128i r[4] = {_mm_loadu_si128(reinterpret_cast<const __m128i*>(a)),
                  _mm_loadu_si128(reinterpret_cast<const __m128i*>(b)),
                  _mm_loadu_si128(reinterpret_cast<const __m128i*>(c)),
                  _mm_loadu_si128(reinterpret_cast<const __m128i*>(d))};
  if (kFlip) {
    for (__m128i& v : r) v = _mm_xor_si128(v, _mm_set1_epi8(-128));
  }
  const __m128i ab0 = _mm_unpacklo_epi8(r[0], r[1]), ab1 = _mm_unpackhi_epi8(r[0], r[1]);
  const __m128i cd0 = _mm_unpacklo_epi8(r[2], r[3]), cd1 = _mm_unpackhi_epi8(r[2], r[3]);
  __m128i* o = reinterpret_cast<__m128i*>(dst);
  _mm_storeu_si128(o, _mm_unpacklo_epi16(ab0, cd0));
  _mm_storeu_si128(o + 1, _mm_unpackhi_epi16(ab0, cd0));
  _mm_storeu_si128(o + 2, _mm_unpacklo_epi16(ab1, cd1));
  _mm_storeu_si128(o + 3, _mm_unpackhi_epi16(ab1, cd1));
}

// Two blocks (32 channels) at once: the same unpacks on ymm act on both
// 128-bit lanes (lane 0: block 0, lane 1: block 1), so the halves are stored
// apart; half the shuffles of two prep_block calls.
template <bool kFlip>
OCTET_DWDOT_INLINE void prep_block2(const uint8_t* a, const uint8_t* b, const uint8_t* c, const uint8_t* d,
                                    int8_t* dst) {
  __m256i r[4] = {_mm256_loadu_si256(reinterpret_cast<const __m256i*>(a)),
                  _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b)),
                  _mm256_loadu_si256(reinterpret_cast<const __m256i*>(c)),
                  _mm256_loadu_si256(reinterpret_cast<const __m256i*>(d))};
  if (kFlip) {
    for (__m256i& v : r) v = _mm256_xor_si256(v, _mm256_set1_epi8(-128));
  }
  const __m256i ab0 = _mm256_unpacklo_epi8(r[0], r[1]), ab1 = _mm256_unpackhi_epi8(r[0], r[1]);
  const __m256i cd0 = _mm256_unpacklo_epi8(r[2], r[3]), cd1 = _mm256_unpackhi_epi8(r[2], r[3]);
  const __m256i q[4] = {_mm256_unpacklo_epi16(ab0, cd0), _mm256_unpackhi_epi16(ab0, cd0),
                        _mm256_unpacklo_epi16(ab1, cd1), _mm256_unpackhi_epi16(ab1, cd1)};
  __m128i* o = reinterpret_cast<__m128i*>(dst);
  for (int i = 0; i < 4; ++i) {
    _mm_storeu_si128(o + i, _mm256_castsi256_si128(q[i]));
    _mm_storeu_si128(o + 4 + i, _mm256_extracti128_si256(q[i], 1));
  }
}

// Four blocks (64 channels) at once on zmm, for AVX-512 files only: the
// unpacks act on the four 128-bit lanes (lane L: block L), then two rounds of
// 128-bit lane shuffles put each block's four 16-byte quads together, so
// every store is a whole 64-byte block.
template <bool kFlip>
OCTET_DWDOT_INLINE void prep_block4(const uint8_t* a, const uint8_t* b, const uint8_t* c, const uint8_t* d,
                                    int8_t* dst) {
  __m512i r[4] = {_mm512_loadu_si512(a), _mm512_loadu_si512(b), _mm512_loadu_si512(c), _mm512_loadu_si512(d)};
  if (kFlip) {
    for (__m512i& v : r) v = _mm512_xor_si512(v, _mm512_set1_epi8(-128));
  }
  const __m512i ab0 = _mm512_unpacklo_epi8(r[0], r[1]), ab1 = _mm512_unpackhi_epi8(r[0], r[1]);
  const __m512i cd0 = _mm512_unpacklo_epi8(r[2], r[3]), cd1 = _mm512_unpackhi_epi8(r[2], r[3]);
  // q0..q3, lane L: channels 16L + 0..3, 4..7, 8..11, 12..15.
  const __m512i q0 = _mm512_unpacklo_epi16(ab0, cd0), q1 = _mm512_unpackhi_epi16(ab0, cd0);
  const __m512i q2 = _mm512_unpacklo_epi16(ab1, cd1), q3 = _mm512_unpackhi_epi16(ab1, cd1);
  const __m512i t0 = _mm512_shuffle_i64x2(q0, q1, 0x44), t1 = _mm512_shuffle_i64x2(q2, q3, 0x44);  // lanes 0, 1
  const __m512i t2 = _mm512_shuffle_i64x2(q0, q1, 0xEE), t3 = _mm512_shuffle_i64x2(q2, q3, 0xEE);  // lanes 2, 3
  _mm512_storeu_si512(dst, _mm512_shuffle_i64x2(t0, t1, 0x88));        // q0..q3 lane 0
  _mm512_storeu_si512(dst + 64, _mm512_shuffle_i64x2(t0, t1, 0xDD));   // lane 1
  _mm512_storeu_si512(dst + 128, _mm512_shuffle_i64x2(t2, t3, 0x88));  // lane 2
  _mm512_storeu_si512(dst + 192, _mm512_shuffle_i64x2(t2, t3, 0xDD));  // lane 3
}

// dst[k] = src[k / mult] for k < C * mult.
inline void expand(const uint8_t* src, uint8_t* dst, size_t C, size_t mult) {
  size_t c = 0;
  if (mult == 2) {
    for (; c + 16 <= C; c += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + c));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + 2 * c), _mm_unpacklo_epi8(v, v));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + 2 * c + 16), _mm_unpackhi_epi8(v, v));
    }
  }
  for (; c < C; ++c) {
    for (size_t j = 0; j < mult; ++j) dst[c * mult + j] = src[c];
  }
}

// kZmm: four blocks per step through prep_block4 (AVX-512 files only).
template <bool kFlip, bool kZmm>
void prep_impl(const PrepArgs& p) {
  const size_t blocks = p.Cp / 16;
  // Multiplier 1: whole blocks straight from the input, the channel tail
  // through the scratch. Multiplier > 1: every block from the expanded copies.
  const size_t full = p.mult == 1 ? p.C / 16 : 0;
  const size_t tail = p.C - 16 * full;
  uint8_t* e[4] = {p.expand, p.expand + p.Cp, p.expand + 2 * p.Cp, p.expand + 3 * p.Cp};
  // Scratch bytes no input lands in are channels >= K (zero weights): only
  // defined, not meaningful.
  std::memset(p.expand, 0, 4 * p.Cp);
  const size_t left = std::min(p.pad_left, p.cols);
  const size_t right = std::min(p.pad_left + p.W, p.cols);
  for (size_t col = 0; col < p.cols; ++col) {
    const bool inside = col >= left && col < right;
    const uint8_t* src[4];
    for (size_t r = 0; r < 4; ++r) {
      src[r] = inside && p.rows[r] != nullptr ? p.rows[r] + (col - p.pad_left) * p.in_pixel_stride : p.zp_row;
    }
    int8_t* d = p.dst + col * p.Cp * 4;
    size_t n = full;
    if (p.mult != 1) {
      for (size_t r = 0; r < 4; ++r) {
        expand(src[r], e[r], p.C, p.mult);
        src[r] = e[r];
      }
      n = blocks;
    }
    size_t b = 0;
    if constexpr (kZmm) {
      for (; b + 4 <= n; b += 4) {
        prep_block4<kFlip>(src[0] + 16 * b, src[1] + 16 * b, src[2] + 16 * b, src[3] + 16 * b, d + 64 * b);
      }
    }
    for (; b + 2 <= n; b += 2) {
      prep_block2<kFlip>(src[0] + 16 * b, src[1] + 16 * b, src[2] + 16 * b, src[3] + 16 * b, d + 64 * b);
    }
    if (b < n) prep_block<kFlip>(src[0] + 16 * b, src[1] + 16 * b, src[2] + 16 * b, src[3] + 16 * b, d + 64 * b);
    if (n < blocks) {  // multiplier 1, channel tail
      for (size_t r = 0; r < 4; ++r) std::memcpy(e[r], src[r] + 16 * full, tail);
      prep_block<kFlip>(e[0], e[1], e[2], e[3], d + 64 * full);
    }
  }
}

template <bool kZmm>
inline void prep(const PrepArgs& p) {
  if (p.s8) {
    prep_impl<true, kZmm>(p);
  } else {
    prep_impl<false, kZmm>(p);
  }
}

// P output pixels of the L channels k0.. of one block, from ow on. NQ, S:
// compile-time quads and kernel width (0: from the arguments). ST > 0:
// dilation 1 and stride ST, S compile-time: each of the (P - 1) * ST + S
// columns of the step is loaded once for every pixel that uses it, the S
// weight registers stay loaded. w: the weights of the block, offset to k0;
// xoff: byte offset of k0 in a quad-row column.
template <class V, size_t P, size_t NQ, size_t S, size_t ST, class Epi>
OCTET_DWDOT_INLINE void pixels(const RowArgs& a, const int8_t* w, size_t xoff, const typename V::Reg& init,
                               const Epi& epi, char* ob, size_t n, size_t ow) {
  using Reg = typename V::Reg;
  Reg acc[P];
  for (size_t px = 0; px < P; ++px) acc[px] = init;
  const size_t nq = NQ ? NQ : a.nq;
  const size_t sn = S ? S : a.S;
  const size_t cs = a.col_step, ds = a.dil_step;
#pragma GCC unroll 1
  for (size_t i = 0; i < nq; ++i) {
    const int8_t* x = a.qrow[i] + ow * cs + xoff;
    const int8_t* wi = w + i * sn * 64;
    if constexpr (ST > 0 && S > 0) {
      Reg wv[S];
#pragma GCC unroll 8
      for (size_t s = 0; s < S; ++s) wv[s] = V::load(wi + s * 64);
#pragma GCC unroll 16
      for (size_t e = 0; e < (P - 1) * ST + S; ++e) {
        const Reg xv = V::load(x + e * ds);
#pragma GCC unroll 4
        for (size_t px = 0; px < P; ++px) {
          if (e >= px * ST && e - px * ST < S) acc[px] = V::dp(acc[px], xv, wv[e - px * ST]);
        }
      }
    } else {
      // Rolled: unrolled, the taps of all pixels interleave and spill.
#pragma GCC unroll 1
      for (size_t s = 0; s < sn; ++s) {
        const int8_t* xs = x + s * ds;
        const Reg wv = V::load(wi + s * 64);
        for (size_t px = 0; px < P; ++px) acc[px] = V::dp(acc[px], V::load(xs + px * cs), wv);
      }
    }
  }
  for (size_t px = 0; px < P; ++px) epi(acc[px], ob + (ow + px) * a.out_pixel_bytes, n);
}

template <class V, size_t NQ, size_t S, size_t ST, class Epi>
void row_impl(const RowArgs& args) {
  const RowArgs a = args;  // a local copy: output stores cannot alias it
  constexpr size_t L = V::L;
  const size_t nq = NQ ? NQ : a.nq;
  const size_t sn = S ? S : a.S;
  const size_t es = a.out_type == octet_datatype_s32 ? 4 : 1;
  char* out = static_cast<char*>(a.output);
  // k0 < K: with L = 8 the upper half of a last block may hold no channel.
  for (size_t k0 = 0; k0 < a.K; k0 += L) {
    const int8_t* w = a.weights + (k0 / 16) * nq * sn * 64 + (k0 % 16) * 4;
    const size_t xoff = k0 * 4;
    const typename V::Reg init = V::load(a.init + k0);
    const size_t n = std::min<size_t>(L, a.K - k0);
    const Epi epi(a, k0);
    char* ob = out + k0 * es;
    size_t ow = 0;
    for (; ow + 4 <= a.OW; ow += 4) pixels<V, 4, NQ, S, ST>(a, w, xoff, init, epi, ob, n, ow);
    if (ow + 2 <= a.OW) {
      pixels<V, 2, NQ, S, ST>(a, w, xoff, init, epi, ob, n, ow);
      ow += 2;
    }
    if (ow < a.OW) pixels<V, 1, NQ, S, ST>(a, w, xoff, init, epi, ob, n, ow);
  }
}

template <class V, size_t NQ, size_t S, class Epi>
void row_geometry(const RowArgs& a) {
  if constexpr (S > 0) {
    if (a.dil_step == a.blocks * 64) {  // dilation 1
      if (a.col_step == a.dil_step) return row_impl<V, NQ, S, 1, Epi>(a);
      if (a.col_step == 2 * a.dil_step) return row_impl<V, NQ, S, 2, Epi>(a);
    }
  }
  row_impl<V, NQ, S, 0, Epi>(a);
}

// Epilogues (V::RawEpi, V::Epi<OutKind, U8, Clamp>: the ISA's output stage):
// one pixel, L channels in channel order, n of them stored; constructed once
// per L channels, the row kernel instantiated per epilogue.
template <class V, size_t NQ, size_t S>
void row(const RowArgs& a) {
  if (a.out_type == octet_datatype_s32) return row_geometry<V, NQ, S, typename V::RawEpi>(a);
  simd::dispatch_output<false>(a.out, a.out_type == octet_datatype_u8, [&](auto kind, auto u8, auto clamp) {
    row_geometry<V, NQ, S, typename V::template Epi<kind(), u8(), clamp()>>(a);
  });
}

}  // namespace
}  // namespace octet::dwdot
