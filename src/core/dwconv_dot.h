// Depthwise convolution (groups == C, K == m*C) with a byte dot product into
// int32: AArch64 sdot (s8 x s8) or x86 vpdpbusd (u8 x s8). Declarations shared
// by the path (src/core/dwconv_dot.cc) and its kernels
// (src/arm/neondot/dwconv_x8s8_16c4_neondot.cc,
// src/x86/{avxvnni,avx512vnni}/dwconv_x8s8_16c4_*.cc).
//
// Arithmetic. acc[k] = sum over taps of (x - x_zp) * (w - w_zp[k]) exactly, as
// byte x signed byte products summed into int32:
//   * the input is read in the kernel's form xk, x = xk + off: sdot takes s8,
//     so u8 input is flipped (x ^ 0x80 = x - 128, off = 128) and s8 taken as
//     is (off = 0); vpdpbusd takes u8, so u8 input is taken as is (off = 0)
//     and s8 flipped (x ^ 0x80 = x + 128 as u8, off = -128);
//   * the packed weights hold w' = w - w_zp[k], which the path only takes when
//     every w' of the layer fits int8 (otherwise the int16 dwconv path runs);
//   * sum (x - x_zp) w' = sum xk * w' + (off - x_zp) * sum w', and the second
//     term is folded into the per-channel int32 init with the mode's bias;
//   * padding reads x_zp through the same transform (xk = x_zp - off), so each
//     padded tap adds (x_zp - x_zp) * w' = 0 once the init is counted.
// Products are at most 255*128 and all sums wrap in int32 like the reference's.
//
// Layout. Channels in blocks of 16 (Cp = K rounded up to 16). A prepped "quad
// row" j holds, for every padded column and (expanded output) channel k, the
// 4 bytes (xk[j][col][k], xk[j + dil_h][col][k], xk[j + 2 dil_h][col][k],
// xk[j + 3 dil_h][col][k]) contiguous: a block of one column is 64 bytes, four
// 16-byte vectors of 4 channels each, lanes in channel order. One sdot of such
// a vector (vpdpbusd: of a zmm, one whole block) with the packed weights of
// one kernel column (same layout) adds 4 taps to its channel lanes;
// nq = ceil(R / 4) quad rows hold a window's rows.
//
// Row sharing. The 4 nq quad bytes of a column hold R kernel rows (the other
// weight bytes are zero) with 4 nq - R to spare (3x3: 1, 5x5: 3), so a quad row serves the output rows
// whose window starts at any of its first 4 nq - R + 1 rows: output row oh,
// window start y = oh * stride_h = j0 + shift * dil_h, reads quad rows
// j0 + 4i * dil_h with the weights packed for that shift (kernel row r in quad
// byte r + shift). With j0 on a lattice of period (4 nq - R + 1) dil_h, 3x3 at
// stride 1 preps one quad row per two output rows and 5x5 one per four.
//
// Stride 2 (3x3 and 5x5, dilation 1). Vertical quads would be prepped once per
// output row over 2 OW columns (3x3), or hold 4 rows of which a 5x5 window
// uses 5 of 8 in two quads (10 vpdpbusd a pixel). Instead a "pair row" j
// (even) holds 2x2 blocks: quad column c of channel k is (x[j][2c],
// x[j][2c + 1], x[j + 1][2c], x[j + 1][2c + 1]) (padded coordinates), so the
// layer is a B x B stride 1 convolution over those blocks, B = (R + 1) / 2
// (kernel row and column R zero weights): output row oh reads pair rows
// 2oh, 2oh + 2, ... (nq = B), columns ow .. ow + B - 1. Each input byte is
// prepped once, OW + B - 1 columns per row; 3x3 is 4 vpdpbusd a pixel, 5x5 9,
// and two threads splitting the rows prep B - 1 pair rows twice (5x5 vertical
// quads: two quad rows, twice the bytes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "octet/octet.h"
#include "src/core/conv_config.h"
#include "src/core/requant_simd.h"
#include "src/core/row_args.h"

// The path's factories are declared in src/core/conv_paths.h.

namespace octet::dwdot {

// One prepped quad row: columns [0, cols) of the padded input.
// Cp: K rounded up to 16; s8: the kernel flips the input type its form is
// not; expand: 4 * Cp bytes (channel expansion, channel tails).
// Source r of quad column col is padded column col * col_mul + col_add[r] of
// rows[r] (vertical quads: 1 and 0; 2x2 blocks: 2 and {0, 1, 0, 1}).
struct PrepArgs : RowPrepGeometry {
  const uint8_t* rows[4];   // input rows of the 4 sources (padded row - pad_top), or nullptr when padding
  size_t col_mul;
  size_t col_add[4];
  const uint8_t* zp_row;    // C bytes equal to x_zero_point (what padding reads as)
  int8_t* dst;              // cols * Cp * 4 bytes
};

// One output row.
// Columns are Cp * 4 bytes (col_step = stride_w * Cp * 4); blocks = Cp / 16;
// wa, wb: per channel (Cp).
struct RowArgs : RowOutput {
  const int8_t* const* qrow;  // nq quad rows
  size_t nq;                  // quads of kernel rows (ceil(R/4))
  const int8_t* weights;        // this row's shift; per block: [nq][S][64] bytes (4 channels x 4 rows per 16)
  const int32_t* init;          // per block: 16 int32 (bias + zero-point fold)
};

using PrepFn = void (*)(const PrepArgs&);
using RowFn = void (*)(const RowArgs&);

struct Kernels {
  PrepFn prep;
  RowFn row_3x3, row_5x5, row_rxs;
  // Last, with the sdot kernels' values as defaults, so that the AArch64
  // table keeps its four-entry initializer.
  octet_isa isa = octet_isa_neondot;  // reported by the path
  bool u8_form = false;  // kernels read u8 (vpdpbusd: s8 input flipped), else s8 (sdot: u8 flipped)
  RowFn row_2x2 = nullptr;  // 3x3 stride 2 over 2x2 blocks (nq 2, S 2); null: vertical quads
  RowFn row_3x3_blocks = nullptr;  // 5x5 stride 2 over 2x2 blocks (nq 3, S 3); null: vertical quads
};

// off of the arithmetic above: x = xk + off.
inline int32_t input_offset(const Kernels& k, bool s8_input) {
  if (k.u8_form) return s8_input ? -128 : 0;
  return s8_input ? 0 : 128;
}

// The kernel sets of each ISA are rows of the architecture's kernel table
// (src/core/kernel_table.h).

}  // namespace octet::dwdot
