// Factory of the depthwise convolution path (groups == C, K == m*C), for the
// registry in src/core/conv_paths.cc.
#pragma once

#include <memory>

#include "src/core/conv_config.h"

namespace octet {

std::unique_ptr<ConvPath> make_dwconv_path(const ConvConfig& cfg, octet_isa max_isa);

namespace dw {
struct Kernels;
}
// For tests: the path on a given kernel table (e.g. one holding SIMDe-emulated
// kernels), nullptr when cfg is not depthwise.
std::unique_ptr<ConvPath> make_dwconv_path_with(const ConvConfig& cfg, const dw::Kernels& kernels);

}  // namespace octet
