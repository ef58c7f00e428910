// The AArch64 kernel table (src/core/kernel_table.h): the ISA order, what each
// ISA needs of the CPU, and every microkernel by family. Adding a kernel is one
// row in its family's list (src/arm/gemm_kernels.h, src/arm/conv_kernels.h).
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

// The rows are the lists of src/arm/gemm_kernels.h and src/arm/conv_kernels.h.
using namespace arm;
const GemmKernel kGemm[] = {OCTET_ARM_GEMM_KERNELS(OCTET_GEMM_KERNEL_ROW)};
const dw::Kernels* const kDwconv[] = {OCTET_ARM_DWCONV_SETS(OCTET_KERNEL_SET_ROW)};
const dwdot::Kernels* const kDwconvDot[] = {OCTET_ARM_DWCONV_DOT_SETS(OCTET_KERNEL_SET_ROW)};

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
