// The AArch64 depthwise and dot-product depthwise kernel sets, one row each,
// X(family, set) (src/core/kernel_list.h): the row declares the set here and
// is its row of the kernel table (src/arm/config.cc), whose tests take every
// set from the table (test/dwconv/kernel_tables.cc). A set is defined in
// src/arm/<isa>/ (named in the row's comment). No small-group sets yet: the
// table has none. The GEMM microkernels are listed in src/arm/gemm_kernels.h.
#pragma once

#include "src/core/dwconv.h"
#include "src/core/dwconv_dot.h"
#include "src/core/kernel_list.h"

// One NEON int16 set serves neondot and neoni8mm too (the selector's fallback).
#define OCTET_ARM_DWCONV_SETS(X) \
  X(dw, kKernelsNeon) /* neon/dwconv_neon.cc */
#define OCTET_ARM_DWCONV_DOT_SETS(X) \
  X(dwdot, kKernelsNeondot) /* neondot/dwconv_x8s8_16c4_neondot.cc */

namespace octet {
OCTET_ARM_DWCONV_SETS(OCTET_KERNEL_SET_DECLARE)
OCTET_ARM_DWCONV_DOT_SETS(OCTET_KERNEL_SET_DECLARE)
}  // namespace octet
