#pragma once

#include "octet/octet.h"
#include "src/core/conv_config.h"

namespace octet {

// Checks every parameter; on success fills *cfg (copies, requantization
// constants). On failure returns the status and sets octet_last_error().
octet_status validate_conv2d(const octet_conv2d_params* params, ConvConfig* cfg);

}  // namespace octet
