// The AArch64 GEMM kernels the tests run: the whole table, each skipped where
// the (emulated) CPU lacks its ISA.
#include "src/arm/gemm_kernels.h"
#include "test/common/gemm_test_kernels.h"

namespace octet::test {

std::vector<TestKernel> arch_gemm_test_kernels() {
  size_t count = 0;
  const GemmKernel* ks = arm::gemm_kernels(&count);
  std::vector<TestKernel> out;
  for (size_t i = 0; i < count; ++i) out.push_back({ks[i], ks[i].isa, false});
  return out;
}

}  // namespace octet::test
