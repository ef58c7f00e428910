// The requantization modes on hand-computed cases, including the worked
// examples of SEMANTICS.md (forum puzzles) and the corners of each engine.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "src/ref/float_ops.h"
#include "src/ref/requantize.h"

namespace octet::ref {
namespace {

ChannelRequant prepare(octet_requant_mode mode, const ChannelQuant& q) {
  ChannelRequant c;
  std::string why;
  EXPECT_TRUE(prepare_channel(mode, q, &c, &why)) << why;
  return c;
}

// The scales of one channel, and its float bias when there is one.
ChannelQuant quant(double x_scale, double w_scale, double y_scale) {
  ChannelQuant q;
  q.x_scale = x_scale;
  q.w_scale = w_scale;
  q.y_scale = y_scale;
  return q;
}
ChannelQuant quant(double x_scale, double w_scale, double y_scale, float bias) {
  ChannelQuant q = quant(x_scale, w_scale, y_scale);
  q.bias_type = octet_datatype_f32;
  q.bias_f32 = bias;
  return q;
}

// discuss.pytorch.org/t/157066: a 1x1 conv, x_q = 24, w_q = 127, bias 0.0317.
ChannelQuant puzzle1() {
  // x_scale (254/255)/127 as torch holds it.
  return quant(0.007843137718737125, 0.003768858266994357, 0.004018464591354132, 0.0317f);
}

TEST(Requantize, Puzzle1Fbgemm) {
  const ChannelRequant c = prepare(octet_requant_pytorch_fbgemm, puzzle1());
  EXPECT_EQ(c.scale, 0.007355962414294481f);    // C = f32(act_times_w / y_scale)
  EXPECT_EQ(c.bias_float, 1072.406982421875f);  // f32(bias / act_times_w)
  RequantTrace t;
  const OutputQuant o{octet_requant_pytorch_fbgemm, 0, 0, 255};
  EXPECT_EQ(requantize(c, o, 24 * 127, &t), 30);
  EXPECT_EQ(t.f_biased, 4120.4072265625f);
  EXPECT_EQ(t.f_scaled, 30.309560775756836f);
}

TEST(Requantize, Puzzle1Qnnpack) {
  const ChannelRequant c = prepare(octet_requant_pytorch_qnnpack, puzzle1());
  EXPECT_EQ(c.bias_int, 1072);  // rne(1072.4068)
  EXPECT_EQ(c.scale, 0.007355962879955769f);
  EXPECT_EQ(requantize(c, OutputQuant{octet_requant_pytorch_qnnpack, 0, 0, 255}, 3048), 30);
}

TEST(Requantize, Puzzle1Onednn) {
  const ChannelRequant c = prepare(octet_requant_pytorch_onednn, puzzle1());
  EXPECT_EQ(c.scale, 0.007355962879955769f);
  EXPECT_NEAR(c.bias_float, 1072.40686, 1e-3);
  EXPECT_EQ(requantize(c, OutputQuant{octet_requant_pytorch_onednn, 0, 0, 255}, 3048), 30);
}

TEST(Requantize, Puzzle2StemCornerQnnpack) {
  // SEMANTICS.md section 6: golden qnnpack/001, channel 0, pixel (0,0): acc = 3479,
  // qb = -9695, M = 0.002784806303679943, (3479-9695)*M = -17.31 -> -17 -> ReLU 0.
  const ChannelQuant q = quant(0.018666666001081467, 0.0034469775855541229, 0.02310522459447384, -0.6237809658050537f);
  const ChannelRequant c = prepare(octet_requant_pytorch_qnnpack, q);
  EXPECT_EQ(c.bias_int, -9695);
  EXPECT_EQ(c.scale, 0.002784806303679943f);
  RequantTrace t;
  EXPECT_EQ(requantize(c, OutputQuant{octet_requant_pytorch_qnnpack, 0, 0, 255}, 3479, &t), 0);
  EXPECT_EQ(t.rounded, -17);
}

TEST(Requantize, TiesRoundToEvenInEveryPytorchMode) {
  // Multiplier exactly 1/2 with power-of-two scales: acc odd gives .5 ties.
  const ChannelQuant q = quant(0.5, 0.25, 0.25);  // M = 0.5
  for (octet_requant_mode mode :
       {octet_requant_pytorch_fbgemm, octet_requant_pytorch_qnnpack, octet_requant_pytorch_onednn}) {
    const ChannelRequant c = prepare(mode, q);
    const OutputQuant o{mode, 100, 0, 255};
    EXPECT_EQ(requantize(c, o, 1), 100) << mode_name(mode);   // 0.5 -> 0
    EXPECT_EQ(requantize(c, o, 3), 102) << mode_name(mode);   // 1.5 -> 2
    EXPECT_EQ(requantize(c, o, 5), 102) << mode_name(mode);   // 2.5 -> 2
    EXPECT_EQ(requantize(c, o, -1), 100) << mode_name(mode);  // -0.5 -> -0
    EXPECT_EQ(requantize(c, o, -3), 98) << mode_name(mode);   // -1.5 -> -2
  }
}

TEST(Requantize, QnnpackBiasUsesDoubleScaleThenFloatReciprocal) {
  // bias 0.75 at scale 0.5*0.25: 6 exactly; half-to-even ties in the bias too.
  ChannelQuant q = quant(0.5, 0.25, 1.0, 0.3125f);  // 2.5 units -> 2
  EXPECT_EQ(prepare(octet_requant_pytorch_qnnpack, q).bias_int, 2);
  q.bias_f32 = 0.4375f;  // 3.5 units -> 4
  EXPECT_EQ(prepare(octet_requant_pytorch_qnnpack, q).bias_int, 4);
  q.bias_f32 = 3e9f;     // clamped to int32 as quantize_val<qint32> does
  EXPECT_EQ(prepare(octet_requant_pytorch_qnnpack, q).bias_int, std::numeric_limits<int32_t>::max());
}

TEST(Requantize, FbgemmPerTensorBiasUsesDoubleReciprocal) {
  ChannelQuant q = quant(0.1, 0.3, 0.7, 1.2345f);
  const float atw = f32(q.x_scale) * f32(q.w_scale);
  q.w_per_tensor = true;
  EXPECT_EQ(prepare(octet_requant_pytorch_fbgemm, q).bias_float, q.bias_f32 * f32(1.0 / static_cast<double>(atw)));
  q.w_per_tensor = false;
  EXPECT_EQ(prepare(octet_requant_pytorch_fbgemm, q).bias_float, q.bias_f32 / atw);
}

TEST(Requantize, OnednnAddsZeroPointInFloatBeforeRounding) {
  // d = 2.5 exactly; +zp 3 in float = 5.5 -> 6 (even). Rounding first would
  // give 2 + 3 = 5: this is the difference SEMANTICS.md describes.
  const ChannelQuant q = quant(1.0, 1.0, 2.0);  // os = 0.5
  const ChannelRequant c = prepare(octet_requant_pytorch_onednn, q);
  EXPECT_EQ(c.scale, 0.5f);
  EXPECT_EQ(requantize(c, OutputQuant{octet_requant_pytorch_onednn, 3, 0, 255}, 5), 6);
  EXPECT_EQ(requantize(c, OutputQuant{octet_requant_pytorch_qnnpack, 3, 0, 255},
                       prepare(octet_requant_pytorch_qnnpack, q).bias_int + 5),
            5);
  // ReLU is the lower clamp at zp; clamp then round.
  EXPECT_EQ(requantize(c, OutputQuant{octet_requant_pytorch_onednn, 3, 3, 255}, -100), 3);
  EXPECT_EQ(requantize(c, OutputQuant{octet_requant_pytorch_onednn, 3, 0, 255}, 1000), 255);
}

TEST(Requantize, OnednnIntegerBiasIsAddedAsFloat) {
  ChannelQuant q;
  q.bias_type = octet_datatype_s32;
  q.bias_s32 = 7;
  const ChannelRequant c = prepare(octet_requant_pytorch_onednn, q);
  EXPECT_EQ(c.bias_int, 0);
  EXPECT_EQ(c.bias_float, 7.0f);
}

TEST(Requantize, CvtOutOfRangeGivesIndefiniteInteger) {
  // cvtps2dq returns INT32_MIN for |f| >= 2^31: PyTorch's fbgemm/qnnpack then
  // output the lower clamp even for huge positive values. We reproduce it.
  EXPECT_EQ(cvt_rne_f32(3e9f), std::numeric_limits<int32_t>::min());
  EXPECT_EQ(cvt_rne_f32(-3e9f), std::numeric_limits<int32_t>::min());
  EXPECT_EQ(cvt_rne_f32(2147483520.0f), 2147483520);
  ChannelRequant c;
  c.scale = 1e6f;
  const OutputQuant o{octet_requant_pytorch_qnnpack, 10, 10, 255};
  EXPECT_EQ(requantize(c, o, 1 << 20), 10);  // 1e6 * 2^20 > 2^31: indefinite -> lower clamp
  EXPECT_EQ(requantize(c, o, 100), 255);    // large but in range: saturates high
}

TEST(Requantize, ClampBoundsAndSignedOutput) {
  ChannelQuant q;
  const ChannelRequant c = prepare(octet_requant_pytorch_fbgemm, q);  // scale 1
  const OutputQuant s8{octet_requant_pytorch_fbgemm, -5, -128, 127};
  EXPECT_EQ(requantize(c, s8, 0), -5);
  EXPECT_EQ(requantize(c, s8, -1000), -128);
  EXPECT_EQ(requantize(c, s8, 1000), 127);
  const OutputQuant relu6{octet_requant_pytorch_fbgemm, 0, 0, 6};
  EXPECT_EQ(requantize(c, relu6, 9), 6);
}

}  // namespace
}  // namespace octet::ref
