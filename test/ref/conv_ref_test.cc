// The reference convolution on hand-computed cases and on the worked examples
// of SEMANTICS.md (ResNet-50 stem puzzle).
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "src/api/conv2d_validate.h"
#include "src/ref/conv.h"
#include "tools/golden/golden_case.h"

namespace octet::ref {
namespace {

std::string golden_dir() {
  const char* src = std::getenv("OCTET_SOURCE_DIR");
  return std::string(src ? src : ".") + "/test/data/golden";
}

TEST(ConvRef, OutputSize) {
  ConvShape s;
  s.R = 7;
  s.S = 7;
  s.stride_h = s.stride_w = 2;
  s.pad_top = s.pad_left = s.pad_bottom = s.pad_right = 3;
  EXPECT_EQ(s.output_height(224), 112u);
  EXPECT_EQ(s.output_width(224), 112u);
  s.dil_h = 2;  // extent 13
  EXPECT_EQ(s.output_height(6), 0u);  // 6 + 3 + 3 < 13: no output
  EXPECT_EQ(s.output_height(7), 1u);
  EXPECT_EQ(s.output_height(8), 1u);
  EXPECT_EQ(s.output_height(9), 2u);
  EXPECT_EQ(ConvShape::output_dim(5, 1, 0, 3, 2, 1), 2u);  // asymmetric padding
}

// 1 input channel, 3x3 input, 2x2 kernel, pad 1 on top/left only, stride 1:
// hand-computed accumulators with x_zp = 10 and w_zp = 1.
TEST(ConvRef, HandComputedWithZeroPointsAndAsymmetricPadding) {
  const std::vector<uint8_t> x = {11, 12, 13,  //
                                  14, 15, 16,  //
                                  17, 18, 19};
  const std::vector<int8_t> w = {2, 3,  //
                                 4, 5};
  const int32_t w_zp[1] = {1};
  ConvRefParams p;
  p.shape.R = p.shape.S = 2;
  p.shape.pad_top = p.shape.pad_left = 1;
  p.x_zero_point = 10;
  p.weights = w.data();
  p.w_zero_points = w_zp;
  p.output_type = octet_datatype_s32;
  ASSERT_EQ(p.shape.output_height(3), 3u);
  ASSERT_EQ(p.shape.output_width(3), 3u);
  // (x - 10) for real pixels, 0 for padding; (w - 1) = {1, 2, 3, 4}.
  // out(0,0): taps (-1,-1) (-1,0) (0,-1) pad, (0,0) x=11 -> 1*4 = 4
  EXPECT_EQ(conv_accumulator(p, x.data(), 3, 3, 1, 0, 0, 0, 0), 4);
  // out(1,1): x(0,0)=1, x(0,1)=2, x(1,0)=4, x(1,1)=5 -> 1*1 + 2*2 + 4*3 + 5*4 = 37
  EXPECT_EQ(conv_accumulator(p, x.data(), 3, 3, 1, 0, 1, 1, 0), 37);
  // out(0,2): pad, pad, x(0,1)=2, x(0,2)=3 -> 2*3 + 3*4 = 18
  EXPECT_EQ(conv_accumulator(p, x.data(), 3, 3, 1, 0, 0, 2, 0), 18);
  AccTrace t;
  conv_accumulator(p, x.data(), 3, 3, 1, 0, 0, 0, 0, &t);
  EXPECT_EQ(t.taps, 4);
  EXPECT_EQ(t.padded_taps, 3);
  // sum_xw - x_zp*sum_w - w_zp*sum_x + taps*x_zp*w_zp = the accumulator.
  EXPECT_EQ(t.sum_xw - 10 * t.sum_w - 1 * t.sum_x + t.taps * 10 * 1, 4);
}

// Groups: output channel k reads only its group's input channels.
TEST(ConvRef, GroupsReadTheirOwnChannels) {
  const std::vector<uint8_t> x = {1, 2, 3, 4};  // one pixel, C = 4
  const std::vector<int8_t> w = {1, 1, 10, 10};   // K = 2, groups = 2, C/g = 2
  const int32_t w_zp[2] = {0, 0};
  ConvRefParams p;
  p.shape.C = 4;
  p.shape.K = 2;
  p.shape.groups = 2;
  p.weights = w.data();
  p.w_zero_points = w_zp;
  EXPECT_EQ(conv_accumulator(p, x.data(), 1, 1, 4, 0, 0, 0, 0), 1 + 2);
  EXPECT_EQ(conv_accumulator(p, x.data(), 1, 1, 4, 0, 0, 0, 1), 30 + 40);
}

TEST(ConvRef, SignedInput) {
  const std::vector<int8_t> x = {-128, 127};
  const std::vector<int8_t> w = {2, -3};
  const int32_t w_zp[1] = {0};
  ConvRefParams p;
  p.shape.C = 2;
  p.input_type = octet_datatype_s8;
  p.x_zero_point = -1;
  p.weights = w.data();
  p.w_zero_points = w_zp;
  EXPECT_EQ(conv_accumulator(p, x.data(), 1, 1, 2, 0, 0, 0, 0), (-127) * 2 + 128 * -3);
}

// SEMANTICS.md section 6: the ResNet-50 stem puzzle on golden files.
int32_t golden_acc(const std::string& file, size_t oh, size_t ow, size_t k) {
  golden::Case c;
  std::string error;
  octet_requant_mode mode;
  EXPECT_TRUE(golden::load_case(golden_dir() + file, &c, &error)) << error;
  EXPECT_TRUE(golden::mode_for_source(c.source, &mode));
  const octet_conv2d_params params = golden::make_params(c, mode);
  ConvConfig cfg;
  EXPECT_EQ(validate_conv2d(&params, &cfg), octet_status_success);
  return conv_accumulator(cfg.ref_params(), c.x.data(), c.H, c.W, c.C, 0, oh, ow, k);
}

TEST(ConvRef, StemPuzzleAccumulators) {
  const std::string qnn = "/torch/qnnpack/001_resnet_stem_7x7s2p3_32x32_k16_pc_relu.json";
  EXPECT_EQ(golden_acc(qnn, 0, 0, 0), 3479);   // corner: 24 of 49 taps in the padding
  EXPECT_EQ(golden_acc(qnn, 8, 8, 0), -8251);  // interior
  EXPECT_EQ(golden_acc("/torch/onednn/001_resnet_stem_7x7s2p3_32x32_k16_pc_relu.json", 8, 8, 0), 11429);
}

}  // namespace
}  // namespace octet::ref
