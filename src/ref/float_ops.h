// The few floating-point primitives every requantization mode is written in.
// Each one is a single IEEE binary32 operation with a single rounding, exactly
// what one SSE/AVX/NEON instruction does. This file, like all requantization
// code, is compiled with -ffp-contract=off: a fused multiply-add would skip a
// rounding and change the bytes.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

namespace octet::ref {

// f32(v): round a double to the nearest float, ties to even.
inline float f32(double v) { return static_cast<float>(v); }

// rne(v) as cvtps2dq does it: round to nearest, ties to even, and INT32_MIN
// (the "integer indefinite" value) for NaN or anything outside int32. PyTorch's
// fbgemm and qnnpack kernels inherit that behaviour, so we reproduce it.
inline int32_t cvt_rne_f32(float v) {
  if (!(v >= -2147483648.0f && v < 2147483648.0f)) return std::numeric_limits<int32_t>::min();
  return static_cast<int32_t>(std::nearbyint(v));
}

// int32 + int32 with two's-complement wrap-around, as the SIMD add does. The
// documented limits keep real sums far from wrapping; this only makes the
// reference free of undefined behaviour at the extremes.
inline int32_t add_wrap(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
}

inline int32_t clamp_i64(int64_t v, int32_t lo, int32_t hi) {
  return static_cast<int32_t>(v < lo ? lo : (v > hi ? hi : v));
}

}  // namespace octet::ref
