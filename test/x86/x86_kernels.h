// The kernels the x86 tests run: every real kernel of src/x86 (run only when
// this CPU has its ISA) and, for each row of the GEMM list whose ISA this CPU
// may lack, its SIMDe-emulated copy (run wherever AVX2 is available). The
// copies are the kernel files compiled again under SIMDe with an _emu suffix
// (src/x86/CMakeLists.txt, src/x86/emulation.h): a new row of those ISAs is
// tested emulated with no line here.
#pragma once

#include <vector>

#include "src/core/gemm_ukernel.h"
#include "src/x86/gemm_kernels.h"
#include "test/common/gemm_test_kernels.h"

// The emulated copy of a kernel of each ISA; AVX2, the emulation's own flags,
// has none. AMX copies run on the software tile file (src/x86/amx/tile_emu.h).
#define OCTET_X86_EMULATED_amx(name) name##_emu
#define OCTET_X86_EMULATED_avx512vnni(name) name##_emu
#define OCTET_X86_EMULATED_avxvnni(name) name##_emu
#define OCTET_X86_EMULATED_avx512bw(name) name##_emu
#define OCTET_X86_EMULATED_avx2(name) nullptr

#define OCTET_X86_EMULATED_DECLARE(name, mr, nr, kr, int16_weights, u8_activations, isa, pair_abs_limit, \
                                   min_kc, min_m)                                                   \
  OCTET_GEMM_UKERNEL_DECL(name##_emu);
#define OCTET_X86_EMULATED_PAIR(name, mr, nr, kr, int16_weights, u8_activations, isa, pair_abs_limit, \
                                   min_kc, min_m)                                                   \
  {name, OCTET_X86_EMULATED_##isa(name), ::octet::GemmPanelsOf<OCTET_X86_EMULATED_##isa(name)>::fn},

namespace octet::x86 {
// Declared for every row; only those of emulated ISAs are referenced.
OCTET_X86_GEMM_KERNELS(OCTET_X86_EMULATED_DECLARE)
}  // namespace octet::x86
OCTET_X86_GEMM_PANELS(OCTET_X86_PANELS_EMU_DECLARE)

namespace octet::test {

inline std::vector<TestKernel> x86_test_kernels() {
  std::vector<TestKernel> out;
  size_t count = 0;
  const GemmKernel* ks = x86::gemm_kernels(&count);
  for (size_t i = 0; i < count; ++i) out.push_back({ks[i], ks[i].isa, false});
  // Each emulated kernel beside the real one it copies.
  using namespace x86;
  struct Emulated {
    GemmUkernelFn real, emu;
    GemmPanelsFn emu_panels;
  };
  const Emulated emulated[] = {OCTET_X86_GEMM_KERNELS(OCTET_X86_EMULATED_PAIR)};
  for (size_t i = 0; i < count; ++i) {
    for (const auto& e : emulated) {
      if (ks[i].fn != e.real || e.emu == nullptr) continue;
      GemmKernel k = ks[i];
      k.fn = e.emu;
      k.fn_panels = e.emu_panels;
      out.push_back({k, octet_isa_avx2, true});
    }
  }
  return out;
}

}  // namespace octet::test
