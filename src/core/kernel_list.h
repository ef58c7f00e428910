// The macros that turn an architecture's kernel lists into declarations and
// kernel table rows, so that a kernel's row is written once
// (src/x86/gemm_kernels.h, src/x86/conv_kernels.h and their AArch64 twins).
//
// A GEMM list is an X-macro with one line per kernel:
//   X(name, mr, nr, kr, int16_weights, u8_activations, isa, pair_abs_limit, min_kc, min_m)
// (the fields of GemmKernel, src/core/gemm_ukernel.h; isa without its
// octet_isa_ prefix). The one field not in the line, fn_panels, comes from
// GemmPanelsOf<name> below: null but for the kernels a list names with
// OCTET_GEMM_PANELS_OF; strided_taps comes from the ISA (gemm_isa_strided_taps). A kernel set list has one line per set of a family:
//   X(family, set)   e.g. X(dw, kKernelsAvx2)
#pragma once

#include <cstddef>

#include "src/core/gemm_ukernel.h"

// The signature of every GEMM microkernel (GemmUkernelFn).
#define OCTET_GEMM_UKERNEL_DECL(name)                                                                       \
  void name(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, const void* w, void* c, \
            size_t cm_stride, const GemmParams* params)

// The signature of a multi-panel entry (GemmPanelsFn).
#define OCTET_GEMM_PANELS_DECL(name)                                                                        \
  void name(size_t mr, size_t n, size_t kc, size_t ks, const void* const* a, const void* w, size_t panel_stride, \
            void* c, size_t cm_stride, const GemmParams* params)

namespace octet {
// Whether the GEMM kernels of an ISA honour the strided-tile fields of
// GemmParams (GemmKernel::strided_taps): every x86 kernel below AMX is the
// driver of src/x86/gemm_driver.h, which does; AMX and AArch64 kernels do not.
constexpr bool gemm_isa_strided_taps(octet_isa isa) {
  return isa == octet_isa_avx2 || isa == octet_isa_avx512bw || isa == octet_isa_avxvnni ||
         isa == octet_isa_avx512vnni;
}

// A kernel's multi-panel entry (GemmKernel::fn_panels): none, unless the
// architecture's list specialises this for the kernel
// (OCTET_GEMM_PANELS_OF), so the rows keep their columns.
template <GemmUkernelFn F>
struct GemmPanelsOf {
  static constexpr GemmPanelsFn fn = nullptr;
};
}  // namespace octet

// At namespace scope: `kernel` (qualified) has the multi-panel entry `panels`.
#define OCTET_GEMM_PANELS_OF(kernel, panels)             \
  template <>                                            \
  struct octet::GemmPanelsOf<kernel> {                   \
    static constexpr ::octet::GemmPanelsFn fn = panels; \
  };

// X callbacks of a GEMM list: the declaration, and the GemmKernel row.
#define OCTET_GEMM_KERNEL_DECLARE(name, mr, nr, kr, int16_weights, u8_activations, isa, pair_abs_limit, min_kc, \
                                  min_m)                                                                         \
  OCTET_GEMM_UKERNEL_DECL(name);
#define OCTET_GEMM_KERNEL_ROW(name, mr, nr, kr, int16_weights, u8_activations, isa, pair_abs_limit, min_kc, min_m) \
  {name, mr, nr, kr, int16_weights, u8_activations, octet_isa_##isa, #name, pair_abs_limit, min_kc, min_m, \
   ::octet::GemmPanelsOf<name>::fn, ::octet::gemm_isa_strided_taps(octet_isa_##isa)},

// X callbacks of a kernel set list (inside namespace octet): the declaration,
// and the table's pointer to the set.
#define OCTET_KERNEL_SET_DECLARE(family, set) \
  namespace family {                          \
  extern const Kernels set;                   \
  }
#define OCTET_KERNEL_SET_ROW(family, set) &family::set,
