// The x86 kernel table of the emulated-ISA build (config.cc compiled with
// OCTET_EMULATED_ISAS, only by the fuzzer's octet-fuzz-conv2d-emu,
// fuzz/CMakeLists.txt): every row of avx512bw, avxvnni, avx512vnni and amx
// points to its SIMDe copy (the kernel file compiled again with AVX2 flags
// and OCTET_GEMM_EMULATE, src/x86/emulation.h; AMX on the software tile file)
// and those ISAs count as present wherever AVX2 is, so the whole operator
// path runs them on any AVX2 CPU. The library never defines OCTET_EMULATED_ISAS.
//
// A new GEMM row needs nothing here (its file gets the _emu copy by naming
// its kernel with OCTET_X86_GEMM_KERNEL). A new depthwise or small-group set
// needs its line below: without it the emulated build fails to compile.
#pragma once

#include "src/core/kernel_list.h"
#include "src/core/smallgroup.h"
#include "src/x86/conv_kernels.h"
#include "src/x86/gemm_kernels.h"

// The function of a GEMM row in this build: AVX2 rows are native (the
// emulation's own flags), the others their _emu copies.
#define OCTET_X86_EMU_FN_amx(name) name##_emu
#define OCTET_X86_EMU_FN_avx512vnni(name) name##_emu
#define OCTET_X86_EMU_FN_avxvnni(name) name##_emu
#define OCTET_X86_EMU_FN_avx512bw(name) name##_emu
#define OCTET_X86_EMU_FN_avx2(name) name
#define OCTET_X86_EMU_GEMM_DECLARE(name, mr, nr, kr, int16_weights, u8_activations, isa, pair_abs_limit, min_kc, \
                                   min_m)                                                                         \
  OCTET_GEMM_UKERNEL_DECL(name##_emu);
#define OCTET_X86_EMU_GEMM_ROW(name, mr, nr, kr, int16_weights, u8_activations, isa, pair_abs_limit, min_kc, min_m) \
  {OCTET_X86_EMU_FN_##isa(name), mr, nr, kr, int16_weights, u8_activations, octet_isa_##isa, #name,               \
   pair_abs_limit, min_kc, min_m, ::octet::GemmPanelsOf<OCTET_X86_EMU_FN_##isa(name)>::fn,                 \
   ::octet::gemm_isa_strided_taps(octet_isa_##isa)},

// The set of a kernel-set row (OCTET_X86_*_SETS) in this build.
#define OCTET_X86_EMU_SET_ROW(family, set) OCTET_X86_EMU_SET_##family##_##set
#define OCTET_X86_EMU_SET_dw_kKernelsAvx512vnni &dw::kKernelsAvx512vnni_emu,
#define OCTET_X86_EMU_SET_dw_kKernelsAvxvnni &dw::kKernelsAvxvnni_emu,
// No copy: its prep/row kernels are xsimd::avx512bw batches, which do not
// build with AVX2 flags. The avx512bw cap falls back to the AVX2 set (the
// primitives are tested under SIMDe: test/dwconv/dwconv_avx512_emulated_test.cc).
#define OCTET_X86_EMU_SET_dw_kKernelsAvx512bw
#define OCTET_X86_EMU_SET_dw_kKernelsAvx2 &dw::kKernelsAvx2,
#define OCTET_X86_EMU_SET_dwdot_kKernelsAvx512vnni &dwdot::kKernelsAvx512vnni_emu,
#define OCTET_X86_EMU_SET_dwdot_kKernelsAvxvnni &dwdot::kKernelsAvxvnni_emu,
#define OCTET_X86_EMU_SET_gconv_kKernelsAvx512vnni &gconv::kKernelsAvx512vnni_emu,
#define OCTET_X86_EMU_SET_gconv_kKernelsAvx2 &gconv::kKernelsAvx2,

namespace octet {

namespace x86 {
// Declared for every row; only those of emulated ISAs are referenced.
OCTET_X86_GEMM_KERNELS(OCTET_X86_EMU_GEMM_DECLARE)
}  // namespace x86
}  // namespace octet
OCTET_X86_GEMM_PANELS(OCTET_X86_PANELS_EMU_DECLARE)
namespace octet {

namespace dw {
extern const Kernels kKernelsAvx512vnni_emu, kKernelsAvxvnni_emu;  // direct kernels beside AVX2's prep/row ones
}  // namespace dw
namespace dwdot {
extern const Kernels kKernelsAvx512vnni_emu, kKernelsAvxvnni_emu;
}  // namespace dwdot

namespace gconv {
void gconv_x8s8_prep_16g4_avx512vnni_emu(const PrepArgs&);
void gconv_x8s8_16g4_avx512vnni_emu(const RowArgs&);
// The AVX2 set with the dot kernels' copies added, as the real set is built
// (src/x86/avx512vnni/gconv_x8s8_16g4_avx512vnni.cc); kKernelsAvx2 is
// constant-initialised, so this dynamic copy may read it.
inline const Kernels kKernelsAvx512vnni_emu = [] {
  Kernels k = kKernelsAvx2;
  k.isa = octet_isa_avx512vnni;
  k.prep_dot = gconv_x8s8_prep_16g4_avx512vnni_emu;
  k.row_dot = gconv_x8s8_16g4_avx512vnni_emu;
  return k;
}();
}  // namespace gconv

}  // namespace octet
