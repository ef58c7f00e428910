// The dot-product depthwise family (dwdot::Kernels: sdot on AArch64, vpdpbusd
// on x86) on every table this build has (test/dwconv/kernel_tables.h: neondot;
// avxvnni, avx512vnni and their SIMDe-emulated copies), through TableTester
// over the catalogue of test/dwconv/conv_cases.h and weight zero points that
// keep w - w_zp in int8; layers whose w - w_zp does not fit int8 are declined
// by every table and come out exact from the int16 family through the API; the
// factory takes qualifying layers exactly under the dot-product ISAs. The same
// source builds the x86 and the AArch64 test.
#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

#include "src/api/conv2d_validate.h"
#include "src/core/conv_paths.h"
#include "src/core/dwconv_dot.h"
#include "test/common/isa_list.h"
#include "test/dwconv/conv_cases.h"
#include "test/dwconv/conv_tester.h"
#include "test/dwconv/table_tester.h"

namespace octet::test {
namespace {

std::string dot_path_name(const ConvConfig& cfg) {
  const size_t R = cfg.shape.R, S = cfg.shape.S;
  return R == 3 && S == 3 ? "dwconv_dot_3x3" : R == 5 && S == 5 ? "dwconv_dot_5x5" : "dwconv_dot_rxs";
}

// The int16 family's path for a layer the dot family declines.
const char* int16_path_name(const ConvCase& c) {
  return c.R == 3 && c.S == 3 ? "dwconv_3x3" : c.R == 5 && c.S == 5 ? "dwconv_5x5" : "dwconv_rxs";
}

#if defined(__aarch64__)
const octet_isa kDotIsas[] = {octet_isa_neondot, octet_isa_neoni8mm};
const octet_isa kOtherIsas[] = {octet_isa_scalar, octet_isa_neon};
const octet_isa kDotKernelIsas[] = {octet_isa_neondot};  // the ISAs with dot-product kernels of their own
#else
const octet_isa kDotIsas[] = {octet_isa_avxvnni, octet_isa_avx512vnni};
const octet_isa kOtherIsas[] = {octet_isa_scalar, octet_isa_avx2, octet_isa_avx512bw};
const octet_isa kDotKernelIsas[] = {octet_isa_avxvnni, octet_isa_avx512vnni};
#endif

// The ISA of the dot-product kernels the factory picks under `cap`: the best
// ISA at or below the cap (the order of arch_isas()) that has such kernels and
// that this CPU runs; scalar when there is none.
octet_isa dot_kernels_under(octet_isa cap) {
  octet_isa best = octet_isa_scalar;
  for (octet_isa isa : arch_isas()) {
    if (std::find(std::begin(kDotKernelIsas), std::end(kDotKernelIsas), isa) != std::end(kDotKernelIsas) &&
        octet_isa_supported(isa)) {
      best = isa;
    }
    if (isa == cap) break;
  }
  return best;
}

const TableTester& dot_tester() {
  static const TableTester t(dot_tables(), [](const KernelTable&, const ConvConfig& cfg) { return dot_path_name(cfg); });
  return t;
}

class DwconvDot : public FamilyTest {};
TEST_P(DwconvDot, Cases) { run_on(dot_tester()); }
INSTANTIATE_TEST_SUITE_P(Catalogue, DwconvDot, ::testing::ValuesIn(depthwise_case_sets(false)), case_set_name);

// Weight zero points that keep w - w_zp within int8 (the dot path takes
// them): weights drawn from [max(-128, zp - 128), min(127, zp + 127)] with
// both ends present, zero points at the extremes, every tap shape.
TEST(DwconvDotTables, WeightZeroPoints) {
  if (!dot_tester().runnable()) GTEST_SKIP() << "this CPU runs no dot-product depthwise kernel table";
  uint32_t seed = 1900;
  for (KernelSize rs : {KernelSize{3, 3}, {5, 5}, {3, 1}}) {
    for (octet_datatype in : {octet_datatype_u8, octet_datatype_s8}) {
      for (octet_requant_mode mode : {octet_requant_pytorch_qnnpack, octet_requant_fixedpoint}) {
        for (octet_datatype out : {octet_datatype_u8, octet_datatype_s8, octet_datatype_s32}) {
          ConvCase c = dw(seed % 2 ? 21 : 32, rs.first, rs.second, seed % 3 == 0 ? 2 : 1);
          c.H = 6;
          c.W = 11;
          c.pl = c.pr = c.S / 2 + 1;
          c.in_type = in;
          c.x_zp = in == octet_datatype_u8 ? (seed % 2 ? 255 : 0) : (seed % 2 ? 127 : -128);
          c.mode = mode;
          c.out_type = out;
          c.bias_type = octet_datatype_s32;
          c.seed = seed++;
          SCOPED_TRACE(c.str());
          ConvData d(c);
          // w - w_zp within int8: zero points at the extremes first, then random;
          // each channel's weights reach both ends of its range.
          std::mt19937 rng(c.seed);
          const size_t taps = c.R * c.S;
          const int32_t extremes[] = {-128, 127, -1, 1, 0};
          for (size_t k = 0; k < c.K; ++k) {
            d.wzp[k] = k < 5 ? extremes[k] : std::uniform_int_distribution<int>(-128, 127)(rng);
            const int lo = std::max(-128, d.wzp[k] - 128), hi = std::min(127, d.wzp[k] + 127);
            for (size_t i = 0; i < taps; ++i) d.w[k * taps + i] = static_cast<int8_t>(std::uniform_int_distribution<int>(lo, hi)(rng));
            d.w[k * taps] = static_cast<int8_t>(lo);
            d.w[k * taps + taps - 1] = static_cast<int8_t>(hi);
          }
          d.p.weight_zero_points = d.wzp.data();
          if (!dot_tester().run(d.p, d.x, c.N, c.H, c.W, d.ips, d.ops, d.es, c.threads)) return;
        }
      }
    }
  }
}

// Layers whose w - w_zp does not fit int8 (random weights and weight zero
// points): every table declines them, and through the API under the dot
// ISAs the int16 family takes them, exactly.
TEST(DwconvDotDispatch, WideWeightsDeclined) {
  ASSERT_EQ(octet_initialize(), octet_status_success);
  uint32_t seed = 1700;
  for (KernelSize rs : {KernelSize{3, 3}, {5, 5}, {2, 3}}) {
    for (octet_datatype in : {octet_datatype_u8, octet_datatype_s8}) {
      ConvCase c = dw(35, rs.first, rs.second);
      c.in_type = in;
      c.x_zp = in == octet_datatype_s8 ? -100 : 200;
      c.w_zp_nonzero = true;
      c.mode = octet_requant_pytorch_qnnpack;
      c.seed = seed++;
      SCOPED_TRACE(c.str());
      const ConvData d(c);
      ConvConfig cfg;
      ASSERT_EQ(validate_conv2d(&d.p, &cfg), octet_status_success) << octet_last_error();
      for (const KernelTable& t : dot_tables()) EXPECT_EQ(t.make(cfg), nullptr) << t.label;
      for (octet_isa isa : kDotIsas) {
        EXPECT_EQ(make_dwconv_dot_path(cfg, isa), nullptr);
        if (octet_isa_supported(isa)) ConvTester::run(c, isa, int16_path_name(c));
      }
    }
  }
}

// Under every cap the factory takes a qualifying layer with the best
// dot-product kernels at or below the cap that this CPU runs (and nothing
// when there are none); through the API the layer runs the dot path where the
// factory takes it and the int16 path elsewhere. Grouped layers are never taken.
TEST(DwconvDotDispatch, Factory) {
  ASSERT_EQ(octet_initialize(), octet_status_success);
  std::vector<octet_isa> caps(std::begin(kOtherIsas), std::end(kOtherIsas));
  caps.insert(caps.end(), std::begin(kDotIsas), std::end(kDotIsas));
  for (const ConvCase& c : {dw(32, 3, 3), dw(20, 5, 5), dw(20, 7, 2)}) {
    SCOPED_TRACE(c.str());
    const ConvData d(c);
    ConvConfig cfg;
    ASSERT_EQ(validate_conv2d(&d.p, &cfg), octet_status_success) << octet_last_error();
    for (octet_isa cap : caps) {
      SCOPED_TRACE(octet_isa_name(cap));
      const octet_isa want = dot_kernels_under(cap);
      const std::unique_ptr<ConvPath> path = make_dwconv_dot_path(cfg, cap);
      if (want == octet_isa_scalar) {
        EXPECT_EQ(path, nullptr);
      } else {
        ASSERT_NE(path, nullptr);
        EXPECT_EQ(path->name(), dot_path_name(cfg));
        EXPECT_EQ(path->isa(), want);
      }
      if (cap == octet_isa_scalar || !octet_isa_supported(cap)) continue;
      ConvTester::run(c, cap, want == octet_isa_scalar ? int16_path_name(c) : dot_path_name(cfg).c_str());
    }
  }
  ConvCase grouped = dw(32, 3, 3);
  grouped.groups = 8;
  const ConvData gd(grouped);
  ConvConfig cfg;
  ASSERT_EQ(validate_conv2d(&gd.p, &cfg), octet_status_success) << octet_last_error();
  for (octet_isa isa : kDotIsas) EXPECT_EQ(make_dwconv_dot_path(cfg, isa), nullptr);
}

}  // namespace
}  // namespace octet::test
