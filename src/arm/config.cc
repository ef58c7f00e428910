// The AArch64 kernel table (src/core/kernel_table.h): the ISA order, what each
// ISA needs of the CPU, and every microkernel by family. Adding a kernel is one
// row here.
#include <cpuinfo.h>

#include <iterator>

#if defined(__linux__)
#include <sys/auxv.h>
#endif

#include "src/arm/conv_kernels.h"
#include "src/arm/gemm_kernels.h"
#include "src/core/kernel_table.h"

namespace octet {

namespace {

const octet_isa kIsas[] = {octet_isa_neoni8mm, octet_isa_neondot, octet_isa_neon};

// i8mm (smmla/usmmla): this cpuinfo release has no flag for it; Linux reports
// it as HWCAP2_I8MM (bit 13 of AT_HWCAP2).
bool probe_i8mm() {
#if defined(__linux__)
  return (getauxval(AT_HWCAP2) & (1ul << 13)) != 0;
#else
  return false;
#endif
}

bool detected(octet_isa isa) {
  switch (isa) {
    case octet_isa_neon: return cpuinfo_has_arm_neon();
    case octet_isa_neondot: return cpuinfo_has_arm_neon_dot();
    case octet_isa_neoni8mm: return cpuinfo_has_arm_neon_dot() && probe_i8mm();
    default: return false;
  }
}

using namespace arm;

// u8act: the kernel multiplies u8 activations (s8 input gets its sign bit
// flipped, x_zp_eff = x_zp + 128); false: it multiplies s8 activations (u8
// input flipped, x_zp_eff = x_zp - 128). See src/core/gemm_ukernel.h. The
// selector prefers, within an ISA, the kernel that takes the input as stored.
//                 fn                          mr nr kr int16  u8act  isa
const GemmKernel kGemm[] = {
    {gemm_u8s8_4x24c8_neoni8mm, 4, 24, 8, false, true, octet_isa_neoni8mm, "gemm_u8s8_4x24c8_neoni8mm"},
    {gemm_s8s8_4x24c8_neoni8mm, 4, 24, 8, false, false, octet_isa_neoni8mm, "gemm_s8s8_4x24c8_neoni8mm"},
    {gemm_s8s8_4x16c4_neondot, 4, 16, 4, false, false, octet_isa_neondot, "gemm_s8s8_4x16c4_neondot"},
    {gemm_u8s8_8x8c1_neon, 8, 8, 1, false, true, octet_isa_neon, "gemm_u8s8_8x8c1_neon"},
};

// One NEON int16 set serves neondot and neoni8mm too (the selector's fallback).
const dw::Kernels* const kDwconv[] = {&dw::kKernelsNeon};
const dwdot::Kernels* const kDwconvDot[] = {&dwdot::kKernelsNeondot};

const KernelTable kTable = {"arm",   kIsas,        std::size(kIsas), detected,   kGemm,
                            std::size(kGemm), kDwconv, std::size(kDwconv), kDwconvDot, std::size(kDwconvDot),
                            nullptr, 0};

}  // namespace

const KernelTable& arch_kernel_table() { return kTable; }

namespace arm {

const GemmKernel* gemm_kernels(size_t* n) {
  *n = std::size(kGemm);
  return kGemm;
}

}  // namespace arm

}  // namespace octet
