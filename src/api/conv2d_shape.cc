#include "src/api/conv2d_shape.h"

#include <tuple>

namespace octet {

ref::ConvShape symmetric_conv_shape(size_t C, size_t K, size_t groups, size_t R, size_t S, size_t stride,
                                    size_t pad, size_t dil) {
  return ref::ConvShape{C, K, groups, R, S, stride, stride, dil, dil, pad, pad, pad, pad};
}

octet_conv2d_params conv2d_params_for_shape(const ref::ConvShape& s) {
  octet_conv2d_params p;
  octet_conv2d_params_init(&p);
  // One statement per group of fields, as octet.h groups them.
  std::tie(p.input_channels, p.output_channels, p.groups) = std::tie(s.C, s.K, s.groups);
  std::tie(p.kernel_height, p.kernel_width) = std::tie(s.R, s.S);
  std::tie(p.stride_height, p.stride_width) = std::tie(s.stride_h, s.stride_w);
  std::tie(p.dilation_height, p.dilation_width) = std::tie(s.dil_h, s.dil_w);
  std::tie(p.pad_top, p.pad_left, p.pad_bottom, p.pad_right) =
      std::tie(s.pad_top, s.pad_left, s.pad_bottom, s.pad_right);
  return p;
}

}  // namespace octet
