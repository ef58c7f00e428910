// The depthwise kernels, written once against xsimd and instantiated per
// architecture (src/x86/avx2/dwconv_avx2.cc, src/x86/avx512bw/dwconv_avx512bw.cc,
// src/arm/neon/dwconv_neon.cc). Each instantiation file defines
// DwPrims<Arch>, the three operations that have no portable xsimd form:
//   madd(x, w)            int16 pairs -> int32: x[2q]*w[2q] + x[2q+1]*w[2q+1]
//   prep_block<S8>(a, b, zp, dst)  2L input channels of two rows -> lo/hi pair vectors
//   store_raw(lo, hi, dst, n)      2L int32 lanes -> n int32 in channel order
//   Epilogue<OutKind, U8, Clamp>   the output stage of the ISA on (lo, hi)
//   expand2(src, dst, C)           dst[2c] = dst[2c+1] = src[c] (channel multiplier 2)
// See src/core/dwconv.h for the arithmetic and the layouts.
#pragma once

#include <algorithm>
#include <cstring>
#include <type_traits>

#include <xsimd/xsimd.hpp>

#include "src/core/dwconv.h"
#include "src/core/requant_simd.h"

namespace octet::dw {

#define OCTET_DW_IMPL_INLINE inline __attribute__((always_inline))

template <class A>
struct DwPrims;

// DwPrims<A>::prep_tail<S8>(pa, pb, n, x_zp, zp16, dst), where an ISA has it
// (kPrepTail): prep_block of the first n < 2L channels, the others read as
// x_zp (a masked load). Without it the tail goes through ea / eb, which the
// block load reads right after the memcpy wrote them: a failed store forward
// per column (AVX-512BW, C 240 5x5 on Zen 4: 69.0 -> 76.9 GOPS at stride 2).
template <class A, class = void>
struct HasPrepTail : std::false_type {};
template <class A>
struct HasPrepTail<A, std::void_t<decltype(DwPrims<A>::kPrepTail)>> : std::bool_constant<DwPrims<A>::kPrepTail> {};

template <class A, bool S8>
void prep_row_impl(const PrepArgs& p) {
  using P = DwPrims<A>;
  constexpr size_t L = xsimd::batch<int32_t, A>::size;
  // Blocks read entirely from the input (mult 1, then the tail below), or
  // from the expanded copies of the two pixels (mult > 1: every block, padded
  // with x_zp up to Cp).
  const size_t full_blocks = p.mult == 1 ? p.C / (2 * L) : p.Cp / (2 * L);
  const size_t px = p.in_pixel_stride;
  const auto zp16 = P::zero_point(p.x_zp);
  const char* zrow = static_cast<const char*>(p.zp_row);
  uint8_t* ea = p.expand;
  uint8_t* eb = p.expand + p.Cp;
  if (p.mult > 1) {
    std::memset(ea + p.K, static_cast<uint8_t>(p.x_zp), p.Cp - p.K);
    std::memset(eb + p.K, static_cast<uint8_t>(p.x_zp), p.Cp - p.K);
  }
  // Multiplier 1 with a channel tail (C not a multiple of 2L: 240, 144, 120
  // ... on avx512bw): the tail's bytes are copied into ea / eb, whose other
  // bytes read as x_zp (prepped as 0, as the scalar prep writes them), and
  // prepped as one more vector block; lane by lane it took half the 5x5
  // layers' time on 240 channels.
  const size_t tail = p.mult == 1 ? p.C - full_blocks * 2 * L : 0;
  if (tail > 0) {
    std::memset(ea, static_cast<uint8_t>(p.x_zp), 2 * L);
    std::memset(eb, static_cast<uint8_t>(p.x_zp), 2 * L);
  }
  // Columns [0, pad_left) and [pad_left + W, cols) read the zero-point row.
  const size_t left = std::min(p.pad_left, p.cols);
  const size_t right_begin = std::min(p.pad_left + p.W, p.cols);
  for (size_t col = 0; col < p.cols; ++col) {
    const bool inside = col >= left && col < right_begin;
    const char* pa = zrow;
    const char* pb = zrow;
    if (inside) {
      const size_t off = (col - p.pad_left) * px;
      if (p.row_a) pa = static_cast<const char*>(p.row_a) + off;
      if (p.row_b) pb = static_cast<const char*>(p.row_b) + off;
    }
    if (p.mult == 2) {
      P::expand2(pa, ea, p.C);
      P::expand2(pb, eb, p.C);
      pa = reinterpret_cast<const char*>(ea);
      pb = reinterpret_cast<const char*>(eb);
    } else if (p.mult > 1) {
      for (size_t c = 0, k = 0; c < p.C; ++c) {
        const uint8_t va = static_cast<uint8_t>(pa[c]), vb = static_cast<uint8_t>(pb[c]);
        for (size_t j = 0; j < p.mult; ++j, ++k) {
          ea[k] = va;
          eb[k] = vb;
        }
      }
      pa = reinterpret_cast<const char*>(ea);
      pb = reinterpret_cast<const char*>(eb);
    }
    int16_t* d = p.dst + col * column_elems(p.Cp);
    for (size_t b = 0; b < full_blocks; ++b) {
      P::template prep_block<S8>(pa + b * 2 * L, pb + b * 2 * L, zp16, d + b * 4 * L);
    }
    if constexpr (HasPrepTail<A>::value) {
      if (tail > 0) {
        P::template prep_tail<S8>(pa + full_blocks * 2 * L, pb + full_blocks * 2 * L, tail, p.x_zp, zp16,
                                  d + full_blocks * 4 * L);
      }
    } else if (tail > 0) {
      std::memcpy(ea, pa + full_blocks * 2 * L, tail);
      std::memcpy(eb, pb + full_blocks * 2 * L, tail);
      P::template prep_block<S8>(reinterpret_cast<const char*>(ea), reinterpret_cast<const char*>(eb), zp16,
                                 d + full_blocks * 4 * L);
    }
  }
}

template <class A>
void prep_row(const PrepArgs& p) {
  if (p.s8) {
    prep_row_impl<A, true>(p);
  } else {
    prep_row_impl<A, false>(p);
  }
}

// Epilogues: requantize (or not, for s32) and store one block of one output
// pixel. Each is constructed once per channel block, so that per-block
// constants stay in registers across the row, and the row kernel is
// instantiated per epilogue, so that the mode and type are not tested per
// pixel. The u8 / s8 ones are DwPrims<A>::Epilogue<OutKind, U8, Clamp>: the
// ISA's output stage (src/x86/avx2/output_avx2.h, ...) on (lo, hi).

// s32 output: the accumulator plus the int32 bias, as is.
template <class A>
struct RawEpilogue {
  using i32 = xsimd::batch<int32_t, A>;
  RawEpilogue(const RowArgs&, size_t) {}
  void operator()(const i32& lo, const i32& hi, void* dst, size_t n) const { DwPrims<A>::store_raw(lo, hi, dst, n); }
};

// One pair row, one half (lo or hi) of a block, P output pixels at stride ST,
// kernel width S, dilation 1: the S weight vectors stay in registers and each
// of the (P - 1) * ST + S columns is loaded once for every pixel that uses it
// (the column loads, not the multiplies, bound the plain loop below).
// An instantiation file may define OCTET_DW_HALF_INLINE before the include:
// AVX-512BW forces it inline (GCC kept the two-pixel halves out of line: 63 ->
// 70 GOPS inlined, 5x5 stride 2, C 240, Zen 4), AVX2 leaves it to GCC (forced,
// its 5x5 stride 2 fell from 70 to 64 GOPS).
#ifndef OCTET_DW_HALF_INLINE
#define OCTET_DW_HALF_INLINE inline
#endif
template <class A, size_t P, size_t S, size_t ST>
OCTET_DW_HALF_INLINE void dw_pair_row_half(const int16_t* x, size_t col, const int16_t* w,
                                           xsimd::batch<int32_t, A>* acc) {
  using i16 = xsimd::batch<int16_t, A>;
  constexpr size_t L = xsimd::batch<int32_t, A>::size;
  i16 wv[S];
#pragma GCC unroll 8
  for (size_t s = 0; s < S; ++s) wv[s] = i16::load_aligned(w + s * 4 * L);
#pragma GCC unroll 16
  for (size_t e = 0; e < (P - 1) * ST + S; ++e) {
    const i16 xv = i16::load_aligned(x + e * col);
#pragma GCC unroll 8
    for (size_t px = 0; px < P; ++px) {
      if (e >= px * ST && e - px * ST < S) acc[px] += DwPrims<A>::madd(xv, wv[e - px * ST]);
    }
  }
}

// P pixels of one block from ow on: both halves through dw_pair_row_half,
// one after the other (the idle half's accumulators are then the only values
// the compiler has to keep aside), then the epilogue.
template <class A, size_t NP, size_t S, size_t ST, size_t P, class Epi>
OCTET_DW_IMPL_INLINE void dw_pixels_reuse(const RowArgs& a, const int16_t* w, size_t boff, const int32_t* bias,
                                          const Epi& epi, char* ob, size_t n, size_t ow) {
  using i32 = xsimd::batch<int32_t, A>;
  constexpr size_t L = i32::size;
  i32 lo[P], hi[P];
  for (size_t px = 0; px < P; ++px) {
    lo[px] = i32::load_aligned(bias);
    hi[px] = i32::load_aligned(bias + L);
  }
#pragma GCC unroll 1
  for (size_t i = 0; i < NP; ++i) {
    dw_pair_row_half<A, P, S, ST>(a.prow[i] + ow * a.col_step + boff, a.dil_step, w + i * S * 4 * L, lo);
  }
#pragma GCC unroll 1
  for (size_t i = 0; i < NP; ++i) {
    dw_pair_row_half<A, P, S, ST>(a.prow[i] + ow * a.col_step + boff + 2 * L, a.dil_step, w + i * S * 4 * L + 2 * L,
                                  hi);
  }
  for (size_t px = 0; px < P; ++px) epi(lo[px], hi[px], ob + (ow + px) * a.out_pixel_bytes, n);
}

// The unrolled kernels at dilation 1 and stride ST (1 or 2): four pixels at a
// time, then two, then one.
template <class A, size_t NP, size_t S, size_t ST, class Epi>
void dw_row_reuse_impl(const RowArgs& args) {
  constexpr size_t L = xsimd::batch<int32_t, A>::size;
  const RowArgs a = args;  // a local copy: output stores cannot alias it
  const size_t es = a.out_type == octet_datatype_s32 ? 4 : 1;
  char* out = static_cast<char*>(a.output);
  for (size_t b = 0; b < a.blocks; ++b) {
    const int16_t* w = a.weights + b * NP * S * 4 * L;
    const size_t boff = b * 4 * L;
    const int32_t* bias = a.bias + b * 2 * L;
    const size_t n = std::min(2 * L, a.K - b * 2 * L);
    const Epi epi(a, b);
    char* ob = out + b * 2 * L * es;
    size_t ow = 0;
    for (; ow + 4 <= a.OW; ow += 4) dw_pixels_reuse<A, NP, S, ST, 4>(a, w, boff, bias, epi, ob, n, ow);
    if (ow + 2 <= a.OW) {
      dw_pixels_reuse<A, NP, S, ST, 2>(a, w, boff, bias, epi, ob, n, ow);
      ow += 2;
    }
    if (ow < a.OW) dw_pixels_reuse<A, NP, S, ST, 1>(a, w, boff, bias, epi, ob, n, ow);
  }
}

// One output row. NP and S are compile-time for the unrolled 3x3 (2, 3) and
// 5x5 (3, 5) kernels and 0 for the generic R x S kernel. Two output pixels per
// step share each weight load. No branches on the border: the prepped rows
// already hold the padding.
template <class A, size_t NP, size_t S, class Epi>
void dw_row_impl(const RowArgs& args) {
  using i16 = xsimd::batch<int16_t, A>;
  using i32 = xsimd::batch<int32_t, A>;
  using P = DwPrims<A>;
  constexpr size_t L = i32::size;
  if constexpr (NP > 0 && S > 0) {
    // Dilation 1 (consecutive kernel columns one padded column apart), stride 1 or 2.
    // Dilated rows stay on the four-pixel loop below: the column-reuse kernel
    // run on pixels D apart (ow + j + px D, the same column pattern) measured
    // 2-5% slower on Zen 3 (3x3 d2, 5x5 d2/d3), where the multiplies, not the
    // loads, bound both.
    if (args.dil_step == column_elems(args.blocks * 2 * L)) {
      if (args.col_step == args.dil_step) return dw_row_reuse_impl<A, NP, S, 1, Epi>(args);
      if (args.col_step == 2 * args.dil_step) return dw_row_reuse_impl<A, NP, S, 2, Epi>(args);
    }
  }
  const RowArgs a = args;  // a local copy: output stores cannot alias it
  const size_t np = NP ? NP : a.np;
  const size_t sn = S ? S : a.S;
  const size_t cs = a.col_step, ds = a.dil_step;
  const size_t es = a.out_type == octet_datatype_s32 ? 4 : 1;
  const size_t opb = a.out_pixel_bytes;
  char* out = static_cast<char*>(a.output);
  for (size_t b = 0; b < a.blocks; ++b) {
    const int16_t* w = a.weights + b * np * sn * 4 * L;
    const size_t boff = b * 4 * L;
    const i32 bias_lo = i32::load_aligned(a.bias + b * 2 * L);
    const i32 bias_hi = i32::load_aligned(a.bias + b * 2 * L + L);
    const size_t n = std::min(2 * L, a.K - b * 2 * L);
    const Epi epi(a, b);
    char* ob = out + b * 2 * L * es;
    size_t ow = 0;
    for (; ow + 4 <= a.OW; ow += 4) {
      i32 acc[8] = {bias_lo, bias_hi, bias_lo, bias_hi, bias_lo, bias_hi, bias_lo, bias_hi};
      for (size_t i = 0; i < np; ++i) {
        const int16_t* x = a.prow[i] + ow * cs + boff;
        const int16_t* wi = w + i * sn * 4 * L;
        // Not unrolled: unrolled, GCC interleaves the taps of all pixels and spills.
        #pragma GCC unroll 1
        for (size_t s = 0; s < sn; ++s) {
          const int16_t* xs = x + s * ds;
          const i16 wl = i16::load_aligned(wi + s * 4 * L);
          const i16 wh = i16::load_aligned(wi + s * 4 * L + 2 * L);
          for (size_t px = 0; px < 4; ++px) {
            acc[2 * px] += P::madd(i16::load_aligned(xs + px * cs), wl);
            acc[2 * px + 1] += P::madd(i16::load_aligned(xs + px * cs + 2 * L), wh);
          }
        }
      }
      for (size_t px = 0; px < 4; ++px) epi(acc[2 * px], acc[2 * px + 1], ob + (ow + px) * opb, n);
    }
    for (; ow + 2 <= a.OW; ow += 2) {
      i32 a0l = bias_lo, a0h = bias_hi, a1l = bias_lo, a1h = bias_hi;
      for (size_t i = 0; i < np; ++i) {
        const int16_t* x = a.prow[i] + ow * cs + boff;
        const int16_t* wi = w + i * sn * 4 * L;
        for (size_t s = 0; s < sn; ++s) {
          const int16_t* xs = x + s * ds;
          const i16 wl = i16::load_aligned(wi + s * 4 * L);
          const i16 wh = i16::load_aligned(wi + s * 4 * L + 2 * L);
          a0l += P::madd(i16::load_aligned(xs), wl);
          a0h += P::madd(i16::load_aligned(xs + 2 * L), wh);
          a1l += P::madd(i16::load_aligned(xs + cs), wl);
          a1h += P::madd(i16::load_aligned(xs + cs + 2 * L), wh);
        }
      }
      epi(a0l, a0h, ob + ow * opb, n);
      epi(a1l, a1h, ob + (ow + 1) * opb, n);
    }
    if (ow < a.OW) {
      i32 a0l = bias_lo, a0h = bias_hi;
      for (size_t i = 0; i < np; ++i) {
        const int16_t* x = a.prow[i] + ow * cs + boff;
        const int16_t* wi = w + i * sn * 4 * L;
        for (size_t s = 0; s < sn; ++s) {
          const int16_t* xs = x + s * ds;
          a0l += P::madd(i16::load_aligned(xs), i16::load_aligned(wi + s * 4 * L));
          a0h += P::madd(i16::load_aligned(xs + 2 * L), i16::load_aligned(wi + s * 4 * L + 2 * L));
        }
      }
      epi(a0l, a0h, ob + ow * opb, n);
    }
  }
}

// Picks the epilogue once per row.
template <class A, size_t NP, size_t S>
void dw_row(const RowArgs& a) {
  if (a.out_type == octet_datatype_s32) return dw_row_impl<A, NP, S, RawEpilogue<A>>(a);
  simd::dispatch_output<false>(a.out, a.out_type == octet_datatype_u8, [&](auto kind, auto u8, auto clamp) {
    dw_row_impl<A, NP, S, typename DwPrims<A>::template Epilogue<kind(), u8(), clamp()>>(a);
  });
}

}  // namespace octet::dw
