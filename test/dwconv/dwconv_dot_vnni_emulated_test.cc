// The x86 dot-product depthwise kernels (vpdpbusd; AVX-VNNI ymm and AVX-512
// VNNI zmm), compiled a second time under SIMDe with AVX2 flags
// (src/x86/emulation.h, the octet_x86_emulated_kernels library of test/x86),
// run through the dot path (make_dwconv_dot_path_with) against the reference,
// byte for byte, over the cases of dot_cases.h (shared with the AArch64 test):
// channel tails, 3x3 / 5x5 / generic R x S, strides, dilations, paddings,
// widths 1..20, multipliers, u8/s8 input, input and weight zero points, every
// requantization mode and output type, batches, pixel strides, threads. Every
// buffer sits against a guard page (both placements); the bytes between
// output pixels must stay untouched.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "octet/octet.h"
#include "src/api/conv2d_validate.h"
#include "src/core/dwconv_dot.h"
#include "src/core/isa.h"
#include "test/dwconv/conv_tester.h"
#include "test/dwconv/dot_cases.h"
#include "test/dwconv/path_check.h"

namespace octet::dwdot {
void dwconv_x8s8_prep4_avxvnni_emu(const PrepArgs& p);
void dwconv_x8s8_3x3_avxvnni_emu(const RowArgs& a);
void dwconv_x8s8_5x5_avxvnni_emu(const RowArgs& a);
void dwconv_x8s8_rxs_avxvnni_emu(const RowArgs& a);
void dwconv_x8s8_prep4_avx512vnni_emu(const PrepArgs& p);
void dwconv_x8s8_3x3_avx512vnni_emu(const RowArgs& a);
void dwconv_x8s8_5x5_avx512vnni_emu(const RowArgs& a);
void dwconv_x8s8_rxs_avx512vnni_emu(const RowArgs& a);
}  // namespace octet::dwdot

namespace octet::test {
namespace {

struct Table {
  const char* label;
  dwdot::Kernels k;
};

std::vector<Table> tables() {
  using namespace dwdot;
  return {{"avxvnni_emu",
           {dwconv_x8s8_prep4_avxvnni_emu, dwconv_x8s8_3x3_avxvnni_emu, dwconv_x8s8_5x5_avxvnni_emu,
            dwconv_x8s8_rxs_avxvnni_emu, octet_isa_avxvnni, true}},
          {"avx512vnni_emu",
           {dwconv_x8s8_prep4_avx512vnni_emu, dwconv_x8s8_3x3_avx512vnni_emu, dwconv_x8s8_5x5_avx512vnni_emu,
            dwconv_x8s8_rxs_avx512vnni_emu, octet_isa_avx512vnni, true}}};
}

std::string expected_name(size_t R, size_t S) {
  if (R == 3 && S == 3) return "dwconv_dot_3x3";
  if (R == 5 && S == 5) return "dwconv_dot_5x5";
  return "dwconv_dot_rxs";
}

// The operator p on N x H x W pixels x (pixel strides ips in, ops out, es
// bytes per output element) through the dot path of every table.
void run_params(const octet_conv2d_params& p, const std::vector<uint8_t>& x, size_t N, size_t H, size_t W,
                size_t ips, size_t ops, size_t es, size_t threads) {
  const PathCheck check(p, x, N, H, W, ips, ops, es, threads);
  ASSERT_TRUE(check.ok());
  for (const Table& t : tables()) {
    SCOPED_TRACE(t.label);
    std::unique_ptr<ConvPath> path = make_dwconv_dot_path_with(check.cfg(), t.k);
    ASSERT_NE(path, nullptr);
    EXPECT_EQ(std::string(path->name()), expected_name(check.cfg().shape.R, check.cfg().shape.S));
    EXPECT_EQ(path->isa(), t.k.isa);
    check.run(*path);  // the other table still runs after a mismatch
  }
}

void run_case(const ConvCase& c) {
  SCOPED_TRACE(c.str());
  const ConvData d(c);
  run_params(d.p, d.x, c.N, c.H, c.W, d.ips, d.ops, d.es, c.threads);
}

class DwconvDotVnniEmulated : public ::testing::Test {
 protected:
  void SetUp() override {
    octet_initialize();
    if (!octet_isa_supported(octet_isa_avx2)) GTEST_SKIP() << "the emulated kernels need AVX2";
  }
  // The first failing case is enough.
  void run_all(const std::vector<ConvCase>& cases) {
    for (const ConvCase& c : cases) {
      run_case(c);
      if (HasFailure()) return;
    }
  }
};

TEST_F(DwconvDotVnniEmulated, Channels3x3) { run_all(dot_channels3x3_cases()); }
TEST_F(DwconvDotVnniEmulated, Channels5x5) { run_all(dot_channels5x5_cases()); }
TEST_F(DwconvDotVnniEmulated, Generic) { run_all(dot_generic_cases()); }
TEST_F(DwconvDotVnniEmulated, Geometry) { run_all(dot_geometry_cases()); }
TEST_F(DwconvDotVnniEmulated, Widths) { run_all(dot_widths_cases(20)); }
TEST_F(DwconvDotVnniEmulated, Multiplier) { run_all(dot_multiplier_cases()); }
TEST_F(DwconvDotVnniEmulated, InputZeroPoints) { run_all(dot_input_zp_cases()); }
TEST_F(DwconvDotVnniEmulated, Modes) { run_all(dot_modes_cases()); }
TEST_F(DwconvDotVnniEmulated, Saturation) { run_all(dot_saturation_cases()); }
TEST_F(DwconvDotVnniEmulated, BatchStridesThreads) { run_all(dot_batch_cases()); }

TEST_F(DwconvDotVnniEmulated, WeightZeroPoints) {
  for (const WzpCase& t : dot_wzp_cases()) {
    SCOPED_TRACE(testing::Message() << "C" << t.C << " " << t.R << "x" << t.S << " m" << t.mult << " in"
                                    << t.in_type << " xzp" << t.x_zp << " mode" << t.mode << " out" << t.out_type
                                    << " seed" << t.seed);
    const WzpData d(t);
    run_params(d.p, d.x, 1, WzpData::H, WzpData::W, t.C, d.K, d.es, 1);
    if (HasFailure()) return;
  }
}

// Layers whose w - w_zp does not fit int8: declined (the int16 path, tested
// elsewhere, takes them).
TEST_F(DwconvDotVnniEmulated, WideWeightsDeclined) {
  for (const ConvCase& c : dot_wide_weight_cases()) {
    SCOPED_TRACE(c.str());
    const ConvData d(c);
    ConvConfig cfg;
    ASSERT_EQ(validate_conv2d(&d.p, &cfg), octet_status_success) << octet_last_error();
    for (const Table& t : tables()) EXPECT_EQ(make_dwconv_dot_path_with(cfg, t.k), nullptr) << t.label;
    EXPECT_EQ(make_dwconv_dot_path(cfg, octet_isa_avx512vnni), nullptr);
  }
}

// Registration: the factory takes a qualifying layer under the VNNI ISAs
// (with the native tables, not run here) and leaves it alone under the others.
TEST_F(DwconvDotVnniEmulated, Dispatch) {
  const ConvData d(dw(32, 3, 3));
  ConvConfig cfg;
  ASSERT_EQ(validate_conv2d(&d.p, &cfg), octet_status_success) << octet_last_error();
  // The cap's own kernels where this CPU runs them, else the best below it.
  const octet_isa under_avxvnni = isa_supported(octet_isa_avxvnni) ? octet_isa_avxvnni : octet_isa_scalar;
  const octet_isa under_avx512vnni = isa_supported(octet_isa_avx512vnni) ? octet_isa_avx512vnni : under_avxvnni;
  for (auto [cap, want] : {std::pair{octet_isa_avxvnni, under_avxvnni}, {octet_isa_avx512vnni, under_avx512vnni}}) {
    std::unique_ptr<ConvPath> path = make_dwconv_dot_path(cfg, cap);
    if (want == octet_isa_scalar) {
      EXPECT_EQ(path, nullptr) << octet_isa_name(cap);
      continue;
    }
    ASSERT_NE(path, nullptr) << octet_isa_name(cap);
    EXPECT_STREQ(path->name(), "dwconv_dot_3x3");
    EXPECT_EQ(path->isa(), want);
  }
  for (octet_isa isa : {octet_isa_scalar, octet_isa_avx2, octet_isa_avx512bw}) {
    EXPECT_EQ(make_dwconv_dot_path(cfg, isa), nullptr);
  }
  ConvCase grouped = dw(32, 3, 3);
  grouped.groups = 8;
  const ConvData gd(grouped);
  ASSERT_EQ(validate_conv2d(&gd.p, &cfg), octet_status_success) << octet_last_error();
  EXPECT_EQ(make_dwconv_dot_path(cfg, octet_isa_avx512vnni), nullptr);
}

}  // namespace
}  // namespace octet::test
