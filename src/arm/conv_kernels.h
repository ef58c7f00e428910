// The AArch64 depthwise kernel sets, listed by the kernel table in
// src/arm/config.cc. The GEMM microkernels are declared in src/arm/gemm_kernels.h.
#pragma once

#include "src/core/dwconv.h"
#include "src/core/dwconv_dot.h"

namespace octet::dw {
extern const Kernels kKernelsNeon;  // src/arm/neon/dwconv_neon.cc
}  // namespace octet::dw

namespace octet::dwdot {
extern const Kernels kKernelsNeondot;  // src/arm/neondot/dwconv_x8s8_16c4_neondot.cc
}  // namespace octet::dwdot
