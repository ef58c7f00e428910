// The scalar reference convolution: direct loops, int32 accumulation, explicit
// zero points. Slow on purpose and written to be read: this is what "the
// quantized convolution" means in octet, and every kernel is tested against it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "octet/octet.h"
#include "src/ref/requantize.h"

namespace octet::ref {

struct ConvShape {
  size_t C = 1, K = 1, groups = 1;
  size_t R = 1, S = 1;
  size_t stride_h = 1, stride_w = 1;
  size_t dil_h = 1, dil_w = 1;
  size_t pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;

  size_t channels_per_group() const { return C / groups; }
  size_t outputs_per_group() const { return K / groups; }
  // Output size along one axis: floor((in + pads - dilated_kernel) / stride) + 1,
  // or 0 when the padded input is smaller than the dilated kernel.
  static size_t output_dim(size_t in, size_t pad_a, size_t pad_b, size_t k, size_t stride,
                           size_t dil);
  size_t output_height(size_t H) const;
  size_t output_width(size_t W) const;
};

// Everything the reference needs besides the activations.
struct ConvRefParams {
  ConvShape shape;
  octet_datatype input_type = octet_datatype_u8;  // u8 or s8
  int32_t x_zero_point = 0;
  const int8_t* weights = nullptr;        // [K][R][S][C/groups]
  const int32_t* w_zero_points = nullptr;  // K entries
  octet_datatype output_type = octet_datatype_u8;  // u8, s8 or s32
  const ChannelRequant* requant = nullptr;  // K entries (unused for s32 output)
  OutputQuant output;
};

// The pieces of one accumulator, for explaining it. Padded taps are counted as
// reading x_zero_point, which is what makes them contribute exactly 0.
struct AccTrace {
  int64_t sum_xw = 0;  // sum of x * w over all R*S*C/groups taps
  int64_t sum_x = 0;   // sum of x
  int64_t sum_w = 0;   // sum of w
  int64_t taps = 0;    // R*S*C/groups
  int64_t padded_taps = 0;
};

// acc = sum over taps of (x - x_zp) * (w - w_zp[k]): one output element, exact.
int32_t conv_accumulator(const ConvRefParams& p, const void* input, size_t H, size_t W,
                         size_t input_pixel_stride, size_t n, size_t oh, size_t ow, size_t k,
                         AccTrace* trace = nullptr);

// Output rows [oh_begin, oh_end) of image n: accumulate, then requantize (or
// store the raw int32 accumulator plus the int32 bias for s32 output).
void conv2d_rows(const ConvRefParams& p, const void* input, size_t H, size_t W,
                 size_t input_pixel_stride, void* output, size_t output_pixel_stride, size_t n,
                 size_t oh_begin, size_t oh_end);

// The whole convolution (all images, all rows).
void conv2d(const ConvRefParams& p, size_t N, size_t H, size_t W, const void* input,
            size_t input_pixel_stride, void* output, size_t output_pixel_stride);

// Stores one requantized value (or raw int32) at output element index `i`.
void store_output(octet_datatype type, void* output, size_t i, int32_t value);

}  // namespace octet::ref
