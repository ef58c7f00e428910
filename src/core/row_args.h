// The argument fields the two row-ring depthwise families share (int16 pairs,
// src/core/dwconv.h; byte quads, src/core/dwconv_dot.h): the geometry of one
// padded input row for their prep kernels, and of one output row with its
// output stage for their row kernels. Each family's PrepArgs / RowArgs adds
// its own row pointers, weights and accumulator start.
#pragma once

#include <cstddef>
#include <cstdint>

#include "octet/octet.h"
#include "src/core/requant_simd.h"

namespace octet {

struct RowPrepGeometry {
  size_t in_pixel_stride;  // bytes between input pixels (1-byte types)
  size_t W, pad_left, cols;  // input width, left padding, padded columns [0, cols) to prep
  size_t C, K, mult;         // input channels, output channels, K / C
  size_t Cp;                 // K rounded up to the family's channel block
  bool s8;                   // int8 input (else uint8)
  uint8_t* expand;           // the prep kernel's scratch (channel expansion, tails)
};

struct RowOutput {
  size_t S, OW;     // kernel width, output width
  size_t col_step;  // elements of a prepped row between consecutive output columns: stride_w * column
  size_t dil_step;  // elements between consecutive kernel columns: dil_w * column
  size_t blocks;    // channel blocks (Cp / block)
  size_t K;         // real output channels (the last block may be partial)
  const simd::ChannelWord* wa;  // requantization words a (the family's lane order)
  const simd::ChannelWord* wb;  // requantization words b
  simd::OutputParams out;
  octet_datatype out_type;
  void* output;            // first pixel of the row, channel 0
  size_t out_pixel_bytes;  // bytes between output pixels
};

}  // namespace octet
