// The depthwise int16 family (dw::Kernels: prep, 3x3 / 5x5 / generic rows, and
// the direct 3x3 kernels) on every table this build has (test/dwconv/
// kernel_tables.h: x86 avx2, avx512bw, avxvnni, avx512vnni and the
// SIMDe-emulated VNNI direct kernels; AArch64 neon), through TableTester over
// the catalogue of test/dwconv/conv_cases.h; and the public API's choice of a
// depthwise path under every ISA cap of this CPU.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "test/dwconv/conv_cases.h"
#include "test/dwconv/conv_tester.h"
#include "test/dwconv/table_tester.h"

namespace octet::test {
namespace {

// Where a table has direct 3x3 kernels and the layer suits them (3x3,
// dilation 1, stride 1 or 2, multiplier 1 with C % 16 == 0 or multiplier 2
// with C % 8 == 0), the path must take them.
bool direct_layer(const ConvConfig& cfg) {
  const ref::ConvShape& s = cfg.shape;
  const size_t mult = s.K / s.C;
  return s.R == 3 && s.S == 3 && s.dil_h == 1 && s.dil_w == 1 && s.stride_h == s.stride_w &&
         (s.stride_h == 1 || s.stride_h == 2) && ((mult == 1 && s.C % 16 == 0) || (mult == 2 && s.C % 8 == 0));
}

const TableTester& dw_tester() {
  static const TableTester t(dw_tables(), [](const KernelTable& table, const ConvConfig& cfg) {
    return std::string(table.has_direct && direct_layer(cfg) ? "dwconv_3x3_direct" : "dwconv_");
  });
  return t;
}

class Dwconv : public FamilyTest {};
TEST_P(Dwconv, Cases) { run_on(dw_tester()); }
INSTANTIATE_TEST_SUITE_P(Catalogue, Dwconv, ::testing::ValuesIn(depthwise_case_sets(true)), case_set_name);
INSTANTIATE_TEST_SUITE_P(Direct3x3, Dwconv, ::testing::ValuesIn(direct_case_sets()), case_set_name);

// The tester itself must fail a path that gets one output byte wrong.
class CorruptingPath final : public ConvPath {
 public:
  explicit CorruptingPath(std::unique_ptr<ConvPath> inner) : inner_(std::move(inner)) {}
  const char* name() const override { return inner_->name(); }
  octet_isa isa() const override { return inner_->isa(); }
  size_t workspace_size(size_t N, size_t H, size_t W, size_t t) const override {
    return inner_->workspace_size(N, H, W, t);
  }
  void run(const ConvRunArgs& a) const override {
    inner_->run(a);
    static_cast<uint8_t*>(a.output)[0] ^= 1;
  }
  void run_thread(const ConvRunArgs& a, size_t t, size_t threads) const override {
    inner_->run_thread(a, t, threads);
    if (t == 0) static_cast<uint8_t*>(a.output)[0] ^= 1;
  }

 private:
  std::unique_ptr<ConvPath> inner_;
};

TEST(DwconvTester, CatchesAWrongByte) {
  if (!dw_tester().runnable()) GTEST_SKIP() << "this CPU runs no depthwise kernel table";
  std::vector<KernelTable> tables;
  for (KernelTable t : dw_tester().tables()) {
    const auto make = t.make;
    t.make = [make](const ConvConfig& cfg) -> std::unique_ptr<ConvPath> {
      return std::make_unique<CorruptingPath>(make(cfg));
    };
    tables.push_back(t);
  }
  const TableTester broken(tables, [](const KernelTable&, const ConvConfig&) { return std::string("dwconv_"); });
  testing::TestPartResultArray failures;
  bool ok = true;
  {
    testing::ScopedFakeTestPartResultReporter reporter(
        testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &failures);
    ok = broken.run(dw(24, 3, 3));
  }
  EXPECT_FALSE(ok);
  EXPECT_GT(failures.size(), 0);
  EXPECT_TRUE(dw_tester().run(dw(24, 3, 3)));
}

// Through the public API under every ISA cap this CPU has: a depthwise path
// (int16 or dot product) is taken and matches the scalar path.
TEST(DwconvApi, EveryCap) {
  ConvCase wide = dw(21, 5, 5);
  wide.w_zp_nonzero = true;  // w - w_zp beyond int8: the int16 family under every cap
  wide.mode = octet_requant_pytorch_qnnpack;
  for (const ConvCase& c : {dw(32, 3, 3), dw(16, 3, 3, 2), dw(20, 5, 5), dw(20, 7, 2), wide}) {
    for (octet_isa isa : kernel_isas()) ConvTester::run(c, isa, "dwconv_");
  }
}

}  // namespace
}  // namespace octet::test
