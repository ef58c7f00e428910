// The x86 depthwise and small-group kernel sets (one per ISA that has its own
// kernels), listed by the kernel table in src/x86/config.cc. The GEMM
// microkernels are declared in src/x86/gemm_kernels.h.
#pragma once

#include "src/core/dwconv.h"
#include "src/core/dwconv_dot.h"
#include "src/core/smallgroup.h"

namespace octet::dw {
extern const Kernels kKernelsAvx2;      // src/x86/avx2/dwconv_avx2.cc
extern const Kernels kKernelsAvx512bw;  // src/x86/avx512bw/dwconv_avx512bw.cc
// The VNNI sets: direct 3x3 kernels with vpdpwssd, prep/row kernels of
// kKernelsAvx2 (avxvnni) and kKernelsAvx512bw (avx512vnni).
extern const Kernels kKernelsAvxvnni;     // src/x86/avxvnni/dwconv_avxvnni.cc
extern const Kernels kKernelsAvx512vnni;  // src/x86/avx512vnni/dwconv_avx512vnni.cc
}  // namespace octet::dw

namespace octet::dwdot {
extern const Kernels kKernelsAvxvnni;     // src/x86/avxvnni/dwconv_x8s8_16c4_avxvnni.cc
extern const Kernels kKernelsAvx512vnni;  // src/x86/avx512vnni/dwconv_x8s8_16c4_avx512vnni.cc
}  // namespace octet::dwdot

namespace octet::gconv {
extern const Kernels kKernelsAvx2;  // src/x86/avx2/gconv_avx2.cc
extern const Kernels kKernelsAvx512vnni;  // src/x86/avx512vnni/gconv_x8s8_16g4_avx512vnni.cc
}  // namespace octet::gconv
