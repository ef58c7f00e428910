// Small-group convolution (2..16 input channels per group): shared declarations.
//
// Output channels sit in SIMD lanes, 16 per block as two int32 vectors with
// the depthwise lane order (src/core/dwconv.h: lo lane q is channel
// 8*(q/4) + q%4 of the block, hi that plus 4), so that several groups share a
// register and the depthwise epilogues apply unchanged.
//
// Arithmetic, as for depthwise: a prep pass widens each input row to int16 with
// x_zp subtracted (padding is 0) and pads every group to an even channel count
// cgp; the packed weights are int16 w - w_zp[k]. Lane k needs, for channel pair
// p of its group g, the int32 word (x[g*cgp + 2p], x[g*cgp + 2p + 1]) of the
// pixel, which an in-lane vpshufb (or a gather) moves into place; vpmaddwd with
// the weight pair then adds two taps exactly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "src/core/conv_config.h"
#include "src/core/dwconv.h"

namespace octet::gconv {

// How each lane's word is fetched (one method per operator; see smallgroup.cc).
enum Method : int {
  kWindow32 = 0,  // one 32-byte window per (block half, tap) shared by every pair p, then vpshufb
  kWindow2x16 = 1,  // per pair p, two 16-byte windows (one per 128-bit lane), then vpshufb
  kGather = 2,    // per pair p, vpgatherdd
  kGroupLanes = 3,  // 4 channels and 4 outputs per group: groups in lanes (below)
  kGroupLanesWino = 4,  // kGroupLanes, 3x3 stride 1 undilated: Winograd F(2x2, 3x3) (below)
  kGroupLanes8 = 5,  // kGroupLanes with 8 channels and 8 outputs per group (below)
  kGroupDot = 6,  // byte quads and a dot product into int32 (below)
};

// kGroupLanes (ResNeXt g32: 4 input and 4 output channels per group, groups a
// multiple of 8). A block is 8 groups (32 channels); lane l of a vector holds
// group kLaneGroup[l] of the block. The prep pass stores each pixel's block as
// two vectors of int32 words, X0 (the channel pair 0-1 of every group) and X1
// (pair 2-3), so the kernel needs no shuffle at all: output o of the 8 groups
// accumulates vpmaddwd(X0, W[r][s][0][o]) + vpmaddwd(X1, W[r][s][1][o]), and
// each X is loaded once per tap for all four outputs. The epilogue transposes
// the four (output o) vectors back to channel order 4g + o.
//   weights: per block [R][S][2 pairs][4 outputs][8 lanes][2] int16 w - w_zp
//   bias (int32), words a/b: per block [4 outputs][8 lanes]
constexpr size_t kLaneGroup[8] = {0, 1, 4, 5, 2, 3, 6, 7};

// kGroupLanesWino: the same lanes and prep; each call makes a 2x2 tile of
// output pixels (two rows, four input rows) per step from 16 products instead
// of 36, exactly in integers (Lavin & Gray's F(2,3) with the weight transform
// doubled to stay integral):
//   V = Bt d B (per X vector, int16: |V| <= 4 * 255)
//   U = G g Gt with G = [2 0 0; 1 1 1; 1 -1 1; 0 0 2] (int16: |U| <= 9 * 255)
//   4 y = At (U . V) A, |4 y| <= 4 * 36 * 255 * 255 < 2^31: an exact shift.
// Bias is added after the shift, as the reference adds it (wrapping int32).
//   weights: per block [16 positions][2 pairs][4 outputs][8 lanes][2] int16 U
constexpr size_t kWinoInRows = 4;

// kGroupLanes8 (ResNeXt g32 at 256 channels: 8 input and 8 output channels per
// group): a block is 8 groups (64 channels), lane l holds group
// kLaneGroup8[l]; the prep stores X0..X3 (channel pairs 0-1 .. 6-7) per pixel
// and block, the kernel accumulates 8 outputs of one pixel at a time.
//   weights: per block [R][S][4 pairs][8 outputs][8 lanes][2] int16 w - w_zp
//   bias (int32), words a/b: per block [8 outputs][8 lanes]
constexpr size_t kLaneGroup8[8] = {0, 2, 4, 6, 1, 3, 5, 7};

// kGroupDot (x86 vpdpbusd: u8 input x s8 weights; the arithmetic, zero-point
// fold and padding of src/core/dwconv_dot.h, input offset -128 for s8):
// channels per group cg a multiple of 4 (Q = cg / 4 byte quads), outputs per
// group kg in {4, 8, 16}, every w - w_zp in int8. A block is 16 groups, lane l
// = group 16 b + l. The prep stores per pixel and block Q vectors X[h] of 16
// quads (lane l: input channels 4h .. 4h + 3 of its group, in the kernel's u8
// form; padding x_zp in that form), so one vpdpbusd of X[h] with the weights
// of output o adds 4 products to 16 groups' output o.
//   prepped pixel: blocks * Q * 64 bytes (RowArgs::col_step in int32 words)
//   weights (int8): per block [R][S][Q][kg outputs][16 lanes][4]
//   bias (the int32 init, bias + zero-point fold), words a/b: per block [kg][16 lanes]
// Its direct mode (RowArgs::direct; u8 input, 8 channels and 8 outputs per
// group, whole blocks of 16 groups, strides >= 2: ResNeXt g32 at 256 channels
// stride 2) has no prep:
// the kernel reads the input rows where they lie, vector h of a block's 128
// bytes (lane 2g + i: quad i of group 8h + g) and its copy with each group's
// quads swapped, and accumulator 4h + m collects outputs 2m + i of group
// 8h + g in lane 2g + i. Output pixels whose window meets the padding read a
// copy of it (x_zp in the padding) from the thread's scratch.
//   weights (int8): per block [R][S][2 h][4 m][2: as read, swapped][16 lanes][4]
//   bias, words a/b: per block [2 h][4 m][16 lanes]

// One prepped row: cols padded columns of groups*cgp int16, zero padded.
struct PrepArgs {
  const void* row;       // input row, or nullptr when it is padding
  size_t in_pixel_stride;  // elements
  size_t W, pad_left, cols;
  size_t C, groups, cg, cgp;
  int32_t x_zp;
  bool s8;
  int16_t* dst;
};

struct RowArgs {
  const int16_t* const* prow;  // R prepped rows
  size_t R, S, OW;
  size_t col_step;  // int32 words between consecutive output columns: stride_w * pixel words
  size_t dil_step;  // int32 words between kernel columns: dil_w * pixel words
  size_t P;         // channel pairs per group (cgp / 2)
  size_t blocks;    // ceil(K / 16)
  size_t K;
  const int16_t* weights;  // per block: [R][S][P][2 halves][16 int16]
  const int32_t* offsets;  // per method, see smallgroup.cc
  const uint8_t* controls; // vpshufb controls: per block, [P][2 halves][32 bytes]
  // For the epilogue (same fields as the depthwise RowArgs).
  dw::RowArgs epi;
  // kGroupLanesWino: output rows to write (1 or 2; the second at epi.output + out_row_bytes).
  size_t out_rows;
  size_t out_row_bytes;
  size_t kg;  // kGroupDot: outputs per group
  // kGroupDot's direct mode: prow are input bytes, col_step and dil_step bytes.
  bool direct;
};

using PrepFn = void (*)(const PrepArgs&);
using RowFn = void (*)(const RowArgs&);

struct Kernels {
  octet_isa isa;
  PrepFn prep;
  RowFn row[3];  // by Method (kWindow32 .. kGather)
  PrepFn prep_lanes;  // kGroupLanes and kGroupLanesWino (nullptr when the ISA has none)
  RowFn row_lanes;
  RowFn row_wino;
  PrepFn prep_lanes8;  // kGroupLanes8
  RowFn row_lanes8;
  PrepFn prep_dot = nullptr;  // kGroupDot (nullptr when the ISA has none)
  RowFn row_dot = nullptr;
};

// The kernel sets of each ISA are rows of the architecture's kernel table
// (src/core/kernel_table.h).

}  // namespace octet::gconv

namespace octet {

std::unique_ptr<ConvPath> make_smallgroup_path(const ConvConfig& cfg, octet_isa max_isa);

}  // namespace octet
