// The kernel sets of the depthwise and small-group families (dw::Kernels:
// int16 prep/row and direct 3x3 kernels; dwdot::Kernels: byte dot-product
// kernels; gconv::Kernels: small-group kernels) that the tests of this build
// run, each through its path factory (make_dwconv_path_with,
// make_dwconv_dot_path_with, make_smallgroup_path_with): every set of the
// architecture's kernel table and, on x86, sets of SIMDe-emulated kernels
// (src/x86/emulation.h) for ISAs the CPU may lack. Defined in
// kernel_tables.cc; a table whose `needs` the CPU lacks is skipped.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "octet/octet.h"
#include "src/core/conv_config.h"

namespace octet::test {

struct KernelTable {
  std::string label;
  octet_isa needs;    // the ISA the CPU must have to run the table's kernels
  octet_isa reports;  // the ISA a path reports when it runs this table's own kernels
  std::function<std::unique_ptr<ConvPath>(const ConvConfig&)> make;
  // The kernel functions a path of this name runs: a table whose functions
  // for a case equal those of a table already run (the VNNI dw tables reuse
  // the AVX2 / AVX-512BW prep and row kernels) is not run again.
  std::function<std::vector<uintptr_t>(const std::string& path_name)> kernels;
  bool has_direct = false;  // dw: direct 3x3 kernels (the path must take them where they apply)
};

std::vector<KernelTable> dw_tables();
std::vector<KernelTable> dot_tables();
std::vector<KernelTable> gconv_tables();
// The small-group sets with byte-quad (vpdpbusd) kernels (gconv::Kernels::row_dot).
std::vector<KernelTable> gconv_dot_tables();

}  // namespace octet::test
