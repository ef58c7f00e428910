// The AVX-VNNI and AVX-512 VNNI direct 3x3 depthwise kernels (vpdpwssd),
// compiled a second time under SIMDe with AVX2 flags (src/x86/emulation.h, the
// octet_x86_emulated_kernels library of test/x86), run through the depthwise
// path (make_dwconv_path_with) against the reference, byte for byte, over the
// edge cases of the AVX2 direct tests in dwconv_test.cc: channel blocks,
// multiplier 2, strides 1 and 2 (the second row of a stride-2 pair included),
// paddings, widths 1..20, u8/s8 input, zero points, every requantization mode
// and output type, batches, pixel strides and threads. The native AVX2 direct
// kernels run through the same harness, as its own check. Every buffer sits
// against a guard page (both placements).
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "octet/octet.h"
#include "src/core/dwconv.h"
#include "src/core/dwconv_path.h"
#include "src/x86/conv_kernels.h"
#include "test/dwconv/conv_tester.h"
#include "test/dwconv/direct_cases.h"
#include "test/dwconv/path_check.h"

namespace octet::dw {
void dwconv_3x3s1_direct_avxvnni_emu(const DirectArgs& a);
void dwconv_3x3s2_direct_avxvnni_emu(const DirectArgs& a);
void dwconv_3x3s2b_direct_avxvnni_emu(const DirectArgs& a);
void dwconv_3x3s1_direct_avx512vnni_emu(const DirectArgs& a);
void dwconv_3x3s2_direct_avx512vnni_emu(const DirectArgs& a);
void dwconv_3x3s2b_direct_avx512vnni_emu(const DirectArgs& a);
}  // namespace octet::dw

namespace octet::test {
namespace {

struct Table {
  const char* label;
  dw::Kernels k;
};

// The direct kernels under test; the prep/row entries (never taken by these
// shapes) are the AVX2 ones, which this CPU runs.
std::vector<Table> tables() {
  dw::Kernels vnni = dw::kKernelsAvx2;
  vnni.isa = octet_isa_avxvnni;
  vnni.direct_3x3_s1 = dw::dwconv_3x3s1_direct_avxvnni_emu;
  vnni.direct_3x3_s2 = dw::dwconv_3x3s2_direct_avxvnni_emu;
  vnni.direct_3x3_s2b = dw::dwconv_3x3s2b_direct_avxvnni_emu;
  dw::Kernels vnni512 = dw::kKernelsAvx2;
  vnni512.isa = octet_isa_avx512vnni;
  vnni512.direct_3x3_s1 = dw::dwconv_3x3s1_direct_avx512vnni_emu;
  vnni512.direct_3x3_s2 = dw::dwconv_3x3s2_direct_avx512vnni_emu;
  vnni512.direct_3x3_s2b = dw::dwconv_3x3s2b_direct_avx512vnni_emu;
  return {{"avx2", dw::kKernelsAvx2}, {"avxvnni_emu", vnni}, {"avx512vnni_emu", vnni512}};
}

void run_case(const ConvCase& c) {
  SCOPED_TRACE(c.str());
  const ConvData d(c);
  const PathCheck check(d.p, d.x, c.N, c.H, c.W, d.ips, d.ops, d.es, c.threads);
  ASSERT_TRUE(check.ok());
  for (const Table& t : tables()) {
    SCOPED_TRACE(t.label);
    std::unique_ptr<ConvPath> path = make_dwconv_path_with(check.cfg(), t.k);
    ASSERT_NE(path, nullptr);
    // The direct kernels must be the ones taken, reported under the table's ISA.
    ASSERT_STREQ(path->name(), "dwconv_3x3_direct");
    EXPECT_EQ(path->isa(), t.k.isa);
    check.run(*path);  // the other tables still run after a mismatch
  }
}

class DwconvVnniEmulated : public ::testing::Test {
 protected:
  void SetUp() override {
    octet_initialize();
    if (!octet_isa_supported(octet_isa_avx2)) GTEST_SKIP() << "the emulated kernels need AVX2";
  }
};

// The cases of direct_cases.h, widths 1..20; the first failing case is enough.
TEST_F(DwconvVnniEmulated, Geometry) {
  std::vector<size_t> widths;
  for (size_t W = 1; W <= 20; ++W) widths.push_back(W);
  for (const ConvCase& c : direct_geometry_cases(4000, widths, {1, 2, 5})) {
    run_case(c);
    if (HasFailure()) return;
  }
}

TEST_F(DwconvVnniEmulated, Multiplier2) {
  for (const ConvCase& c : direct_mult2_cases(4300, {1, 2, 3, 5, 8, 13, 17})) {
    run_case(c);
    if (HasFailure()) return;
  }
}

TEST_F(DwconvVnniEmulated, Modes) {
  for (const ConvCase& c : direct_modes_cases(4500)) {
    run_case(c);
    if (HasFailure()) return;
  }
}

TEST_F(DwconvVnniEmulated, BatchStridesThreads) {
  for (const ConvCase& c : direct_batch_cases(4800)) {
    run_case(c);
    if (HasFailure()) return;
  }
}

}  // namespace
}  // namespace octet::test
