// Operators through the public API against the reference, on random shapes
// covering every parameter (groups, strides, dilations, asymmetric padding,
// zero points, modes, types, pixel strides, threads), with every buffer
// flush against guard pages. Runs under every ISA cap the CPU supports, so
// whatever path dispatch picks is held to the reference.
#include <gtest/gtest.h>
#include <pthreadpool.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "octet/octet.h"
#include "octet/octet.hpp"
#include "src/api/conv2d_validate.h"
#include "src/ref/conv.h"
#include "test/common/conv_problem.h"
#include "test/common/fc_problem.h"
#include "test/common/guarded_buffer.h"
#include "test/common/isa_list.h"

namespace {

using octet::test::Guard;
using octet::test::GuardedBuffer;

struct RandomConv : octet::test::ConvProblem {
  size_t N, H, W;
};

RandomConv make_random(std::mt19937& rng, octet_requant_mode mode) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  RandomConv r;
  octet_conv2d_params& p = r.p;
  octet_conv2d_params_init(&p);
  const int group_kind = pick(0, 3);
  const size_t cg = static_cast<size_t>(pick(1, 12)), kg = static_cast<size_t>(pick(1, 12));
  p.groups = group_kind == 0 ? 1 : (group_kind == 1 ? 2 : (group_kind == 2 ? 3 : static_cast<size_t>(pick(4, 9))));
  p.input_channels = cg * p.groups;
  p.output_channels = (group_kind == 3 ? static_cast<size_t>(pick(1, 2)) : kg) * p.groups;
  if (group_kind == 3) p.input_channels = p.groups;  // depthwise, multiplier 1..2
  p.kernel_height = static_cast<size_t>(pick(1, 5));
  p.kernel_width = static_cast<size_t>(pick(1, 5));
  p.stride_height = static_cast<size_t>(pick(1, 3));
  p.stride_width = static_cast<size_t>(pick(1, 3));
  p.dilation_height = static_cast<size_t>(pick(1, 2));
  p.dilation_width = static_cast<size_t>(pick(1, 2));
  p.pad_top = static_cast<size_t>(pick(0, 2));
  p.pad_left = static_cast<size_t>(pick(0, 2));
  p.pad_bottom = static_cast<size_t>(pick(0, 2));
  p.pad_right = static_cast<size_t>(pick(0, 2));
  p.input_type = pick(0, 3) == 0 ? octet_datatype_s8 : octet_datatype_u8;
  p.input_zero_point = p.input_type == octet_datatype_u8 ? pick(0, 255) : pick(-128, 127);
  p.input_scale = std::uniform_real_distribution<double>(0.001, 0.05)(rng);
  const size_t K = p.output_channels;
  r.w.resize(K * p.kernel_height * p.kernel_width * (p.input_channels / p.groups));
  for (int8_t& v : r.w) v = static_cast<int8_t>(pick(-128, 127));
  p.weights = r.w.data();
  const bool per_channel = pick(0, 1) == 1;
  r.scales.resize(per_channel ? K : 1);
  for (double& s : r.scales) s = std::uniform_real_distribution<double>(0.001, 0.02)(rng);
  p.weight_scale_count = r.scales.size();
  p.weight_scales = r.scales.data();
  if (mode != octet_requant_pytorch_onednn && pick(0, 3) == 0) {
    r.zps.resize(r.scales.size());
    for (int32_t& z : r.zps) z = pick(-20, 20);
    p.weight_zero_points = r.zps.data();
  }
  const int out_kind = pick(0, 5);
  p.output_type = out_kind == 0 ? octet_datatype_s32 : (out_kind == 1 ? octet_datatype_s8 : octet_datatype_u8);
  const int bias_kind = pick(0, 2);
  if (bias_kind == 1 && mode != octet_requant_fixedpoint && p.output_type != octet_datatype_s32) {
    r.bias_f.resize(K);
    for (float& b : r.bias_f) b = std::uniform_real_distribution<float>(-3.0f, 3.0f)(rng);
    p.bias_type = octet_datatype_f32;
    p.bias = r.bias_f.data();
  } else if (bias_kind == 2) {
    r.bias_i.resize(K);
    for (int32_t& b : r.bias_i) b = pick(-5000, 5000);
    p.bias_type = octet_datatype_s32;
    p.bias = r.bias_i.data();
  }
  if (p.output_type == octet_datatype_s8) {
    p.output_zero_point = pick(-128, 127);
  } else if (p.output_type == octet_datatype_u8) {
    p.output_zero_point = pick(0, 255);
  }
  p.output_scale = std::uniform_real_distribution<double>(0.05, 0.5)(rng);
  if (pick(0, 2) == 0 && p.output_type != octet_datatype_s32) {
    p.output_min = p.output_zero_point;  // ReLU
  }
  p.requant_mode = mode;
  // An input size with at least one output.
  r.N = static_cast<size_t>(pick(1, 2));
  const size_t ext_h = p.dilation_height * (p.kernel_height - 1) + 1;
  const size_t ext_w = p.dilation_width * (p.kernel_width - 1) + 1;
  r.H = std::max<size_t>(ext_h, 1) + static_cast<size_t>(pick(0, 9));
  r.W = std::max<size_t>(ext_w, 1) + static_cast<size_t>(pick(0, 9));
  return r;
}

size_t elem_size(octet_datatype t) { return t == octet_datatype_s32 ? 4 : 1; }

void check_against_ref(const RandomConv& r, size_t threads, Guard guard, size_t in_extra, size_t out_extra,
                       const std::string& what) {
  const octet_conv2d_params& p = r.p;
  octet::ConvConfig cfg;
  ASSERT_EQ(octet::validate_conv2d(&p, &cfg), octet_status_success) << octet_last_error();
  octet::Conv2d conv;
  ASSERT_EQ(octet::Conv2d::create(p, &conv), octet_status_success) << octet_last_error();
  size_t OH = 0, OW = 0;
  conv.output_size(r.H, r.W, &OH, &OW);
  const size_t in_stride = p.input_channels + in_extra, out_stride = p.output_channels + out_extra;
  std::mt19937 rng(static_cast<unsigned>(OH * 131 + OW));
  GuardedBuffer<uint8_t> x(r.N * r.H * r.W * in_stride, guard);
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<uint8_t>(rng());
  const size_t es = elem_size(p.output_type);
  GuardedBuffer<uint8_t> y(r.N * OH * OW * out_stride * es, guard);
  std::vector<uint8_t> expected = y.to_vector();  // padding bytes between pixels must stay as they are
  octet::ref::conv2d(cfg.ref_params(), r.N, r.H, r.W, x.data(), in_stride, expected.data(), out_stride);
  pthreadpool_t pool = threads > 1 ? pthreadpool_create(threads) : nullptr;
  GuardedBuffer<uint8_t> ws(conv.workspace_size(r.N, r.H, r.W, threads), guard);
  ASSERT_EQ(conv.run(r.N, r.H, r.W, x.data(), y.data(), ws.data(), ws.size(), pool, in_stride, out_stride),
            octet_status_success)
      << octet_last_error();
  if (pool) pthreadpool_destroy(pool);
  const std::vector<uint8_t> got = y.to_vector();
  size_t bad = 0, first = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    if (got[i] != expected[i] && bad++ == 0) first = i;
  }
  EXPECT_EQ(bad, 0u) << what << " path " << octet_isa_name(conv.isa()) << "/" << conv.path() << ": first byte "
                     << first << " expected " << int(expected[first]) << " got " << int(got[first]);
}

class OperatorTest : public testing::TestWithParam<std::tuple<octet_isa, octet_requant_mode>> {};

TEST_P(OperatorTest, RandomShapesMatchReference) {
  octet_initialize();
  const auto [isa, mode] = GetParam();
  if (!octet_isa_supported(isa)) GTEST_SKIP() << "this CPU cannot run " << octet_isa_name(isa);
  ASSERT_EQ(octet_set_isa_cap(isa), octet_status_success);
  std::mt19937 rng(static_cast<unsigned>(1000 + isa * 10 + mode));
  for (int i = 0; i < 40; ++i) {
    const RandomConv r = make_random(rng, mode);
    const std::string what = "case " + std::to_string(i) + " C" + std::to_string(r.p.input_channels) + " K" +
                             std::to_string(r.p.output_channels) + " g" + std::to_string(r.p.groups) + " " +
                             std::to_string(r.p.kernel_height) + "x" + std::to_string(r.p.kernel_width);
    check_against_ref(r, 1, i % 2 ? Guard::kBefore : Guard::kAfter, 0, 0, what);
    if (i % 4 == 0) check_against_ref(r, 2, Guard::kAfter, 3, 5, what + " strided, 2 threads");
    if (testing::Test::HasFailure()) break;
  }
  octet_set_isa_cap(octet_isa_best);
}

std::string param_name(const testing::TestParamInfo<std::tuple<octet_isa, octet_requant_mode>>& info) {
  return std::string(octet_isa_name(std::get<0>(info.param))) + "_" +
         std::string(octet::ref::mode_name(std::get<1>(info.param)));
}

INSTANTIATE_TEST_SUITE_P(
    Caps, OperatorTest,
    testing::Combine(testing::ValuesIn(octet::test::arch_isas()),
                     testing::Values(octet_requant_pytorch_fbgemm, octet_requant_pytorch_qnnpack,
                                     octet_requant_pytorch_onednn, octet_requant_fixedpoint)),
    param_name);

TEST(FullyConnected, MatchesOneByOneConvolution) {
  octet_initialize();
  std::mt19937 rng(5);
  const size_t C = 37, K = 19, M = 7;
  octet::test::FcProblem pr;
  octet::test::make_fc_problem(C, K, false, true, 0.1, rng, &pr);
  octet_fully_connected_params& p = pr.p;
  p.requant_mode = octet_requant_pytorch_qnnpack;
  octet::FullyConnected fc;
  ASSERT_EQ(octet::FullyConnected::create(p, &fc), octet_status_success) << octet_last_error();
  const size_t in_stride = C + 3, out_stride = K + 2;
  GuardedBuffer<uint8_t> x(M * in_stride), y(M * out_stride);
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<uint8_t>(rng());
  std::vector<uint8_t> expected = y.to_vector();
  GuardedBuffer<uint8_t> ws(fc.workspace_size(M));
  ASSERT_EQ(fc.run(M, x.data(), y.data(), ws.data(), ws.size(), nullptr, in_stride, out_stride), octet_status_success)
      << octet_last_error();
  // The same layer as a 1x1 convolution through the reference.
  octet_conv2d_params c;
  octet_conv2d_params_init(&c);
  c.input_channels = C;
  c.output_channels = K;
  c.kernel_height = c.kernel_width = 1;
  c.input_scale = p.input_scale;
  c.input_zero_point = p.input_zero_point;
  c.weights = p.weights;
  c.weight_scale_count = K;
  c.weight_scales = p.weight_scales;
  c.bias_type = p.bias_type;
  c.bias = p.bias;
  c.output_scale = p.output_scale;
  c.output_zero_point = p.output_zero_point;
  c.requant_mode = p.requant_mode;
  octet::ConvConfig cfg;
  ASSERT_EQ(octet::validate_conv2d(&c, &cfg), octet_status_success);
  octet::ref::conv2d(cfg.ref_params(), M, 1, 1, x.data(), in_stride, expected.data(), out_stride);
  EXPECT_EQ(y.to_vector(), expected);
}

}  // namespace
