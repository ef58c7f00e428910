// The macros that turn an architecture's kernel lists into declarations and
// kernel table rows, so that a kernel's row is written once
// (src/x86/gemm_kernels.h, src/x86/conv_kernels.h and their AArch64 twins).
//
// A GEMM list is an X-macro with one line per kernel:
//   X(name, mr, nr, kr, int16_weights, u8_activations, isa, pair_abs_limit, min_kc, min_m)
// (the fields of GemmKernel, src/core/gemm_ukernel.h; isa without its
// octet_isa_ prefix). A kernel set list has one line per set of a family:
//   X(family, set)   e.g. X(dw, kKernelsAvx2)
#pragma once

#include <cstddef>

#include "src/core/gemm_ukernel.h"

// The signature of every GEMM microkernel (GemmUkernelFn).
#define OCTET_GEMM_UKERNEL_DECL(name)                                                                       \
  void name(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, const void* w, void* c, \
            size_t cm_stride, const GemmParams* params)

// X callbacks of a GEMM list: the declaration, and the GemmKernel row.
#define OCTET_GEMM_KERNEL_DECLARE(name, mr, nr, kr, int16_weights, u8_activations, isa, pair_abs_limit, min_kc, \
                                  min_m)                                                                         \
  OCTET_GEMM_UKERNEL_DECL(name);
#define OCTET_GEMM_KERNEL_ROW(name, mr, nr, kr, int16_weights, u8_activations, isa, pair_abs_limit, min_kc, min_m) \
  {name, mr, nr, kr, int16_weights, u8_activations, octet_isa_##isa, #name, pair_abs_limit, min_kc, min_m},

// X callbacks of a kernel set list (inside namespace octet): the declaration,
// and the table's pointer to the set.
#define OCTET_KERNEL_SET_DECLARE(family, set) \
  namespace family {                          \
  extern const Kernels set;                   \
  }
#define OCTET_KERNEL_SET_ROW(family, set) &family::set,
