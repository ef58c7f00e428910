#include "src/x86/gemm_kernels.h"

namespace octet::x86 {

namespace {

//                 fn                            mr  nr  kr  int16  u8act  isa
const GemmKernel kKernels[] = {
    {gemm_u8s8_6x64c4_avx512vnni, 6, 64, 4, false, true, octet_isa_avx512vnni, "gemm_u8s8_6x64c4_avx512vnni"},
    {gemm_u8s8_8x32c4_avx512vnni, 8, 32, 4, false, true, octet_isa_avx512vnni, "gemm_u8s8_8x32c4_avx512vnni"},
    {gemm_u8s8_6x16c4_avxvnni, 6, 16, 4, false, true, octet_isa_avxvnni, "gemm_u8s8_6x16c4_avxvnni"},
    {gemm_u8s8_4x24c4_avxvnni, 4, 24, 4, false, true, octet_isa_avxvnni, "gemm_u8s8_4x24c4_avxvnni"},
    {gemm_u8s8_4x64c4_avx512bw, 4, 64, 4, true, true, octet_isa_avx512bw, "gemm_u8s8_4x64c4_avx512bw"},
    {gemm_u8s8_8x32c4_avx512bw, 8, 32, 4, true, true, octet_isa_avx512bw, "gemm_u8s8_8x32c4_avx512bw"},
    {gemm_u8s8_3x32c4_avx2_maddubs, 3, 32, 4, false, true, octet_isa_avx2, "gemm_u8s8_3x32c4_avx2_maddubs", 128},
    {gemm_u8s8_3x32c4_avx2, 3, 32, 4, true, true, octet_isa_avx2, "gemm_u8s8_3x32c4_avx2"},
    {gemm_u8s8_4x24c4_avx2, 4, 24, 4, true, true, octet_isa_avx2, "gemm_u8s8_4x24c4_avx2"},
};

}  // namespace

const GemmKernel* gemm_kernels(size_t* count) {
  *count = sizeof(kKernels) / sizeof(kKernels[0]);
  return kKernels;
}

const GemmKernel* gemm_kernel_for_isa(octet_isa isa) {
  for (const GemmKernel& k : kKernels) {
    if (k.isa == isa && k.pair_abs_limit == 0) return &k;
  }
  return nullptr;
}

const GemmKernel* gemm_kernel_for_isa(octet_isa isa, size_t n) {
  // Throughput per useful column relative to the ISA's first exact kernel
  // (measured on Zen 3: 4x24 runs at about 0.93 of 3x32 per computed column).
  const GemmKernel* best = nullptr;
  double best_cost = 0;
  for (const GemmKernel& k : kKernels) {
    if (k.isa != isa || k.pair_abs_limit != 0) continue;
    const double speed = best == nullptr ? 1.0 : 0.93;
    const double cost = static_cast<double>((n + k.nr - 1) / k.nr * k.nr) / speed;
    if (best == nullptr || cost < best_cost) {
      best = &k;
      best_cost = cost;
    }
  }
  return best;
}

const GemmKernel* gemm_pair_limited_kernel_for_isa(octet_isa isa) {
  for (const GemmKernel& k : kKernels) {
    if (k.isa == isa && k.pair_abs_limit != 0) return &k;
  }
  return nullptr;
}

}  // namespace octet::x86
