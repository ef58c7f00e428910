// Depthwise convolution (groups == C, K == m*C): shared declarations.
//
// Arithmetic. Every kernel computes acc = sum over taps of (x - x_zp) * (w - w_zp[k])
// exactly, in int16 x int16 -> int32 products (vpmaddwd / smull):
//   * a prep pass widens the input to int16 and subtracts x_zp, once per input
//     row (|x - x_zp| <= 255 for u8 and s8 input), so padding is simply 0;
//   * the packed weights hold w - w_zp[k] as int16 (|w - w_zp| <= 255), so a
//     nonzero weight zero point costs nothing at run time (it is the same as
//     the "input sum times w_zp" term, applied before the multiply);
//   * each product is at most 255*255 in magnitude and a pair sum at most
//     2*65025, so nothing saturates (no vpmaddubsw), and the int32 sum over
//     R*S < 2^15 taps cannot overflow.
// The folded int32 bias is therefore just the mode's bias_int.
//
// Layout. Channels are processed in blocks of 2L (L = int32 lanes of the ISA:
// 8 avx2, 16 avx512bw, 4 neon), held as two int32 vectors (lo, hi). Lane q of
// lo is channel 8*(q/4) + q%4 of the block, lane q of hi that plus 4: this is
// what the in-lane unpack/zip of two widened rows produces, and what the
// in-lane pack at the store undoes, so neither needs a lane-crossing shuffle.
// A prepped "pair row" j holds, for every padded column and (expanded output)
// channel, the int16 pair (x'[j][col][c], x'[j + dil_h][col][c]); a vpmaddwd of
// it with the packed weight pair (w'[r][s], w'[r+1][s]) gives two taps at once.
// Kernel rows r = 2i, 2i+1 come from pair row oh*stride_h + 2i*dil_h.
#pragma once

#include <cstddef>
#include <cstdint>

#include "octet/octet.h"
#include "src/core/requant_simd.h"
#include "src/core/row_args.h"

namespace octet::dw {

// Channel of lane q (0 <= q < L) of the lo (h = 0) or hi (h = 1) vector of a block.
inline size_t lane_channel(size_t q, size_t h) { return 8 * (q / 4) + q % 4 + 4 * h; }

// One prepped pair row: columns [0, cols) of the padded input.
// Cp: K rounded up to the block size (2L); expand: mult > 1, 2 * Cp bytes
// (the two rows' pixels, channels expanded).
struct PrepArgs : RowPrepGeometry {
  const void* row_a;   // input row j - pad_top, or nullptr when it is padding
  const void* row_b;   // input row j + dil_h - pad_top, or nullptr
  const void* zp_row;  // C elements equal to x_zero_point (what padding reads as)
  int32_t x_zp;
  int16_t* dst;        // cols * column_elems(Cp) int16, 64-byte aligned
};

// One output row.
// Columns are column_elems(Cp) int16 apart (col_step = stride_w * that), the
// pairs of Cp channels first; blocks = Cp / 2L;
// wa, wb: per block, 2L words (lo lanes, then hi lanes).
struct RowArgs : RowOutput {
  const int16_t* const* prow;  // np pair rows
  size_t np;                   // pairs of kernel rows (ceil(R/2))
  const int16_t* weights;  // per block: [np][S][2 vectors][L pairs] int16
  const int32_t* bias;     // per block: 2L folded int32 bias (lo lanes, then hi lanes)
};

// int16 elements between consecutive columns of a prepped pair row: Cp * 2,
// plus one cache line when Cp * 4 bytes is an even number of lines. Columns
// 2^k lines apart (1 KB at Cp 256) share few L1 sets, and a row kernel reads
// up to 11 of them per pixel group in each of 3 pair rows (5x5 stride 2).
inline size_t column_elems(size_t Cp) { return Cp * 2 + (Cp * 4 / 64 % 2 == 0 ? 32 : 0); }

using PrepFn = void (*)(const PrepArgs&);
using RowFn = void (*)(const RowArgs&);

// Direct 3x3 kernels (x86 AVX2, and the same code with vpdpwssd for the
// AVX-VNNI and AVX-512 VNNI tables: dilation 1, stride 1 or 2, multiplier 1
// and C a multiple of 16, or multiplier 2 and C a multiple of 8). No prep pass:
// they read the 8-bit input rows as they are and build the int16 pairs in
// registers, 16 output channels at a time (lo: channels 0-7 of the block, hi:
// 8-15, in channel order):
//   V[c] = (x0[c], x1[c])      kernel rows 0 and 1, column c
//   H[c] = (x2[c], x2[c + 1])  kernel row 2, columns c and c + 1
// so that the nine taps of output column p take five vpmaddwd:
//   V[sp] x (w00, w10), V[sp+1] x (w01, w11), V[sp+2] x (w02, w12),
//   H[sp] x (w20, w21), and the single tap w22 from H[sp+1] x (0, w22)
//   (stride 1, where H[sp+1] is at hand) or H[sp+2] x (w22, 0) (stride 2).
// Each input column is widened once per output row and kept in registers for
// every output pixel that uses it (a sliding window along W). The input is
// not shifted by x_zp: x * (w - w_zp) is still exact (|.| <= 255*255, pair
// sums <= 2*255*255), the accumulators start at
//   init[k] = bias_int[k] - x_zp * sum_taps(w - w_zp[k])   (int32, wrapping)
// and padding reads x_zp, so it adds x_zp * w' - x_zp * w' = 0 overall.
// s8 input is read as the u8 x + 128 (a sign-bit flip, so that widening is a
// zero-extending byte shuffle), and x_zp in init is then x_zp + 128.
// Per-operator epilogue constants of the direct kernels (broadcast, 32-byte aligned).
struct alignas(32) DirectConsts {
  int32_t perm[8];
  int16_t zp16[16];
  int8_t min8[32], max8[32];
  float zpf[8], minf[8], maxf[8];
};

struct DirectArgs {
  const uint8_t* rows[3];  // input rows (kernel rows 0..2), or zp_row for padding
  size_t row_stride[3];    // bytes between pixels of rows[r]: 0 for zp_row
  const uint8_t* zp_row;   // C bytes equal to x_zero_point
  size_t W, pad_left, OW;
  size_t blocks;            // K / 16 (blocks of 16 output channels)
  size_t mult;              // 1, or 2: output channel k reads input channel k / 2
  bool s8;                  // int8 input (else uint8)
  const int16_t* weights;   // per block (wblock int16): [kinds][2 halves][16 int16]
                            // (kinds v0 v1 v2 h l; stride 2 adds h0 l0 u0 u1 u2, below)
  int16_t* hbuf;            // stride 2: H pairs of kernel row 2, per block [OW + 1][2][16],
                            // written by direct_3x3_s2 (when not null), read by direct_3x3_s2b
  size_t wblock;            // 160 (stride 1) or 320 (stride 2)
  const int32_t* init;      // per block: 16 int32
  const simd::ChannelWord* wa;  // per channel (channel order)
  const simd::ChannelWord* wb;
  const DirectConsts* consts;
  simd::OutputParams out;
  octet_datatype out_type;
  void* output;             // first pixel of the output row
  size_t out_pixel_bytes;
};
using DirectFn = void (*)(const DirectArgs&);
// Stride 2, output rows oh and oh + 1: input row 2oh + 2 is kernel row 2 of
// row oh and kernel row 0 of row oh + 1. direct_3x3_s2 keeps the horizontal
// pairs H it builds for row oh in hbuf, and direct_3x3_s2b computes row oh + 1
// from them: H[sp] x (w00, w01), H[sp+2] x (w02, 0), and the vertical pairs
// U of its kernel rows 1 and 2, U[sp+s] x (w1s, w2s) (kinds h0 l0 u0 u1 u2;
// rows[0] unused). Two pair vectors per pixel instead of three.

// The kernels of one ISA.
struct Kernels {
  octet_isa isa;
  size_t lanes;  // L
  PrepFn prep;
  RowFn row_3x3, row_5x5, row_rxs;
  DirectFn direct_3x3_s1, direct_3x3_s2, direct_3x3_s2b;  // nullptr when the ISA has none
};

// The kernel sets of each ISA are rows of the architecture's kernel table
// (src/core/kernel_table.h).

}  // namespace octet::dw
