// The GEMM microkernels the tests of this build run: every kernel of the
// architecture's table, and on x86 the SIMDe-emulated copies of the kernels
// whose ISA the CPU may lack. Defined once per architecture
// (test/x86/x86_kernels.cc, test/arm/arm_kernels.cc).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "octet/octet.h"
#include "src/core/gemm_ukernel.h"

namespace octet::test {

struct TestKernel {
  GemmKernel kernel;
  octet_isa needs;  // the ISA this CPU must have to run it
  bool emulated;
  std::string label() const { return std::string(kernel.name) + (emulated ? "_emu" : ""); }
};

// gtest prints parameters in test names and ctest listings: the label, not bytes.
inline void PrintTo(const TestKernel& k, std::ostream* os) { *os << k.label(); }

std::vector<TestKernel> arch_gemm_test_kernels();

}  // namespace octet::test
