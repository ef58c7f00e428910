#pragma once

#include "octet/octet.h"
#include "src/core/conv_config.h"

namespace octet {

// Checks every parameter; on success fills *cfg (copies, requantization
// constants). On failure returns the status and sets octet_last_error().
octet_status validate_conv2d(const octet_conv2d_params* params, ConvConfig* cfg);

// The size limits of one run (docs/LIMITS.md): the padded image times the
// channels at most 2^40 elements, times batch at most 2^56, so that no size
// a path computes from them (rows, rings, sums, workspace per thread)
// overflows size_t. Sets octet_last_error() on failure.
octet_status validate_run_size(const ConvConfig& cfg, size_t batch, size_t height, size_t width);

}  // namespace octet
