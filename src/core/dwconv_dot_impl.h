// The dot-product depthwise kernels (src/core/dwconv_dot.h: arithmetic,
// quad-row layout) written once for every ISA: the quad-row prep and the row
// loops. Each ISA's kernel file (src/x86/avx512vnni, src/x86/avxvnni,
// src/arm/neondot) supplies a step V:
//   kLanes, kVecs   int32 lanes (= channels) per vector; vectors per group.
//                   A group, G = kVecs * kLanes channels (G divides 16), is
//                   what the epilogue stores at once (zmm: 1 x 16, ymm: 1 x 8,
//                   NEON: 4 x 4).
//   Acc, Bytes      the int32 vector; the byte vector (kLanes channels x 4 bytes)
//   load_acc(p), load_bytes(p)
//   dot4(acc, x, w) acc + the 4 byte products of each lane, exact
//                   (vpdpbusd: u8 x s8; sdot: s8 x s8)
//   kU8Form         the kernels read u8 (vpdpbusd: s8 input flipped), else s8
//                   (sdot: u8 input flipped)
//   prep_blocks<kFlip>(src, dst, n)  the first n 16-channel blocks of the four
//                   rows src[0..3] -> n 64-byte quad blocks (kFlip: x ^ 0x80)
//   expand2(src, dst, C)  dst[2c] = dst[2c + 1] = src[c]
//   RawEpi, Epi<OutKind, U8, Clamp>  the ISA's output stage: constructed once
//                   per group (RowArgs, first channel), called per pixel on
//                   its kVecs accumulators with n <= G channels to store.
// Everything here is in an anonymous namespace: each kernel file gets its own
// copy, compiled with its own flags, so the linker never hands a wider ISA's
// build of a helper to a narrower caller. Include only from kernel files.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "src/core/dwconv_dot.h"
#include "src/core/requant_simd.h"

namespace octet::dwdot {
namespace {

#define OCTET_DWDOT_INLINE inline __attribute__((always_inline))
#define OCTET_DWDOT_INLINE_LAMBDA __attribute__((always_inline))

// dst[k] = src[k / mult] for k < C * mult.
template <class V>
void expand(const uint8_t* src, uint8_t* dst, size_t C, size_t mult) {
  if (mult == 2) return V::expand2(src, dst, C);
  for (size_t c = 0; c < C; ++c) {
    for (size_t j = 0; j < mult; ++j) dst[c * mult + j] = src[c];
  }
}

template <class V, bool kFlip>
void prep_impl(const PrepArgs& p) {
  const size_t blocks = p.Cp / 16;
  // Multiplier 1: whole blocks straight from the input, the channel tail
  // through the scratch. Multiplier > 1: every block from the expanded copies.
  const size_t full = p.mult == 1 ? p.C / 16 : 0;
  const size_t tail = p.C - 16 * full;
  // Copied: the stores below could alias p for all the compiler knows.
  const size_t mult = p.mult, col_bytes = p.Cp * 4;
  int8_t* const dst = p.dst;
  uint8_t* e[4] = {p.expand, p.expand + p.Cp, p.expand + 2 * p.Cp, p.expand + 3 * p.Cp};
  // Scratch bytes no input lands in are channels >= K (zero weights): only
  // defined, not meaningful.
  std::memset(p.expand, 0, 4 * p.Cp);
  // Source r reads its row at quad columns [lo[r], hi[r]), padded column
  // col * col_mul + col_add[r]; found once here, not per column. A source in
  // the top or bottom padding reads zp_row at every column, stepping 0: the
  // quad rows that meet the padding take the fast loop below too.
  size_t lo[4], hi[4], step[4];
  for (size_t r = 0; r < 4; ++r) {
    const size_t add = p.col_add[r], mul = p.col_mul;
    const auto first_at = [&](size_t pc) { return pc <= add ? size_t{0} : (pc - add + mul - 1) / mul; };
    lo[r] = p.rows[r] != nullptr ? std::min(first_at(p.pad_left), p.cols) : 0;
    hi[r] = p.rows[r] != nullptr ? std::min(first_at(p.pad_left + p.W), p.cols) : p.cols;
    step[r] = p.rows[r] != nullptr ? mul * p.in_pixel_stride : 0;
  }
  // Source r at quad column col, which must lie in [lo[r], hi[r]).
  const auto at = [&](size_t r, size_t col) -> const uint8_t* {
    return p.rows[r] != nullptr ? p.rows[r] + (col * p.col_mul + p.col_add[r] - p.pad_left) * p.in_pixel_stride
                                : p.zp_row;
  };
  // One column from its four source pixels (inlined: called per column;
  // captures by value, which the stores cannot alias).
  const auto column = [dst, col_bytes, mult, full, blocks, tail, e, C = p.C](
                          size_t col, const uint8_t* const* src) OCTET_DWDOT_INLINE_LAMBDA {
    int8_t* d = dst + col * col_bytes;
    if (mult != 1) {
      for (size_t r = 0; r < 4; ++r) expand<V>(src[r], e[r], C, mult);
      V::template prep_blocks<kFlip>(e, d, blocks);
      return;
    }
    V::template prep_blocks<kFlip>(src, d, full);
    if (full < blocks) {  // the channel tail
      for (size_t r = 0; r < 4; ++r) std::memcpy(e[r], src[r] + 16 * full, tail);
      V::template prep_blocks<kFlip>(e, d + 64 * full, 1);
    }
  };
  // A column on the edge: each source in the image or padding.
  const auto edge = [&](size_t col) {
    const uint8_t* src[4];
    for (size_t r = 0; r < 4; ++r) {
      src[r] = col >= lo[r] && col < hi[r] ? at(r, col) : p.zp_row;
    }
    column(col, src);
  };
  // Columns [in_lo, in_hi) read every source in the image: their pointers
  // step by one quad column instead of being chosen per column.
  size_t in_lo = 0, in_hi = p.cols;
  for (size_t r = 0; r < 4; ++r) {
    in_lo = std::max(in_lo, lo[r]);
    in_hi = std::min(in_hi, hi[r]);
  }
  in_hi = std::max(in_lo, in_hi);
  for (size_t col = 0; col < in_lo; ++col) edge(col);
  if (in_lo < in_hi) {
    const uint8_t* src[4];
    for (size_t r = 0; r < 4; ++r) src[r] = at(r, in_lo);
    for (size_t col = in_lo; col < in_hi; ++col) {
      column(col, src);
      for (size_t r = 0; r < 4; ++r) src[r] += step[r];
    }
  }
  for (size_t col = in_hi; col < p.cols; ++col) edge(col);
}

// The prep kernel: flips the input type the kernels do not read.
template <class V>
void prep(const PrepArgs& p) {
  if (p.s8 == V::kU8Form) {
    prep_impl<V, true>(p);
  } else {
    prep_impl<V, false>(p);
  }
}

// P output pixels of one group of channels from ow on. NQ, S: compile-time
// quads and kernel width (0: from the arguments). ST > 0: dilation 1 and
// stride ST, S compile-time: per vector of the group, each of the
// (P - 1) * ST + S columns of the step is loaded once for every pixel that
// uses it and the S weight vectors stay in registers. w: the group's weights
// (its block's, offset to its first channel); xoff: byte offset of that
// channel in a quad-row column; n: channels to store, a size_t or, for a
// whole group, a std::integral_constant.
template <class V, size_t P, size_t NQ, size_t S, size_t ST, class Epi, class N>
OCTET_DWDOT_INLINE void pixels(const RowArgs& a, const int8_t* w, size_t xoff, const typename V::Acc* init,
                               const Epi& epi, char* ob, N n, size_t ow) {
  using Bytes = typename V::Bytes;
  constexpr size_t NV = V::kVecs, VB = 4 * V::kLanes;
  typename V::Acc acc[P][NV];
  for (size_t px = 0; px < P; ++px) {
    for (size_t v = 0; v < NV; ++v) acc[px][v] = init[v];
  }
  const size_t nq = NQ ? NQ : a.nq;
  const size_t sn = S ? S : a.S;
  const size_t cs = a.col_step, ds = a.dil_step;
#pragma GCC unroll 1
  for (size_t i = 0; i < nq; ++i) {
    const int8_t* x = a.qrow[i] + ow * cs + xoff;
    const int8_t* wi = w + i * sn * 64;
    if constexpr (ST > 0 && S > 0) {
#pragma GCC unroll 4
      for (size_t v = 0; v < NV; ++v) {
        Bytes wv[S];
#pragma GCC unroll 8
        for (size_t s = 0; s < S; ++s) wv[s] = V::load_bytes(wi + s * 64 + VB * v);
#pragma GCC unroll 16
        for (size_t e = 0; e < (P - 1) * ST + S; ++e) {
          const Bytes xv = V::load_bytes(x + e * ds + VB * v);
#pragma GCC unroll 4
          for (size_t px = 0; px < P; ++px) {
            if (e >= px * ST && e - px * ST < S) acc[px][v] = V::dot4(acc[px][v], xv, wv[e - px * ST]);
          }
        }
      }
    } else {
      // Rolled: unrolled, the taps of all pixels interleave and spill.
#pragma GCC unroll 1
      for (size_t s = 0; s < sn; ++s) {
        const int8_t* xs = x + s * ds;
        Bytes wv[NV];
        for (size_t v = 0; v < NV; ++v) wv[v] = V::load_bytes(wi + s * 64 + VB * v);
        for (size_t px = 0; px < P; ++px) {
          for (size_t v = 0; v < NV; ++v) acc[px][v] = V::dot4(acc[px][v], V::load_bytes(xs + px * cs + VB * v), wv[v]);
        }
      }
    }
  }
  for (size_t px = 0; px < P; ++px) epi(acc[px], ob + (ow + px) * a.out_pixel_bytes, static_cast<size_t>(n));
}

// One output row: per group of channels, 4 pixels per step, then 2, then 1.
template <class V, size_t NQ, size_t S, size_t ST, class Epi>
void row_impl(const RowArgs& args) {
  const RowArgs a = args;  // a local copy: output stores cannot alias it
  constexpr size_t NV = V::kVecs, G = NV * V::kLanes;
  const size_t nq = NQ ? NQ : a.nq;
  const size_t sn = S ? S : a.S;
  const size_t es = a.out_type == octet_datatype_s32 ? 4 : 1;
  char* out = static_cast<char*>(a.output);
  // k0 < K: with G = 8 the upper half of a last block may hold no channel.
  for (size_t k0 = 0; k0 < a.K; k0 += G) {
    const int8_t* w = a.weights + (k0 / 16) * nq * sn * 64 + (G < 16 ? k0 % 16 * 4 : 0);
    const size_t xoff = k0 * 4;
    typename V::Acc init[NV];
    for (size_t v = 0; v < NV; ++v) init[v] = V::load_acc(a.init + k0 + V::kLanes * v);
    const size_t n = std::min<size_t>(G, a.K - k0);
    const Epi epi(a, k0);
    char* ob = out + k0 * es;
    // A whole group passes n as a constant: the epilogue's partial store
    // and the accumulators' trip through memory for it drop out.
    const auto steps = [&](auto nn) {
      size_t ow = 0;
      for (; ow + 4 <= a.OW; ow += 4) pixels<V, 4, NQ, S, ST>(a, w, xoff, init, epi, ob, nn, ow);
      if (ow + 2 <= a.OW) {
        pixels<V, 2, NQ, S, ST>(a, w, xoff, init, epi, ob, nn, ow);
        ow += 2;
      }
      if (ow < a.OW) pixels<V, 1, NQ, S, ST>(a, w, xoff, init, epi, ob, nn, ow);
    };
    if (n == G) {
      steps(std::integral_constant<size_t, G>{});
    } else {
      steps(n);
    }
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

// The row kernels: the epilogue is picked once per row, so that the output
// type and mode are not tested per pixel.
template <class V, size_t NQ, size_t S>
void row(const RowArgs& a) {
  if (a.out_type == octet_datatype_s32) return row_geometry<V, NQ, S, typename V::RawEpi>(a);
  simd::dispatch_output<false>(a.out, a.out_type == octet_datatype_u8, [&](auto kind, auto u8, auto clamp) {
    row_geometry<V, NQ, S, typename V::template Epi<kind(), u8(), clamp()>>(a);
  });
}

// The kernel set of step V: 3x3 (one quad row), 5x5 (two), any R x S, and
// 3x3 and 5x5 stride 2 as 2x2 and 3x3 over 2x2 blocks.
template <class V>
constexpr Kernels kernels(octet_isa isa) {
  return {prep<V>, row<V, 1, 3>, row<V, 2, 5>, row<V, 0, 0>, isa, V::kU8Form, row<V, 2, 2>, row<V, 3, 3>};
}

}  // namespace
}  // namespace octet::dwdot
