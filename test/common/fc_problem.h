// A fully connected parameter block together with the arrays its pointers
// refer to (as ConvProblem for conv2d), filled with the random operands the
// API tests share. Not copyable in spirit: a copy's params would point into
// the original.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include "octet/octet.h"

namespace octet::test {

struct FcProblem {
  octet_fully_connected_params p;
  std::vector<int8_t> w;
  std::vector<double> scales;
  std::vector<int32_t> zps;
  std::vector<float> bias;
};

// C inputs, K outputs: random int8 weights, per-channel scales in
// [0.001, 0.0059], input scale 0.02 and zero point 120, output zero point 7
// and the given output scale; weight zero points in [-4, 4] when w_zp, and a
// float bias in [-1, 1) when bias. The requantization mode is the default.
inline void make_fc_problem(size_t C, size_t K, bool w_zp, bool bias, double output_scale, std::mt19937& rng,
                            FcProblem* pr) {
  octet_fully_connected_params& p = pr->p;
  octet_fully_connected_params_init(&p);
  pr->w.resize(K * C);
  for (int8_t& v : pr->w) v = static_cast<int8_t>(rng());
  pr->scales.resize(K);
  for (double& s : pr->scales) s = 0.001 + 0.0001 * static_cast<double>(rng() % 50);
  p.input_channels = C;
  p.output_channels = K;
  p.input_scale = 0.02;
  p.input_zero_point = 120;
  p.weights = pr->w.data();
  p.weight_scale_count = K;
  p.weight_scales = pr->scales.data();
  if (w_zp) {
    pr->zps.resize(K);
    for (int32_t& z : pr->zps) z = static_cast<int32_t>(rng() % 9) - 4;
    p.weight_zero_points = pr->zps.data();
  }
  if (bias) {
    pr->bias.resize(K);
    for (float& b : pr->bias) b = static_cast<float>(static_cast<int>(rng() % 200) - 100) * 0.01f;
    p.bias_type = octet_datatype_f32;
    p.bias = pr->bias.data();
  }
  p.output_scale = output_scale;
  p.output_zero_point = 7;
}

}  // namespace octet::test
