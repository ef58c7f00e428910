#include "src/core/conv_config.h"

namespace octet {

ref::ConvRefParams ConvConfig::ref_params() const {
  ref::ConvRefParams p;
  p.shape = shape;
  p.input_type = input_type;
  p.x_zero_point = x_zero_point;
  p.weights = weights.data();
  p.w_zero_points = w_zero_points.data();
  p.output_type = output_type;
  p.requant = requant.data();
  p.output = output;
  return p;
}

}  // namespace octet
