// octet's fixedpoint primitives against gemmlowp's own fixedpoint header
// (Debian libgemmlowp-dev): ties, extremes and random values.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "fixedpoint/fixedpoint.h"
#include "src/ref/fixedpoint.h"
#include "src/ref/requantize.h"

namespace octet::ref {
namespace {

constexpr int32_t kMin = std::numeric_limits<int32_t>::min();
constexpr int32_t kMax = std::numeric_limits<int32_t>::max();

std::vector<int32_t> interesting_values() {
  std::vector<int32_t> v = {0, 1, -1, 2, -2, 3, -3, kMin, kMax, kMin + 1, kMax - 1, 1 << 30, -(1 << 30),
                            (1 << 30) + 1, -(1 << 30) - 1, 1 << 15, -(1 << 15), 12345678, -12345678};
  for (int s = 0; s < 31; ++s) {
    // Exact ties of the division by 2^s: (2k+1) * 2^(s-1), both signs.
    if (s > 0) {
      v.push_back(3 << (s - 1));
      v.push_back(-(3 << (s - 1)));
      v.push_back(1 << (s - 1));
      v.push_back(-(1 << (s - 1)));
    }
  }
  return v;
}

TEST(FixedPoint, DoublingHighMulMatchesGemmlowpOnExtremes) {
  const std::vector<int32_t> v = interesting_values();
  for (int32_t a : v) {
    for (int32_t b : v) {
      ASSERT_EQ(saturating_rounding_doubling_high_mul(a, b), gemmlowp::SaturatingRoundingDoublingHighMul(a, b))
          << "a=" << a << " b=" << b;
    }
  }
}

TEST(FixedPoint, DoublingHighMulMatchesGemmlowpOnRandom) {
  std::mt19937 rng(1234);
  std::uniform_int_distribution<int32_t> any(kMin, kMax);
  for (int i = 0; i < 200000; ++i) {
    const int32_t a = any(rng), b = any(rng);
    ASSERT_EQ(saturating_rounding_doubling_high_mul(a, b), gemmlowp::SaturatingRoundingDoublingHighMul(a, b))
        << "a=" << a << " b=" << b;
  }
}

TEST(FixedPoint, DoublingHighMulTies) {
  // a*b = 2^30 exactly is half of one unit. The nudge (2^30, or 1 - 2^30 for
  // negative products) rounds +0.5 up and -0.5 toward zero, as gemmlowp does.
  EXPECT_EQ(saturating_rounding_doubling_high_mul(1 << 15, 1 << 15), 1);
  EXPECT_EQ(saturating_rounding_doubling_high_mul(-(1 << 15), 1 << 15), 0);
  EXPECT_EQ(saturating_rounding_doubling_high_mul(-(3 << 15), 1 << 15), -1);  // -1.5 -> -1
  EXPECT_EQ(saturating_rounding_doubling_high_mul(kMin, kMin), kMax);  // the one saturating input
}

TEST(FixedPoint, RoundingDivideByPotMatchesGemmlowp) {
  const std::vector<int32_t> v = interesting_values();
  std::mt19937 rng(99);
  std::uniform_int_distribution<int32_t> any(kMin, kMax);
  for (int e = 0; e <= 31; ++e) {
    for (int32_t x : v) {
      ASSERT_EQ(rounding_divide_by_pot(x, e), gemmlowp::RoundingDivideByPOT(x, e)) << "x=" << x << " e=" << e;
    }
    for (int i = 0; i < 5000; ++i) {
      const int32_t x = any(rng);
      ASSERT_EQ(rounding_divide_by_pot(x, e), gemmlowp::RoundingDivideByPOT(x, e)) << "x=" << x << " e=" << e;
    }
  }
}

TEST(FixedPoint, RoundingDivideByPotTiesGoAwayFromZero) {
  EXPECT_EQ(rounding_divide_by_pot(5, 1), 3);    // 2.5 -> 3
  EXPECT_EQ(rounding_divide_by_pot(-5, 1), -3);  // -2.5 -> -3
  EXPECT_EQ(rounding_divide_by_pot(6, 2), 2);    // 1.5 -> 2
  EXPECT_EQ(rounding_divide_by_pot(-6, 2), -2);  // -1.5 -> -2
  EXPECT_EQ(rounding_divide_by_pot(-7, 2), -2);  // -1.75 -> -2
  EXPECT_EQ(rounding_divide_by_pot(-5, 2), -1);  // -1.25 -> -1
}

TEST(FixedPoint, QuantizeMultiplierFollowsTflite) {
  QuantizedMultiplier qm;
  ASSERT_TRUE(quantize_multiplier(0.5, &qm));
  EXPECT_EQ(qm.multiplier, 1 << 30);
  EXPECT_EQ(qm.exponent, 0);
  ASSERT_TRUE(quantize_multiplier(0.25, &qm));
  EXPECT_EQ(qm.multiplier, 1 << 30);
  EXPECT_EQ(qm.exponent, -1);
  ASSERT_TRUE(quantize_multiplier(3.0, &qm));  // 0.75 * 2^2
  EXPECT_EQ(qm.multiplier, 3 << 29);
  EXPECT_EQ(qm.exponent, 2);
  // A mantissa that rounds up to 2^31 is renormalised.
  ASSERT_TRUE(quantize_multiplier(1.0 - 1e-12, &qm));
  EXPECT_EQ(qm.multiplier, 1 << 30);
  EXPECT_EQ(qm.exponent, 1);
  // Half away from zero on the Q31 mantissa: q*2^31 = 2^30 + 0.5 -> 2^30 + 1.
  ASSERT_TRUE(quantize_multiplier((1073741824.5) / 2147483648.0, &qm));
  EXPECT_EQ(qm.multiplier, (1 << 30) + 1);
  // Below 2^-32 TFLite flushes the multiplier to zero.
  ASSERT_TRUE(quantize_multiplier(std::ldexp(0.75, -33), &qm));
  EXPECT_EQ(qm.multiplier, 0);
  EXPECT_EQ(qm.exponent, 0);
  EXPECT_FALSE(quantize_multiplier(-1.0, &qm));
  EXPECT_FALSE(quantize_multiplier(std::ldexp(1.0, 40), &qm));
}

TEST(FixedPoint, MultiplyByQuantizedMultiplierMatchesGemmlowpComposition) {
  // TFLite's MultiplyByQuantizedMultiplier is gemmlowp's two primitives; compare
  // with the composition from the gemmlowp header for multipliers < 1.
  std::mt19937 rng(7);
  std::uniform_int_distribution<int32_t> acc(-(1 << 24), 1 << 24);
  std::uniform_real_distribution<double> real(1e-6, 0.999);
  for (int i = 0; i < 20000; ++i) {
    QuantizedMultiplier qm;
    ASSERT_TRUE(quantize_multiplier(real(rng), &qm));
    const int32_t v = acc(rng);
    const int right = qm.exponent > 0 ? 0 : -qm.exponent;
    const int32_t expected = gemmlowp::RoundingDivideByPOT(
        gemmlowp::SaturatingRoundingDoublingHighMul(v * (1 << (qm.exponent > 0 ? qm.exponent : 0)), qm.multiplier),
        right);
    ASSERT_EQ(multiply_by_quantized_multiplier(v, qm), expected) << "v=" << v;
  }
}

TEST(FixedPoint, LeftShiftSaturatesInsteadOfOverflowing) {
  // octet's documented choice for multipliers >= 1: v * 2^left saturates.
  EXPECT_EQ(saturating_left_shift(1 << 20, 12), kMax);
  EXPECT_EQ(saturating_left_shift(-(1 << 20), 12), kMin);
  EXPECT_EQ(saturating_left_shift(1000, 3), 8000);
  QuantizedMultiplier qm;
  ASSERT_TRUE(quantize_multiplier(4.0, &qm));  // 0.5 * 2^3
  EXPECT_EQ(multiply_by_quantized_multiplier(1000, qm), 4000);
  EXPECT_EQ(multiply_by_quantized_multiplier(1 << 30, qm), (kMax / 2) + 1);  // saturated shift, then * 0.5
}

TEST(FixedPoint, RequantizeClampsAfterZeroPoint) {
  ChannelQuant q;
  q.x_scale = 0.5;
  q.w_scale = 0.25;
  q.y_scale = 1.0;  // real multiplier 0.125
  q.bias_type = octet_datatype_s32;
  q.bias_s32 = 4;
  ChannelRequant c;
  std::string why;
  ASSERT_TRUE(prepare_channel(octet_requant_fixedpoint, q, &c, &why)) << why;
  OutputQuant o{octet_requant_fixedpoint, 10, 0, 255};
  EXPECT_EQ(requantize(c, o, 0), 11);    // (0+4)*0.125 = 0.5 -> 1 (away from zero) + 10
  EXPECT_EQ(requantize(c, o, -24), 7);   // -20*0.125 = -2.5 -> -3 (away from zero) + 10
  EXPECT_EQ(requantize(c, o, 100000), 255);
  EXPECT_EQ(requantize(c, o, -100000), 0);
  q.bias_type = octet_datatype_f32;
  EXPECT_FALSE(prepare_channel(octet_requant_fixedpoint, q, &c, &why));
  EXPECT_NE(why.find("int32 bias"), std::string::npos);
}

}  // namespace
}  // namespace octet::ref
