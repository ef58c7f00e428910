// A conv2d parameter block together with the arrays its pointers refer to, so
// a test can build random problems and keep them valid as long as it holds one.
// Not copyable in spirit: a copy's params would point into the original.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "octet/octet.h"

namespace octet::test {

struct ConvProblem {
  octet_conv2d_params p;
  std::vector<int8_t> w;
  std::vector<double> scales;
  std::vector<int32_t> zps;
  std::vector<float> bias_f;
  std::vector<int32_t> bias_i;
};

// Fills every field of pr->p but its shape (set before, e.g. by
// conv2d_params_for_shape) with random operands kept in pr: an input zero
// point anywhere in the input type's range, weights in [-w_abs_max,
// min(w_abs_max, 127)], per-channel scales, weight zero points in [-30, 30]
// when w_zp, a float bias (an s32 one for fixedpoint or s32 output), an output
// zero point anywhere in the output type's range, and an output scale that
// spreads a typical accumulator over the output range.
inline void fill_random_operands(ConvProblem* pr, octet_requant_mode mode, octet_datatype in, octet_datatype out,
                                 bool w_zp, double input_scale, std::mt19937& rng, int w_abs_max = 128) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  octet_conv2d_params& p = pr->p;
  const size_t K = p.output_channels, taps = p.kernel_height * p.kernel_width * (p.input_channels / p.groups);
  p.input_type = in;
  p.input_zero_point = in == octet_datatype_u8 ? pick(0, 255) : pick(-128, 127);
  p.input_scale = input_scale;
  pr->w.resize(K * taps);
  for (int8_t& v : pr->w) v = static_cast<int8_t>(pick(-w_abs_max, std::min(w_abs_max, 127)));
  p.weights = pr->w.data();
  pr->scales.resize(K);
  for (double& v : pr->scales) v = std::uniform_real_distribution<double>(0.002, 0.01)(rng);
  p.weight_scale_count = K;
  p.weight_scales = pr->scales.data();
  if (w_zp) {
    pr->zps.resize(K);
    for (int32_t& z : pr->zps) z = pick(-30, 30);
    p.weight_zero_points = pr->zps.data();
  }
  if (mode != octet_requant_fixedpoint && out != octet_datatype_s32) {
    pr->bias_f.resize(K);
    for (float& b : pr->bias_f) b = std::uniform_real_distribution<float>(-4.0f, 4.0f)(rng);
    p.bias_type = octet_datatype_f32;
    p.bias = pr->bias_f.data();
  } else {
    pr->bias_i.resize(K);
    for (int32_t& b : pr->bias_i) b = pick(-3000, 3000);
    p.bias_type = octet_datatype_s32;
    p.bias = pr->bias_i.data();
  }
  p.output_type = out;
  if (out == octet_datatype_u8) p.output_zero_point = pick(0, 255);
  if (out == octet_datatype_s8) p.output_zero_point = pick(-128, 127);
  p.output_scale = input_scale * 0.006 * std::sqrt(static_cast<double>(taps)) * 100.0;
  p.requant_mode = mode;
}

}  // namespace octet::test
