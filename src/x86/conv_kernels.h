// The x86 depthwise, dot-product depthwise and small-group kernel sets, one
// row each, X(family, set) (src/core/kernel_list.h): the row declares the set
// here and is its row of the kernel table (src/x86/config.cc), whose tests
// take every set from the table (test/dwconv/kernel_tables.cc). A set is
// defined in src/x86/<isa>/ (named in the row's comment). The GEMM
// microkernels are listed in src/x86/gemm_kernels.h.
#pragma once

#include "src/core/dwconv.h"
#include "src/core/dwconv_dot.h"
#include "src/core/kernel_list.h"
#include "src/core/smallgroup.h"

// The VNNI int16 sets are direct 3x3 kernels with vpdpwssd and the prep/row
// kernels of kKernelsAvx2 (avxvnni) and kKernelsAvx512bw (avx512vnni).
#define OCTET_X86_DWCONV_SETS(X)      \
  X(dw, kKernelsAvx512vnni) /* avx512vnni/dwconv_avx512vnni.cc */ \
  X(dw, kKernelsAvxvnni)    /* avxvnni/dwconv_avxvnni.cc */       \
  X(dw, kKernelsAvx512bw)   /* avx512bw/dwconv_avx512bw.cc */     \
  X(dw, kKernelsAvx2)       /* avx2/dwconv_avx2.cc */
#define OCTET_X86_DWCONV_DOT_SETS(X)                                       \
  X(dwdot, kKernelsAvx512vnni) /* avx512vnni/dwconv_x8s8_16c4_avx512vnni.cc */ \
  X(dwdot, kKernelsAvxvnni)    /* avxvnni/dwconv_x8s8_16c4_avxvnni.cc */
// The AVX-512 VNNI set adds the dot kernels to the AVX2 ones, which serve
// every other ISA (the fallback of the selector).
#define OCTET_X86_GCONV_SETS(X)                                                  \
  X(gconv, kKernelsAvx512vnni) /* avx512vnni/gconv_x8s8_16g4_avx512vnni.cc */ \
  X(gconv, kKernelsAvx2)       /* avx2/gconv_avx2.cc */

namespace octet {
OCTET_X86_DWCONV_SETS(OCTET_KERNEL_SET_DECLARE)
OCTET_X86_DWCONV_DOT_SETS(OCTET_KERNEL_SET_DECLARE)
OCTET_X86_GCONV_SETS(OCTET_KERNEL_SET_DECLARE)
}  // namespace octet
