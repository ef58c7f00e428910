// The registry of convolution paths. select_conv_path() asks each factory in
// order of preference; a factory returns nullptr when its path does not apply
// to the configuration or needs an ISA above `max_isa`. The reference path
// always applies and comes last.
#pragma once

#include <memory>

#include "src/core/conv_config.h"
#include "src/core/kernel_table.h"  // the kernel-set types the *_with factories take

namespace octet {

using ConvPathFactory = std::unique_ptr<ConvPath> (*)(const ConvConfig& cfg, octet_isa max_isa);

std::unique_ptr<ConvPath> make_ref_path(const ConvConfig& cfg, octet_isa max_isa);

// Depthwise (groups == C, K == m*C): the int16 path, and the dot-product path
// (declines layers where some w - w_zp does not fit int8).
std::unique_ptr<ConvPath> make_dwconv_path(const ConvConfig& cfg, octet_isa max_isa);
std::unique_ptr<ConvPath> make_dwconv_dot_path(const ConvConfig& cfg, octet_isa max_isa);
// For tests: the paths on given kernel sets (e.g. SIMDe-emulated ones),
// nullptr where the factories above would decline the layer.
std::unique_ptr<ConvPath> make_dwconv_path_with(const ConvConfig& cfg, const dw::Kernels& kernels);
std::unique_ptr<ConvPath> make_dwconv_dot_path_with(const ConvConfig& cfg, const dwdot::Kernels& kernels);
// The small-group path on a given set (kept by reference: it must outlive the path).
std::unique_ptr<ConvPath> make_smallgroup_path_with(const ConvConfig& cfg, const gconv::Kernels& kernels);

// Picks the best path for cfg using kernels of ISAs at or below max_isa (and
// supported by this CPU). Never returns nullptr unless out of memory.
std::unique_ptr<ConvPath> select_conv_path(const ConvConfig& cfg, octet_isa max_isa);

}  // namespace octet
