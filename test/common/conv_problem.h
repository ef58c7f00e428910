// A conv2d parameter block together with the arrays its pointers refer to, so
// a test can build random problems and keep them valid as long as it holds one.
// Not copyable in spirit: a copy's params would point into the original.
#pragma once

#include <cstdint>
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

}  // namespace octet::test
