// The AArch64 dot-product depthwise path (dwconv_dot_*, src/core/dwconv_dot.cc)
// against the reference, through the public C API, under the neondot cap
// (skipped where the CPU has no dot product, e.g. qemu -cpu cortex-a72).
// The cases are those of dot_cases.h. Every case also checks the path name,
// so that a pass cannot come from the int16 depthwise path; layers whose
// w - w_zp do not fit int8 must be declined and still come out exact from the
// int16 path.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test/dwconv/conv_tester.h"
#include "test/dwconv/dot_cases.h"

namespace octet::test {
namespace {

void run_dot(const ConvCase& c) { ConvTester::run(c, octet_isa_neondot, "dwconv_dot_"); }
void run_dot(const std::vector<ConvCase>& cases) {
  for (const ConvCase& c : cases) run_dot(c);
}

TEST(DwconvDot, Channels3x3) { run_dot(dot_channels3x3_cases()); }
TEST(DwconvDot, Channels5x5) { run_dot(dot_channels5x5_cases()); }
TEST(DwconvDot, Generic) { run_dot(dot_generic_cases()); }
TEST(DwconvDot, Geometry) { run_dot(dot_geometry_cases()); }
TEST(DwconvDot, Widths) { run_dot(dot_widths_cases(13)); }
TEST(DwconvDot, Multiplier) { run_dot(dot_multiplier_cases()); }
TEST(DwconvDot, InputZeroPoints) { run_dot(dot_input_zp_cases()); }
TEST(DwconvDot, Modes) { run_dot(dot_modes_cases()); }
TEST(DwconvDot, Saturation) { run_dot(dot_saturation_cases()); }
TEST(DwconvDot, BatchStridesThreads) { run_dot(dot_batch_cases()); }

// The dot path declines layers whose w - w_zp does not fit int8; the int16
// path takes them, exactly.
TEST(DwconvDot, WideWeightsFallBack) {
  for (const ConvCase& c : dot_wide_weight_cases()) {
    const char* neon_name = c.R == 3 && c.S == 3 ? "dwconv_3x3" : c.R == 5 && c.S == 5 ? "dwconv_5x5" : "dwconv_rxs";
    ConvTester::run(c, octet_isa_neondot, neon_name);
  }
}

void run_wzp(const WzpCase& t) {
  SCOPED_TRACE(testing::Message() << "C" << t.C << " " << t.R << "x" << t.S << " m" << t.mult << " in" << t.in_type
                                  << " xzp" << t.x_zp << " mode" << t.mode << " out" << t.out_type << " seed"
                                  << t.seed);
  if (!octet_isa_supported(octet_isa_neondot)) GTEST_SKIP() << "CPU lacks neondot";
  const WzpData d(t);
  const size_t H = WzpData::H, W = WzpData::W, K = d.K;
  ASSERT_EQ(octet_set_isa_cap(octet_isa_neondot), octet_status_success);
  octet_conv2d_t op = nullptr;
  ASSERT_EQ(octet_conv2d_create(&d.p, &op), octet_status_success) << octet_last_error();
  ASSERT_EQ(octet_set_isa_cap(octet_isa_scalar), octet_status_success);
  octet_conv2d_t ref = nullptr;
  ASSERT_EQ(octet_conv2d_create(&d.p, &ref), octet_status_success) << octet_last_error();
  octet_set_isa_cap(octet_isa_best);
  EXPECT_EQ(std::string(octet_conv2d_path(op)).rfind("dwconv_dot_", 0), 0u) << "path " << octet_conv2d_path(op);

  size_t OH = 0, OW = 0;
  ASSERT_EQ(octet_conv2d_output_size(op, H, W, &OH, &OW), octet_status_success);
  std::vector<uint8_t> got(OH * OW * K * d.es, 0x5A), want(got.size(), 0x5A);
  size_t wsz = 0;
  ASSERT_EQ(octet_conv2d_workspace_size(op, 1, H, W, 1, &wsz), octet_status_success);
  std::vector<uint8_t> wsbuf(wsz + 1);
  ASSERT_EQ(octet_conv2d_run(op, 1, H, W, d.x.data(), t.C, got.data(), K, wsbuf.data(), wsz, nullptr),
            octet_status_success)
      << octet_last_error();
  ASSERT_EQ(octet_conv2d_workspace_size(ref, 1, H, W, 1, &wsz), octet_status_success);
  wsbuf.assign(wsz + 1, 0);
  ASSERT_EQ(octet_conv2d_run(ref, 1, H, W, d.x.data(), t.C, want.data(), K, wsbuf.data(), wsz, nullptr),
            octet_status_success);
  size_t bad = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    if (got[i] != want[i] && bad++ < 5) ADD_FAILURE() << "byte " << i << ": got " << int(got[i]) << ", want " << int(want[i]);
  }
  EXPECT_EQ(bad, 0u);
  octet_conv2d_destroy(op);
  octet_conv2d_destroy(ref);
}

TEST(DwconvDot, WeightZeroPoints) {
  for (const WzpCase& t : dot_wzp_cases()) run_wzp(t);
}

// Dispatch: under neondot and neoni8mm a qualifying layer runs the dot path,
// under neon it does not.
TEST(DwconvDot, Dispatch) {
  ConvCase c = dw(32, 3, 3);
  ConvTester::run(c, octet_isa_neoni8mm, "dwconv_dot_3x3");
  ConvTester::run(c, octet_isa_neondot, "dwconv_dot_3x3");
  ConvTester::run(c, octet_isa_neon, "dwconv_3x3");
  c = dw(20, 5, 5);
  ConvTester::run(c, octet_isa_neondot, "dwconv_dot_5x5");
  c = dw(20, 7, 2);
  ConvTester::run(c, octet_isa_neondot, "dwconv_dot_rxs");
}

}  // namespace
}  // namespace octet::test
