// The quantized operator the micro benchmarks time, for a shape: random int8
// weights (from the caller's generator), one weight scale, an f32 bias, u8 in
// (zero point 128) and out, pytorch_fbgemm requantization. `params` points
// into the object, which therefore does not move.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "octet/octet.h"
#include "src/api/conv2d_shape.h"

namespace octet_bench {

struct MicroOperator {
  std::vector<int8_t> weights;
  std::vector<float> bias;
  double w_scale = 0.01;
  octet_conv2d_params params;

  MicroOperator(const octet::ref::ConvShape& s, std::mt19937& rng)
      : weights(s.K * s.R * s.S * s.channels_per_group()), bias(s.K, 0.25f) {
    for (auto& v : weights) v = static_cast<int8_t>(rng());
    params = octet::conv2d_params_for_shape(s);
    params.input_scale = 0.02;
    params.input_zero_point = 128;
    params.weights = weights.data();
    params.weight_scale_count = 1;
    params.weight_scales = &w_scale;
    params.bias_type = octet_datatype_f32;
    params.bias = bias.data();
    params.output_scale = 0.05;
    params.output_zero_point = 120;
    params.requant_mode = octet_requant_pytorch_fbgemm;
  }
  MicroOperator(const MicroOperator&) = delete;
  MicroOperator& operator=(const MicroOperator&) = delete;
};

}  // namespace octet_bench
