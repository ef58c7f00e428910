// Packing of the depthwise path's weights at create (src/core/dwconv.h has
// the layouts): the int16 pair rows of the prep/row kernels, and the pair
// kinds of the direct 3x3 kernels.
#pragma once

#include <cstddef>
#include <cstdint>

#include "src/core/conv_config.h"
#include "src/core/dwconv.h"
#include "src/core/packed_buffer.h"

namespace octet::dw {

// Per output channel lane: the int32 start of the accumulator and the
// requantization words.
struct ChannelConsts {
  int32_t* init = nullptr;
  simd::ChannelWord* wa = nullptr;
  simd::ChannelWord* wb = nullptr;
};

// Weights of the prep/row kernels: for each block of 2L channels, np kernel
// row pairs x S columns of (w[2i], w[2i+1]) per lane (lane order lane_channel),
// then bias_int and the words per lane.
struct RowPack {
  PackedBuffer buffer;
  const int16_t* weights = nullptr;
  ChannelConsts consts;
};
void pack_row_weights(const ConvConfig& cfg, size_t lanes, size_t np, size_t Cp, RowPack* out);

// Whether the direct 3x3 kernels take this layer: dilation 1, equal strides
// 1 or 2, whole 16-channel output blocks (multiplier 1), or multiplier 2 and
// C a multiple of 8.
bool direct_applies(const ConvConfig& cfg, const Kernels& k);

// Weights of the direct kernels: per block of 16 channels, wblock int16 of
// pair kinds (5 at stride 1, 10 at stride 2), then the accumulator start
// (bias_int - x_zp * sum w, x_zp as the kernels read the input) and words per channel.
struct DirectPack {
  PackedBuffer buffer;
  const int16_t* weights = nullptr;
  size_t wblock = 160;
  ChannelConsts consts;
  DirectConsts out_consts{};
};
void pack_direct_weights(const ConvConfig& cfg, const simd::OutputParams& out, DirectPack* p);

}  // namespace octet::dw
