// Extreme values through the public API (docs/LIMITS.md): the largest
// reduction the int32 accumulator holds exactly for every input, with the
// input, weights and zero points at the ends of their ranges, and one tap past
// it refused; then zero points, scales, multipliers and clamps at their
// extremes. Every case runs under every ISA cap this CPU supports on dense 1x1,
// dense KxK, depthwise and grouped shapes, and is compared with the scalar
// reference (src/ref) byte for byte.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "octet/octet.h"
#include "octet/octet.hpp"
#include "src/api/conv2d_shape.h"
#include "src/api/conv2d_validate.h"
#include "src/ref/conv.h"
#include "test/common/guarded_buffer.h"
#include "test/common/isa_list.h"

namespace {

using octet::test::GuardedBuffer;

// The largest R*S*C/groups with max|x - x_zp| * max|w - w_zp| = 255 * 255
// (zero points at the opposite ends of the ranges): floor((2^31 - 1) / 65025).
constexpr size_t kTapsWorstZeroPoints = 33025;
// With weight zero point 0 (max|w| = 128) and max|x - x_zp| = 255:
// floor((2^31 - 1) / 32640).
constexpr size_t kTapsZeroWeightZeroPoint = 65793;

const octet_requant_mode kModes[] = {octet_requant_pytorch_fbgemm, octet_requant_pytorch_qnnpack,
                                     octet_requant_pytorch_onednn, octet_requant_fixedpoint};

size_t elem_size(octet_datatype t) { return t == octet_datatype_s32 ? 4 : 1; }

// A convolution with its arrays and one input.
struct Problem {
  octet_conv2d_params p;
  std::vector<int8_t> w;
  std::vector<double> scales;
  std::vector<int32_t> zps;
  std::vector<int32_t> bias;
  size_t N = 1, H = 1, W = 1;
  std::vector<uint8_t> x;
  std::string what;

  Problem(const octet::ref::ConvShape& s, const std::string& name) : p(octet::conv2d_params_for_shape(s)), what(name) {}
  size_t taps() const { return p.kernel_height * p.kernel_width * (p.input_channels / p.groups); }
  // Weights all `value`, weight zero point `wzp` on every channel, scales 1.
  void set_weights(int8_t value, int32_t wzp) {
    w.assign(p.output_channels * taps(), value);
    scales.assign(p.output_channels, 1.0);
    zps.assign(p.output_channels, wzp);
    p.weights = w.data();
    p.weight_scale_count = scales.size();
    p.weight_scales = scales.data();
    p.weight_zero_points = zps.data();
  }
  void set_input(size_t n, size_t h, size_t wd, uint8_t byte) {
    N = n, H = h, W = wd;
    x.assign(N * H * W * p.input_channels, byte);
  }
};

// Runs the problem under every supported cap and compares each output with
// the reference; returns the reference output (empty when create refused).
std::vector<uint8_t> check_every_cap(const Problem& pr) {
  octet::ConvConfig cfg;
  const octet_status valid = octet::validate_conv2d(&pr.p, &cfg);
  EXPECT_EQ(valid, octet_status_success) << pr.what << ": " << octet_last_error();
  if (valid != octet_status_success) return {};
  const octet::ref::ConvShape& s = cfg.shape;
  const size_t OH = s.output_height(pr.H), OW = s.output_width(pr.W);
  const size_t out_bytes = pr.N * OH * OW * s.K * elem_size(pr.p.output_type);
  std::vector<uint8_t> expected(out_bytes, 0xA5);
  octet::ref::conv2d(cfg.ref_params(), pr.N, pr.H, pr.W, pr.x.data(), s.C, expected.data(), s.K);
  for (octet_isa isa : octet::test::arch_isas()) {
    if (!octet_isa_supported(isa)) continue;
    EXPECT_EQ(octet_set_isa_cap(isa), octet_status_success);
    octet::Conv2d conv;
    const octet_status st = octet::Conv2d::create(pr.p, &conv);
    EXPECT_EQ(st, octet_status_success) << pr.what << " cap " << octet_isa_name(isa) << ": " << octet_last_error();
    if (st != octet_status_success) continue;
    GuardedBuffer<uint8_t> x(pr.x.size());
    std::memcpy(x.data(), pr.x.data(), pr.x.size());
    GuardedBuffer<uint8_t> y(out_bytes);
    std::memset(y.data(), 0xA5, out_bytes);
    GuardedBuffer<uint8_t> ws(conv.workspace_size(pr.N, pr.H, pr.W));
    EXPECT_EQ(conv.run(pr.N, pr.H, pr.W, x.data(), y.data(), ws.data(), ws.size()), octet_status_success)
        << pr.what << ": " << octet_last_error();
    const std::vector<uint8_t> got = y.to_vector();
    size_t bad = 0, first = 0;
    for (size_t i = 0; i < out_bytes; ++i) {
      if (got[i] != expected[i] && bad++ == 0) first = i;
    }
    EXPECT_EQ(bad, 0u) << pr.what << ": cap " << octet_isa_name(isa) << " path " << octet_isa_name(conv.isa()) << "/"
                       << conv.path() << ", first byte " << first << " expected " << int(expected[first]) << " got "
                       << int(got[first]);
  }
  octet_set_isa_cap(octet_isa_best);
  return expected;
}

// The four shapes of one reduction: dense 1x1, dense KxK, depthwise, grouped.
// taps must be 33025 = 5 * 5 * 1321 or 65793 = 3 * 7 * 13 * 241, or anything
// for the 1x1 and depthwise 1xT shapes.
std::vector<Problem> shapes_with_taps(size_t taps) {
  using octet::ref::ConvShape;
  std::vector<Problem> out;
  out.emplace_back(ConvShape{taps, 3, 1, 1, 1}, "dense 1x1, C " + std::to_string(taps));
  if (taps == kTapsWorstZeroPoints) {
    out.emplace_back(ConvShape{1321, 2, 1, 5, 5}, "dense 5x5, C 1321");
    out.emplace_back(ConvShape{16, 16, 16, 25, 1321}, "depthwise 25x1321, C 16");
    out.emplace_back(ConvShape{20, 8, 4, 5, 1321}, "grouped 4 x (5 -> 2), 5x1321");
    out.emplace_back(ConvShape{2 * 1321, 4, 2, 5, 5}, "grouped 2 x (1321 -> 2), 5x5");
  } else if (taps == kTapsZeroWeightZeroPoint) {
    out.emplace_back(ConvShape{7 * 241, 2, 1, 3, 13}, "dense 3x13, C 1687");
    out.emplace_back(ConvShape{16, 16, 16, 21, 3133}, "depthwise 21x3133, C 16");
    out.emplace_back(ConvShape{3 * taps, 6, 3, 1, 1}, "grouped 3 x (65793 -> 2), 1x1");
  }
  return out;
}

struct Extreme {
  octet_datatype in;
  uint8_t x_byte;  // every input element
  int32_t x_zp;
  int8_t w;
  int32_t w_zp;
};

// x and w at the ends of their ranges with both zero points at the opposite
// ends: every tap contributes +-255 * 255.
const Extreme kWorst[] = {
    {octet_datatype_u8, 255, 0, -128, 127},  {octet_datatype_u8, 255, 0, 127, -128},
    {octet_datatype_u8, 0, 255, 127, -128},  {octet_datatype_u8, 0, 255, -128, 127},
    {octet_datatype_s8, 0x7F, -128, -128, 127}, {octet_datatype_s8, 0x80, 127, 127, -128},
};
// Weight zero point 0: +-255 * 128, and weights that fit the AVX2 vpmaddubsw
// pair limit (64 + 64 <= 128), so the pair-limited kernel runs at the limit.
const Extreme kZeroWzp[] = {
    {octet_datatype_u8, 255, 0, -128, 0},
    {octet_datatype_s8, 0x80, 127, -128, 0},
    {octet_datatype_u8, 255, 0, 64, 0},
};

int64_t exact_sum(const Extreme& e, size_t taps) {
  const int32_t x = e.in == octet_datatype_s8 ? int32_t{static_cast<int8_t>(e.x_byte)} : int32_t{e.x_byte};
  return static_cast<int64_t>(taps) * (x - e.x_zp) * (e.w - e.w_zp);
}

void check_largest_reduction(size_t taps, const Extreme* cases, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    const Extreme& e = cases[i];
    const int64_t exact = exact_sum(e, taps);
    ASSERT_GE(exact, INT32_MIN);
    ASSERT_LE(exact, INT32_MAX);
    for (Problem& pr : shapes_with_taps(taps)) {
      ASSERT_EQ(pr.taps(), taps) << pr.what;
      pr.what += " x " + std::to_string(int(e.x_byte)) + " x_zp " + std::to_string(e.x_zp) + " w " +
                 std::to_string(int(e.w)) + " w_zp " + std::to_string(e.w_zp);
      pr.set_weights(e.w, e.w_zp);
      pr.p.input_type = e.in;
      pr.p.input_zero_point = e.x_zp;
      pr.set_input(2, pr.p.kernel_height, pr.p.kernel_width, e.x_byte);  // 1x1 output, 2 images
      // Raw s32 output: the accumulator itself, which must be the exact sum.
      pr.p.output_type = octet_datatype_s32;
      const std::vector<uint8_t> acc = check_every_cap(pr);
      ASSERT_EQ(acc.size(), 2 * pr.p.output_channels * 4) << pr.what;
      for (size_t k = 0; k < acc.size() / 4; ++k) {
        int32_t v;
        std::memcpy(&v, acc.data() + 4 * k, 4);
        EXPECT_EQ(v, exact) << pr.what << " output " << k;
      }
      // Requantized under every mode: saturating (scale 1) and in range.
      for (octet_requant_mode mode : kModes) {
        for (double y_scale : {1.0, static_cast<double>(exact < 0 ? -exact : exact) / 100.0 + 1.0}) {
          pr.p.output_type = e.in == octet_datatype_s8 ? octet_datatype_s8 : octet_datatype_u8;
          pr.p.output_zero_point = pr.p.output_type == octet_datatype_u8 ? 128 : 0;
          pr.p.output_scale = y_scale;
          pr.p.requant_mode = mode;
          check_every_cap(pr);
        }
      }
    }
  }
}

TEST(ExtremeValues, LargestReductionWorstZeroPointsIsExact) {
  octet_initialize();
  check_largest_reduction(kTapsWorstZeroPoints, kWorst, std::size(kWorst));
}

TEST(ExtremeValues, LargestReductionZeroWeightZeroPointIsExact) {
  octet_initialize();
  check_largest_reduction(kTapsZeroWeightZeroPoint, kZeroWzp, std::size(kZeroWzp));
}

// One tap past the limit is refused, on every kind of shape.
TEST(ExtremeValues, OneTapPastTheLimitIsRefused) {
  octet_initialize();
  using octet::ref::ConvShape;
  struct Past {
    size_t taps;
    int32_t x_zp, w_zp;
  };
  for (const Past& past : {Past{kTapsWorstZeroPoints, 0, 127}, Past{kTapsWorstZeroPoints, 255, -128},
                           Past{kTapsZeroWeightZeroPoint, 0, 0}, Past{131071, 128, 0}}) {
    const size_t t = past.taps + 1;
    std::vector<Problem> shapes;
    shapes.emplace_back(ConvShape{t, 2, 1, 1, 1}, "dense 1x1");
    shapes.emplace_back(ConvShape{8, 8, 8, 1, t}, "depthwise 1xT");
    shapes.emplace_back(ConvShape{2 * t, 4, 2, 1, 1}, "grouped 1x1");
    for (Problem& pr : shapes) {
      pr.set_weights(1, past.w_zp);
      pr.p.input_zero_point = past.x_zp;
      octet_conv2d_t op = reinterpret_cast<octet_conv2d_t>(0x1);
      EXPECT_EQ(octet_conv2d_create(&pr.p, &op), octet_status_unsupported) << pr.what << " taps " << t;
      EXPECT_EQ(op, nullptr);
      const std::string msg = octet_last_error();
      EXPECT_NE(msg.find("accumulator"), std::string::npos) << msg;
      EXPECT_NE(msg.find("limit " + std::to_string(past.taps) + " taps"), std::string::npos) << msg;
      // At the limit itself it is accepted.
      Problem at(octet::ref::ConvShape{past.taps, 2, 1, 1, 1}, "at the limit");
      at.set_weights(1, past.w_zp);
      at.p.input_zero_point = past.x_zp;
      ASSERT_EQ(octet_conv2d_create(&at.p, &op), octet_status_success) << octet_last_error();
      octet_conv2d_destroy(op);
    }
  }
}

// Fully connected is the 1x1 convolution: the same limit on input_channels.
TEST(ExtremeValues, FullyConnectedReductionLimit) {
  octet_initialize();
  for (size_t c : {kTapsZeroWeightZeroPoint, kTapsZeroWeightZeroPoint + 1}) {
    std::vector<int8_t> w(2 * c, -128);
    const double scale = 1.0;
    octet_fully_connected_params p;
    octet_fully_connected_params_init(&p);
    p.input_channels = c;
    p.output_channels = 2;
    p.weights = w.data();
    p.weight_scales = &scale;
    octet_fully_connected_t fc = nullptr;
    const octet_status st = octet_fully_connected_create(&p, &fc);
    if (c == kTapsZeroWeightZeroPoint) {
      ASSERT_EQ(st, octet_status_success) << octet_last_error();
      octet_fully_connected_destroy(fc);
    } else {
      EXPECT_EQ(st, octet_status_unsupported);
      EXPECT_EQ(fc, nullptr);
      EXPECT_NE(std::string(octet_last_error()).find("limit 65793 taps"), std::string::npos) << octet_last_error();
    }
  }
}

// Small shapes of every path kind, random input bytes with the extremes mixed in.
std::vector<Problem> small_shapes(std::mt19937& rng, octet_datatype in) {
  using octet::ref::ConvShape;
  std::vector<Problem> out;
  out.emplace_back(ConvShape{16, 24, 1, 1, 1}, "dense 1x1");
  out.emplace_back(ConvShape{8, 5, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1}, "dense 3x3");
  out.emplace_back(ConvShape{16, 16, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1}, "depthwise 3x3");
  out.emplace_back(ConvShape{32, 32, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1}, "grouped 3x3 (4 per group)");
  for (Problem& pr : out) {
    pr.w.resize(pr.p.output_channels * pr.taps());
    for (int8_t& v : pr.w) v = static_cast<int8_t>(rng());
    for (size_t i = 0; i < pr.w.size(); i += 3) pr.w[i] = (i / 3) % 2 ? -128 : 127;
    pr.scales.assign(pr.p.output_channels, 1.0);
    pr.zps.assign(pr.p.output_channels, 0);
    pr.p.weights = pr.w.data();
    pr.p.weight_scale_count = pr.scales.size();
    pr.p.weight_scales = pr.scales.data();
    pr.p.input_type = in;
    pr.set_input(2, 5, 6, 0);
    for (uint8_t& b : pr.x) b = static_cast<uint8_t>(rng());
    for (size_t i = 0; i < pr.x.size(); i += 4) pr.x[i] = (i / 4) % 2 ? 0x80 : 0x7F;
    for (size_t i = 2; i < pr.x.size(); i += 4) pr.x[i] = (i / 4) % 2 ? 0x00 : 0xFF;
  }
  return out;
}

// One setting of the quantization parameters.
struct Quant {
  const char* what;
  double x_scale, w_scale, y_scale;
  int x_zp_end;   // 0: the low end of the input range, 1: the high end
  int32_t w_zp;
  int y_zp_end;
  int clamp;      // 0: none, 1: output_min == output_max == output zero point, 2: == the type's low end
  bool bias;      // an s32 bias of +-2^31 - 1 on alternate channels
};

const Quant kQuants[] = {
    {"unit scales, low zero points", 1.0, 1.0, 1.0, 0, -128, 0, 0, false},
    {"unit scales, high zero points", 1.0, 1.0, 1.0, 1, 127, 1, 0, false},
    {"multiplier 4", 1.0, 1.0, 0.25, 0, 127, 1, 0, false},
    {"multiplier 1000", 0.5, 0.5, 0.00025, 1, -128, 0, 0, false},
    {"multiplier 2^30", 1.0, 1.0, 1.0 / (1 << 30), 0, 0, 1, 0, false},
    {"scales 1e-30 and 1e30, multiplier 1", 1e-30, 1e30, 1.0, 1, 0, 0, 0, false},
    {"scales 1e30, 1e-30 and 1e-30", 1e30, 1e-30, 1e-30, 0, 0, 1, 0, false},
    {"scales 1e-30, multiplier 1e-30", 1e-30, 1.0, 1.0, 0, 0, 0, 0, false},
    {"scale 1e30, multiplier 1e30", 1e30, 1.0, 1.0, 1, 0, 1, 0, false},
    {"clamp collapsed to the zero point", 0.01, 0.01, 0.05, 1, -128, 0, 1, false},
    {"clamp collapsed to the low end", 0.01, 0.01, 0.05, 0, 127, 1, 2, false},
    {"extreme s32 bias", 1.0, 1.0, 1.0, 0, 0, 0, 0, true},
    {"extreme s32 bias, clamp collapsed", 1.0, 1.0, 4.0, 1, 127, 1, 1, true},
};

// Applies q to pr for output type out; returns false when the
// documented create() must refuse it (the requantization scale is out of the
// mode's range), which the caller then checks.
void apply(const Quant& q, octet_datatype out, Problem* pr) {
  octet_conv2d_params& p = pr->p;
  const bool s8_in = p.input_type == octet_datatype_s8;
  p.input_scale = q.x_scale;
  p.input_zero_point = q.x_zp_end ? (s8_in ? 127 : 255) : (s8_in ? -128 : 0);
  for (double& s : pr->scales) s = q.w_scale;
  for (int32_t& z : pr->zps) z = q.w_zp;
  p.weight_zero_points = pr->zps.data();
  p.output_type = out;
  p.output_scale = q.y_scale;
  const int32_t lo = out == octet_datatype_u8 ? 0 : -128, hi = out == octet_datatype_u8 ? 255 : 127;
  p.output_zero_point = q.y_zp_end ? hi : lo;
  p.output_min = INT32_MIN;
  p.output_max = INT32_MAX;
  if (q.clamp == 1) p.output_min = p.output_max = p.output_zero_point;
  if (q.clamp == 2) p.output_min = p.output_max = lo;
  p.bias_type = octet_datatype_none;
  p.bias = nullptr;
  if (q.bias) {
    pr->bias.resize(p.output_channels);
    for (size_t k = 0; k < pr->bias.size(); ++k) pr->bias[k] = k % 2 ? INT32_MIN + 1 : INT32_MAX;
    p.bias_type = octet_datatype_s32;
    p.bias = pr->bias.data();
  }
}

class ExtremeQuant : public testing::TestWithParam<octet_requant_mode> {};

TEST_P(ExtremeQuant, EveryCapMatchesTheReference) {
  octet_initialize();
  const octet_requant_mode mode = GetParam();
  std::mt19937 rng(77 + mode);
  size_t ran = 0, refused = 0;
  for (octet_datatype in : {octet_datatype_u8, octet_datatype_s8}) {
    for (octet_datatype out : {octet_datatype_u8, octet_datatype_s8}) {
      for (const Quant& q : kQuants) {
        for (Problem& pr : small_shapes(rng, in)) {
          apply(q, out, &pr);
          pr.p.requant_mode = mode;
          pr.what += std::string(", ") + q.what + ", " + (in == octet_datatype_u8 ? "u8" : "s8") + " -> " +
                     (out == octet_datatype_u8 ? "u8" : "s8");
          octet::ConvConfig cfg;
          const octet_status st = octet::validate_conv2d(&pr.p, &cfg);
          if (st != octet_status_success) {
            // A refusal is documented: invalid_parameter naming the scale.
            EXPECT_EQ(st, octet_status_invalid_parameter) << pr.what;
            EXPECT_NE(std::string(octet_last_error()).find("scale"), std::string::npos)
                << pr.what << ": " << octet_last_error();
            octet_conv2d_t op = reinterpret_cast<octet_conv2d_t>(0x1);
            EXPECT_EQ(octet_conv2d_create(&pr.p, &op), st) << pr.what;
            EXPECT_EQ(op, nullptr);
            ++refused;
            continue;
          }
          const std::vector<uint8_t> y = check_every_cap(pr);
          ++ran;
          if (q.clamp != 0) {
            const int32_t v = pr.p.output_min;
            for (size_t i = 0; i < y.size(); ++i) {
              ASSERT_EQ(static_cast<uint8_t>(v), y[i]) << pr.what << " byte " << i;
            }
          }
        }
      }
    }
  }
  // Most settings are accepted by every mode.
  EXPECT_GT(ran, refused) << ran << " ran, " << refused << " refused";
}

std::string mode_param_name(const testing::TestParamInfo<octet_requant_mode>& info) {
  return octet::ref::mode_name(info.param);
}

INSTANTIATE_TEST_SUITE_P(Modes, ExtremeQuant, testing::ValuesIn(kModes), mode_param_name);

}  // namespace
