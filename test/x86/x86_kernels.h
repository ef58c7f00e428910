// The kernels the x86 tests run: every real kernel of src/x86 (run only when
// this CPU has its ISA) and the SIMDe-emulated copies of the AVX-512 and
// AVX-VNNI kernels (run wherever AVX2 is available).
#pragma once

#include <vector>

#include "src/core/gemm_ukernel.h"
#include "src/x86/gemm_kernels.h"
#include "test/common/gemm_test_kernels.h"

namespace octet::x86 {
OCTET_GEMM_UKERNEL_DECL(gemm_u8s8_8x32c4_avx512bw_emu);
OCTET_GEMM_UKERNEL_DECL(gemm_u8s8_4x64c4_avx512bw_emu);
OCTET_GEMM_UKERNEL_DECL(gemm_u8s8_6x16c4_avxvnni_emu);
OCTET_GEMM_UKERNEL_DECL(gemm_u8s8_4x24c4_avxvnni_emu);
OCTET_GEMM_UKERNEL_DECL(gemm_u8s8_8x32c4_avx512vnni_emu);
OCTET_GEMM_UKERNEL_DECL(gemm_u8s8_6x64c4_avx512vnni_emu);
OCTET_GEMM_UKERNEL_DECL(gemm_u8s8_32x32c4_amx_emu);
}  // namespace octet::x86

namespace octet::test {

inline std::vector<TestKernel> x86_test_kernels() {
  std::vector<TestKernel> out;
  size_t count = 0;
  const GemmKernel* ks = x86::gemm_kernels(&count);
  for (size_t i = 0; i < count; ++i) out.push_back({ks[i], ks[i].isa, false});
  // Each emulated kernel beside the real one it copies.
  const GemmUkernelFn emulated[][2] = {
      {x86::gemm_u8s8_8x32c4_avx512bw, x86::gemm_u8s8_8x32c4_avx512bw_emu},
      {x86::gemm_u8s8_4x64c4_avx512bw, x86::gemm_u8s8_4x64c4_avx512bw_emu},
      {x86::gemm_u8s8_6x16c4_avxvnni, x86::gemm_u8s8_6x16c4_avxvnni_emu},
      {x86::gemm_u8s8_4x24c4_avxvnni, x86::gemm_u8s8_4x24c4_avxvnni_emu},
      {x86::gemm_u8s8_8x32c4_avx512vnni, x86::gemm_u8s8_8x32c4_avx512vnni_emu},
      {x86::gemm_u8s8_6x64c4_avx512vnni, x86::gemm_u8s8_6x64c4_avx512vnni_emu},
      {x86::gemm_u8s8_32x32c4_amx, x86::gemm_u8s8_32x32c4_amx_emu},  // on the software tile file
  };
  for (size_t i = 0; i < count; ++i) {
    for (const auto& e : emulated) {
      if (ks[i].fn != e[0]) continue;
      GemmKernel k = ks[i];
      k.fn = e[1];
      out.push_back({k, octet_isa_avx2, true});
    }
  }
  return out;
}

}  // namespace octet::test
