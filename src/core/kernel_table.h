// The kernel table: every microkernel of one architecture, by family, with its
// ISA, and the one way src/core picks from it.
//
// Each architecture defines its table in one file (src/x86/config.cc,
// src/arm/config.cc, src/generic/config.cc; CMake compiles the one that
// matches the target). src/core never names an ISA or an architecture: a
// path asks a KernelSelector for "the best kernel of family F at or below cap
// C", and the selector falls back down the architecture's ISA order, so a
// family without a kernel for a new ISA keeps the best one below it.
#pragma once

#include <cstddef>

#include "octet/octet.h"

namespace octet {

struct GemmKernel;
namespace dw {
struct Kernels;
}
namespace dwdot {
struct Kernels;
}
namespace gconv {
struct Kernels;
}

// The rows of each family may come in any order; within one ISA, the order of
// the GEMM rows is the order of preference (src/core/kernel_select.cc).
struct KernelTable {
  const char* arch;             // "x86", "arm", "generic"
  const octet_isa* isas;        // this architecture's ISAs, best first, scalar excluded
  size_t isa_count;
  bool (*isa_detected)(octet_isa isa);  // CPU and OS support (cpuinfo initialised); never called for scalar
  const GemmKernel* gemm;       // dense GEMM microkernels (src/core/gemm_ukernel.h)
  size_t gemm_count;
  const dw::Kernels* const* dwconv;  // int16 depthwise (src/core/dwconv.h)
  size_t dwconv_count;
  const dwdot::Kernels* const* dwconv_dot;  // dot-product depthwise (src/core/dwconv_dot.h)
  size_t dwconv_dot_count;
  const gconv::Kernels* const* gconv;  // small-group convolution (src/core/smallgroup.h)
  size_t gconv_count;
};

// The table of the architecture this library was built for.
const KernelTable& arch_kernel_table();

// Picks kernels from a table for a cap, given which ISAs may run. Tests build
// one on a synthetic table or a pretend CPU; the library uses this_cpu().
class KernelSelector {
 public:
  using SupportedFn = bool (*)(octet_isa isa);
  KernelSelector(const KernelTable& table, SupportedFn supported) : t_(table), supported_(supported) {}
  // The architecture's table and this CPU (under no cap: callers pass theirs).
  static KernelSelector this_cpu();

  // Preference rank: scalar 0, the table's ISAs 1.. (best highest),
  // octet_isa_best above all, -1 for ISAs of other architectures.
  int rank(octet_isa isa) const;
  // The best ISA that may run, at or below cap (scalar when none).
  octet_isa best_isa_under(octet_isa cap) const;

  // The best exact GEMM kernel at or below cap for n output channels per
  // group, this input type and a per-tap reduction of kc bytes, or nullptr
  // (scalar only). Rows whose min_kc exceeds kc do not count: their ISA does
  // not pay on so short a reduction, and the best ISA below it is taken.
  // Within the chosen ISA: kernels that multiply the input as stored (no sign
  // flip) first, then the tile that wastes least on n.
  const GemmKernel* gemm(octet_isa cap, size_t n, bool input_s8, size_t kc) const;
  // The kernel to run instead of k on runs of fewer than k.min_m output
  // pixels: the best exact row of an ISA ranked below k's, at or below cap,
  // that reads k's packed panels (same nr, kr, weight and activation types),
  // or nullptr (k.min_m == 0, or no such row).
  const GemmKernel* gemm_few_rows(const GemmKernel& k, octet_isa cap) const;
  // The other exact row of k's ISA that reads k's packed panels with another
  // tile height (avx512vnni: 6x64 beside 7x64), or nullptr. The GEMM path
  // runs whichever of the two computes fewer padded rows on a run's pixels
  // (src/core/gemm_conv_path.h); both run at the same speed per computed row.
  const GemmKernel* gemm_other_rows(const GemmKernel& k, octet_isa cap) const;
  // The pair-limited GEMM kernel (GemmKernel::pair_abs_limit) of exactly this
  // ISA, or nullptr. It is a variant of that ISA's exact tiles, never a fallback.
  const GemmKernel* gemm_pair_limited(octet_isa isa) const;
  const dw::Kernels* dwconv(octet_isa cap) const;
  const dwdot::Kernels* dwconv_dot(octet_isa cap) const;
  const gconv::Kernels* gconv(octet_isa cap) const;

  // The ISA that introduced these prep/row depthwise kernels: the lowest ISA
  // whose dwconv row shares them (a higher ISA's row may reuse them and add
  // only its own direct kernels).
  octet_isa dwconv_row_isa(const dw::Kernels& k) const;
  // The same for small-group sets (a set may add its own dot kernels to a
  // lower ISA's int16 ones).
  octet_isa gconv_row_isa(const gconv::Kernels& k) const;

 private:
  bool usable(octet_isa isa, octet_isa cap) const;

  const KernelTable& t_;
  SupportedFn supported_;
};

}  // namespace octet
