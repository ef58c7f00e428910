// A convolution's geometry as octet_conv2d_params spells it, filled from the
// reference's ref::ConvShape. Benchmarks, tools and tests describe a layer as a
// ConvShape (braced in its field order: C, K, groups, R, S, strides h/w,
// dilations h/w, pads top/left/bottom/right, as octet_conv2d_params lists them;
// or with the PyTorch-style helper below) and take their parameter block from
// here instead of assigning the thirteen fields themselves.
#pragma once

#include <cstddef>

#include "octet/octet.h"
#include "src/ref/conv.h"

namespace octet {

// The common PyTorch geometry: one stride and one dilation for both axes, the
// same padding on every side.
ref::ConvShape symmetric_conv_shape(size_t C, size_t K, size_t groups, size_t R, size_t S, size_t stride,
                                    size_t pad, size_t dil = 1);

// octet_conv2d_params_init's defaults with the shape's channels, groups,
// kernel, strides, dilations and padding; everything else is left to the caller.
octet_conv2d_params conv2d_params_for_shape(const ref::ConvShape& s);

}  // namespace octet
