// The x86 kernel table (src/core/kernel_table.h): the ISA order, what each ISA
// needs of the CPU, and every microkernel by family. Adding a kernel is one
// row here.
#include <cpuid.h>
#include <cpuinfo.h>

#include <iterator>

#include "src/core/kernel_table.h"
#include "src/x86/conv_kernels.h"
#include "src/x86/amx/amx_detect.h"
#include "src/x86/gemm_kernels.h"

namespace octet {

namespace {

// Best first. amx has dense GEMM only: its other families fall back below it.
const octet_isa kIsas[] = {octet_isa_amx, octet_isa_avx512vnni, octet_isa_avxvnni, octet_isa_avx512bw,
                           octet_isa_avx2};

// AVX-VNNI (the VEX-encoded vpdpbusd on ymm): CPUID.(EAX=7,ECX=1):EAX bit 4.
// This cpuinfo release predates the flag, so we read it ourselves; ymm state
// being enabled by the OS is already implied by cpuinfo's AVX2 check.
bool probe_avxvnni() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid_count(7, 1, &a, &b, &c, &d)) return false;
  return ((a >> 4) & 1) != 0 && cpuinfo_has_x86_avx2();
}

bool avx512bw() { return cpuinfo_has_x86_avx512f() && cpuinfo_has_x86_avx512bw() && cpuinfo_has_x86_avx512vl(); }

bool detected(octet_isa isa) {
  switch (isa) {
    case octet_isa_avx2: return cpuinfo_has_x86_avx2();
    case octet_isa_avx512bw: return avx512bw();
    case octet_isa_avxvnni: return probe_avxvnni();
    case octet_isa_avx512vnni: return avx512bw() && cpuinfo_has_x86_avx512vnni();
    // AMX kernels finish in the AVX-512 output stage; the probe also asks
    // Linux for the tile data permission (src/x86/amx/amx_detect.h).
    case octet_isa_amx: return avx512bw() && cpuinfo_has_x86_avx512vnni() && x86::amx_available();
    default: return false;
  }
}

using namespace x86;

// Within an ISA the first exact row is its fastest tile per computed column;
// a pair-limited row (conditionally exact, see GemmKernel) sits beside the
// exact tile of the same shape.
//                 fn                            mr  nr  kr  int16  u8act  isa
const GemmKernel kGemm[] = {
    {gemm_u8s8_32x32c4_amx, 32, 32, 4, false, true, octet_isa_amx, "gemm_u8s8_32x32c4_amx"},
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

const dw::Kernels* const kDwconv[] = {&dw::kKernelsAvx512vnni, &dw::kKernelsAvxvnni, &dw::kKernelsAvx512bw,
                                      &dw::kKernelsAvx2};
const dwdot::Kernels* const kDwconvDot[] = {&dwdot::kKernelsAvx512vnni, &dwdot::kKernelsAvxvnni};
// The AVX-512 VNNI set adds the dot kernels to the AVX2 ones, which serve every
// other ISA (the fallback of the selector).
const gconv::Kernels* const kGconv[] = {&gconv::kKernelsAvx512vnni, &gconv::kKernelsAvx2};

const KernelTable kTable = {"x86",   kIsas,        std::size(kIsas), detected,   kGemm,
                            std::size(kGemm), kDwconv, std::size(kDwconv), kDwconvDot, std::size(kDwconvDot),
                            kGconv,  std::size(kGconv)};

}  // namespace

const KernelTable& arch_kernel_table() { return kTable; }

namespace x86 {

const GemmKernel* gemm_kernels(size_t* n) {
  *n = std::size(kGemm);
  return kGemm;
}

}  // namespace x86

}  // namespace octet
