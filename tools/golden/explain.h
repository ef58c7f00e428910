#pragma once

#include <cstdint>
#include <string>

#include "tools/golden/golden_case.h"

namespace octet::golden {

// The arithmetic of output element `index` of a case, step by step, computed
// by the reference (src/ref) in `mode`: raw dot product, every zero-point term,
// bias, multiplier, rounding and clamp, in the words of SEMANTICS.md.
std::string explain_element(const Case& c, octet_requant_mode mode, size_t index, uint8_t got);

}  // namespace octet::golden
