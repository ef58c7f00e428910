// Factory of the depthwise convolution path (groups == C, K == m*C), for the
// registry in src/core/conv_paths.cc.
#pragma once

#include <memory>

#include "src/core/conv_config.h"

namespace octet {

std::unique_ptr<ConvPath> make_dwconv_path(const ConvConfig& cfg, octet_isa max_isa);

}  // namespace octet
