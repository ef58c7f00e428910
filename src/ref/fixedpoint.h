// gemmlowp/TFLite integer requantization, written out as the specification of
// octet's `fixedpoint` mode (SEMANTICS.md section 7).
//
// A real multiplier M (0 < M) is held as a Q31 mantissa m in [2^30, 2^31) and a
// power-of-two exponent e, M = m * 2^(e - 31). Applying it to an int32 v takes
// two roundings, both half away from zero:
//   1. t = round(v * 2^max(e,0) * m / 2^31)      (SaturatingRoundingDoublingHighMul)
//   2. r = round(t / 2^max(-e,0))               (RoundingDivideByPOT)
#pragma once

#include <cstdint>

namespace octet::ref {

struct QuantizedMultiplier {
  int32_t multiplier = 0;  // Q31 mantissa, 0 or in [2^30, 2^31)
  int32_t exponent = 0;    // M = multiplier * 2^(exponent - 31)
};

// TFLite QuantizeMultiplier: frexp, round half away from zero to Q31, fix the
// mantissa overflow at exactly 2^31, and flush tiny multipliers (e < -31) to 0.
// Returns false for multipliers octet does not accept: not finite, negative,
// or >= 2^31 (a shift of more than 31 bits).
bool quantize_multiplier(double real, QuantizedMultiplier* out);

// (a*b + nudge) / 2^31 with truncating division: the rounding doubling high
// multiply. The single overflowing input (INT32_MIN * INT32_MIN) saturates.
int32_t saturating_rounding_doubling_high_mul(int32_t a, int32_t b);

// x / 2^exponent rounded half away from zero (0 <= exponent <= 31).
int32_t rounding_divide_by_pot(int32_t x, int exponent);

// v * 2^left in int32 with saturation. TFLite leaves the overflow undefined
// (it only happens for multipliers >= 1 and large accumulators); octet
// saturates, so the result is the int32 nearest to the true product.
int32_t saturating_left_shift(int32_t v, int left);

// The whole step: round(v * M) as TFLite's MultiplyByQuantizedMultiplier.
int32_t multiply_by_quantized_multiplier(int32_t v, QuantizedMultiplier qm);

}  // namespace octet::ref
