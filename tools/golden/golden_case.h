// Golden test vectors (format octet-golden-v1, ../shared/golden/README.md):
// loading them, and running one through the public API.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "octet/octet.h"

namespace octet::golden {

struct Case {
  std::string path, source, name;
  size_t N = 0, H = 0, W = 0, C = 0, K = 0, R = 0, S = 0, OH = 0, OW = 0, groups = 1;
  size_t stride[2] = {1, 1}, dilation[2] = {1, 1};
  size_t pad[4] = {0, 0, 0, 0};  // top, left, bottom, right
  double x_scale = 1.0, y_scale = 1.0;
  int32_t x_zero_point = 0, y_zero_point = 0;
  std::vector<double> w_scale;
  std::vector<int32_t> w_zero_point;
  bool has_bias = false;
  std::vector<float> bias;
  bool relu = false;
  std::vector<uint8_t> x, y;
  std::vector<int8_t> w;
};

// Parses one file; false with a message in *error on a malformed file.
bool load_case(const std::string& path, Case* out, std::string* error);
// Every *.json file under each path (files or directories), sorted.
std::vector<std::string> list_case_files(const std::vector<std::string>& paths);

// The requantization mode that reproduces a source ("pytorch-1.13.1/qnnpack",
// "pytorch-1.13.1/onednn", "fbgemm@..."); false if unknown.
bool mode_for_source(const std::string& source, octet_requant_mode* mode);

// The conv2d parameters of a case in a mode. A case whose K weight scales and
// zero points are all equal is passed as per-tensor: that is how the engines
// held them (and the files say results do not depend on the distinction).
// The returned struct points into `c`.
octet_conv2d_params make_params(const Case& c, octet_requant_mode mode);

// Runs a case through the public API; false with a message on an API error.
bool run_case(const Case& c, octet_requant_mode mode, std::vector<uint8_t>* y, std::string* error,
              std::string* path_used = nullptr);

}  // namespace octet::golden
