// octet-fuzz-conv2d-emu only: before the first input, makes sure the kernel
// table linked is the emulated one (src/x86/emulated_table.h) and not the
// library's, which a change of link order could bring back silently: every
// GEMM row of an emulated ISA must be its _emu copy (and its multi-panel
// entry, where it has one, the _emu one), and every emulated ISA
// must count as present. Otherwise the run stops here.
#include <cstddef>
#include <cstdio>
#include <cstdlib>

#include "octet/octet.h"
#include "src/x86/emulated_table.h"

#define OCTET_FUZZ_EXPECTED_FN(name, mr, nr, kr, int16_weights, u8_activations, isa, pair_abs_limit, min_kc, min_m) \
  OCTET_X86_EMU_FN_##isa(name),
#define OCTET_FUZZ_EXPECTED_PANELS(name, mr, nr, kr, int16_weights, u8_activations, isa, pair_abs_limit, min_kc, \
                                   min_m)                                                                         \
  ::octet::GemmPanelsOf<OCTET_X86_EMU_FN_##isa(name)>::fn,

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  using namespace octet::x86;
  const octet::GemmUkernelFn expected[] = {OCTET_X86_GEMM_KERNELS(OCTET_FUZZ_EXPECTED_FN)};
  const octet::GemmPanelsFn expected_panels[] = {OCTET_X86_GEMM_KERNELS(OCTET_FUZZ_EXPECTED_PANELS)};
  size_t count = 0;
  const octet::GemmKernel* rows = gemm_kernels(&count);
  bool ok = count == sizeof(expected) / sizeof(expected[0]) && octet_initialize() == octet_status_success;
  for (size_t i = 0; ok && i < count; ++i) ok = rows[i].fn == expected[i] && rows[i].fn_panels == expected_panels[i];
  for (octet_isa isa : {octet_isa_avx512bw, octet_isa_avxvnni, octet_isa_avx512vnni, octet_isa_amx}) {
    ok = ok && octet_isa_supported(isa);
  }
  if (!ok) {
    std::fprintf(stderr, "octet-fuzz-conv2d-emu: the kernel table is not the emulated one (or this CPU lacks AVX2)\n");
    std::exit(1);
  }
  std::fprintf(stderr, "octet-fuzz-conv2d-emu: %zu GEMM rows; avx512bw, avxvnni, avx512vnni and amx emulated\n", count);
  return 0;
}
