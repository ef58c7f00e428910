#include "src/ref/fixedpoint.h"

#include <cmath>
#include <limits>

namespace octet::ref {

bool quantize_multiplier(double real, QuantizedMultiplier* out) {
  *out = QuantizedMultiplier{};
  if (!std::isfinite(real) || real < 0.0) return false;
  if (real == 0.0) return true;
  int e = 0;
  const double q = std::frexp(real, &e);  // real = q * 2^e, q in [0.5, 1)
  int64_t m = static_cast<int64_t>(std::round(q * 2147483648.0));  // half away from zero
  if (m == (int64_t{1} << 31)) {  // q rounded up to 1.0: renormalise
    m /= 2;
    e += 1;
  }
  if (e < -31) {  // below what a 31-bit right shift can express: TFLite flushes to 0
    return true;
  }
  if (e > 31) return false;
  out->multiplier = static_cast<int32_t>(m);
  out->exponent = e;
  return true;
}

int32_t saturating_rounding_doubling_high_mul(int32_t a, int32_t b) {
  if (a == b && a == std::numeric_limits<int32_t>::min()) return std::numeric_limits<int32_t>::max();
  const int64_t ab = static_cast<int64_t>(a) * static_cast<int64_t>(b);
  // Round half away from zero: add 0.5 (in units of 2^31) toward the sign of ab,
  // then divide with truncation toward zero.
  const int64_t nudge = ab >= 0 ? (int64_t{1} << 30) : (1 - (int64_t{1} << 30));
  return static_cast<int32_t>((ab + nudge) / (int64_t{1} << 31));
}

int32_t rounding_divide_by_pot(int32_t x, int exponent) {
  if (exponent == 0) return x;
  const int32_t mask = static_cast<int32_t>((int64_t{1} << exponent) - 1);
  const int32_t remainder = x & mask;
  // The threshold is half of the divisor, one more for negative x: ties go away from zero.
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

int32_t saturating_left_shift(int32_t v, int left) {
  const int64_t shifted = static_cast<int64_t>(v) * (int64_t{1} << left);
  if (shifted > std::numeric_limits<int32_t>::max()) return std::numeric_limits<int32_t>::max();
  if (shifted < std::numeric_limits<int32_t>::min()) return std::numeric_limits<int32_t>::min();
  return static_cast<int32_t>(shifted);
}

int32_t multiply_by_quantized_multiplier(int32_t v, QuantizedMultiplier qm) {
  const int left = qm.exponent > 0 ? qm.exponent : 0;
  const int right = qm.exponent > 0 ? 0 : -qm.exponent;
  const int32_t t = saturating_rounding_doubling_high_mul(saturating_left_shift(v, left), qm.multiplier);
  return rounding_divide_by_pot(t, right);
}

}  // namespace octet::ref
