#include "test/x86/x86_kernels.h"

namespace octet::test {

std::vector<TestKernel> arch_gemm_test_kernels() { return x86_test_kernels(); }

}  // namespace octet::test
