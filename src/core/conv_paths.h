// The registry of convolution paths. select_conv_path() asks each factory in
// order of preference; a factory returns nullptr when its path does not apply
// to the configuration or needs an ISA above `max_isa`. The reference path
// always applies and comes last.
#pragma once

#include <memory>

#include "src/core/conv_config.h"

namespace octet {

using ConvPathFactory = std::unique_ptr<ConvPath> (*)(const ConvConfig& cfg, octet_isa max_isa);

std::unique_ptr<ConvPath> make_ref_path(const ConvConfig& cfg, octet_isa max_isa);

// Picks the best path for cfg using kernels of ISAs at or below max_isa (and
// supported by this CPU). Never returns nullptr unless out of memory.
std::unique_ptr<ConvPath> select_conv_path(const ConvConfig& cfg, octet_isa max_isa);

}  // namespace octet
