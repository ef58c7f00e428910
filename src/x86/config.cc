// The x86 kernel table (src/core/kernel_table.h): the ISA order, what each ISA
// needs of the CPU, and every microkernel by family. Adding a kernel is one
// row in its family's list (src/x86/gemm_kernels.h, src/x86/conv_kernels.h).
#include <cpuid.h>
#include <cpuinfo.h>

#include <iterator>

#include "src/core/kernel_table.h"
#include "src/x86/conv_kernels.h"
#include "src/x86/amx/amx_detect.h"
#include "src/x86/gemm_kernels.h"
#if defined(OCTET_EMULATED_ISAS)
#include "src/x86/emulated_table.h"
#endif

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
#if defined(OCTET_EMULATED_ISAS)
  // Their SIMDe copies need AVX2 only (src/x86/emulated_table.h).
  if (isa == octet_isa_avx512bw || isa == octet_isa_avxvnni || isa == octet_isa_avx512vnni || isa == octet_isa_amx) {
    return cpuinfo_has_x86_avx2();
  }
#endif
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

// The rows are the lists of src/x86/gemm_kernels.h and src/x86/conv_kernels.h.
// The emulated-ISA build takes the same lists with the SIMDe copies.
#if defined(OCTET_EMULATED_ISAS)
#define OCTET_X86_GEMM_ROW OCTET_X86_EMU_GEMM_ROW
#define OCTET_X86_SET_ROW OCTET_X86_EMU_SET_ROW
#else
#define OCTET_X86_GEMM_ROW OCTET_GEMM_KERNEL_ROW
#define OCTET_X86_SET_ROW OCTET_KERNEL_SET_ROW
#endif
using namespace x86;
const GemmKernel kGemm[] = {OCTET_X86_GEMM_KERNELS(OCTET_X86_GEMM_ROW)};
const dw::Kernels* const kDwconv[] = {OCTET_X86_DWCONV_SETS(OCTET_X86_SET_ROW)};
const dwdot::Kernels* const kDwconvDot[] = {OCTET_X86_DWCONV_DOT_SETS(OCTET_X86_SET_ROW)};
const gconv::Kernels* const kGconv[] = {OCTET_X86_GCONV_SETS(OCTET_X86_SET_ROW)};

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
