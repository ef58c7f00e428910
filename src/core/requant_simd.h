// The requantization epilogue of every SIMD kernel, written once against xsimd
// and instantiated per architecture (xsimd::avx2, xsimd::avx512bw,
// xsimd::neon64, ...). Bit-identical to src/ref/requantize.cc, including the
// cvtps2dq corner case (INT32_MIN for |f| >= 2^31), which NEON has to emulate.
//
// Kernels keep per-channel constants beside their packed weights as
// RequantLanes arrays and call requantize_lanes() on one vector of int32
// accumulators (already holding the folded int32 bias and zero-point terms).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include <xsimd/xsimd.hpp>

#include "octet/octet.h"
#include "src/ref/fixedpoint.h"
#include "src/ref/requantize.h"

namespace octet::simd {

// The per-operator part: mode, output zero point and clamp.
struct OutputParams {
  octet_requant_mode mode = octet_requant_pytorch_fbgemm;
  int32_t zero_point = 0;
  int32_t min = 0, max = 255;
  static OutputParams from(const ref::OutputQuant& o) { return OutputParams{o.mode, o.zero_point, o.min, o.max}; }
};

// The per-channel part, one value per channel. For the float modes `a` is the
// float bias term and `b` the float multiplier (bit patterns); for fixedpoint
// `a` is the Q31 multiplier and `b` the exponent.
union ChannelWord {
  float f;
  int32_t i;
};

// The three arithmetic forms of the modes, as the per-ISA output stages
// (src/x86/avx2/output_avx2.h, src/x86/avx512bw/output_avx512.h,
// src/arm/neon/output_neon.h) implement them: fbgemm and qnnpack share one.
enum class OutKind { kFloat, kOneDnn, kFixed };

template <OutKind K>
using OutKindTag = std::integral_constant<OutKind, K>;
template <bool B>
using BoolTag = std::integral_constant<bool, B>;

// Calls f(OutKindTag, BoolTag<u8>, BoolTag<clamp>) for a u8 / s8 output, so
// that a kernel instantiates its row loop once per epilogue and tests the
// mode once per row. clamp is false when [min, max] is the whole output range
// (the byte clamp is then the identity) and kClampTag lets a kernel take that
// shortcut; onednn clamps in float, and always gets clamp false.
template <bool kClampTag, class F>
inline void dispatch_output(const OutputParams& p, bool u8, F&& f) {
  auto with_u8 = [&](auto kind, bool clamp) {
    if constexpr (kClampTag) {
      if (!clamp) return u8 ? f(kind, BoolTag<true>{}, BoolTag<false>{}) : f(kind, BoolTag<false>{}, BoolTag<false>{});
    }
    return u8 ? f(kind, BoolTag<true>{}, BoolTag<true>{}) : f(kind, BoolTag<false>{}, BoolTag<true>{});
  };
  const bool full = u8 ? (p.min <= 0 && p.max >= 255) : (p.min <= -128 && p.max >= 127);
  switch (p.mode) {
    case octet_requant_pytorch_fbgemm:
    case octet_requant_pytorch_qnnpack: return with_u8(OutKindTag<OutKind::kFloat>{}, !full);
    case octet_requant_pytorch_onednn: return with_u8(OutKindTag<OutKind::kOneDnn>{}, false);
    // fixedpoint is for compatibility checks: one clamped instantiation.
    default: return with_u8(OutKindTag<OutKind::kFixed>{}, true);
  }
}

// Writes the two per-channel words of channel k (for a packed-weights panel).
inline void channel_words(octet_requant_mode mode, const ref::ChannelRequant& c, ChannelWord* a, ChannelWord* b) {
  if (mode == octet_requant_fixedpoint) {
    a->i = c.fixed.multiplier;
    b->i = c.fixed.exponent;
  } else {
    a->f = c.bias_float;
    b->f = c.scale;
  }
}

// The fixedpoint mode in place on n values, lane by lane through the
// reference: exact, not the fast path (the mode is for compatibility checks
// rather than peak speed). a, b: the per-channel words of these values.
inline void requantize_fixedpoint(int32_t* v, size_t n, const ChannelWord* a, const ChannelWord* b,
                                  const OutputParams& p) {
  for (size_t i = 0; i < n; ++i) {
    const ref::QuantizedMultiplier qm{a[i].i, b[i].i};
    const int64_t r = int64_t{ref::multiply_by_quantized_multiplier(v[i], qm)} + p.zero_point;
    v[i] = static_cast<int32_t>(r < p.min ? p.min : (r > p.max ? p.max : r));
  }
}

// v: accumulators plus int32 bias; a, b: per-channel words of these lanes.
// Returns the requantized values in the output's integer domain.
template <class A>
inline xsimd::batch<int32_t, A> requantize_lanes(const xsimd::batch<int32_t, A>& v, const ChannelWord* a,
                                                 const ChannelWord* b, const OutputParams& p) {
  using i32 = xsimd::batch<int32_t, A>;
  using f32 = xsimd::batch<float, A>;
  constexpr size_t L = i32::size;
  if (p.mode == octet_requant_fixedpoint) {
    alignas(64) int32_t lanes[L];
    v.store_aligned(lanes);
    requantize_fixedpoint(lanes, L, a, b, p);
    return i32::load_aligned(lanes);
  }
  const f32 bias = f32::load_unaligned(reinterpret_cast<const float*>(a));
  const f32 scale = f32::load_unaligned(reinterpret_cast<const float*>(b));
  // Separate multiply and add: -ffp-contract=off keeps them two roundings.
  const f32 f = (xsimd::to_float(v) + bias) * scale;
  if (p.mode == octet_requant_pytorch_onednn) {
    // + zero point in float, clamp in float, round last (values are in range).
    const f32 shifted = f + f32(static_cast<float>(p.zero_point));
    const f32 clamped = xsimd::min(xsimd::max(shifted, f32(static_cast<float>(p.min))), f32(static_cast<float>(p.max)));
    return xsimd::nearbyint_as_int(clamped);
  }
  // cvtps2dq semantics everywhere: out of int32 range (or NaN) -> INT32_MIN.
  // Replacing such lanes by -2^31 before converting gives that on every ISA.
  const auto in_range = (f >= f32(-2147483648.0f)) & (f < f32(2147483648.0f));
  i32 r = xsimd::nearbyint_as_int(xsimd::select(in_range, f, f32(-2147483648.0f)));
  // Narrow first (as packs_epi32 does) so adding the zero point cannot wrap.
  r = xsimd::min(xsimd::max(r, i32(-65536)), i32(65536));
  return xsimd::min(xsimd::max(r + i32(p.zero_point), i32(p.min)), i32(p.max));
}

// Stores the first n (<= lanes) values as u8 / s8 / s32 at dst. Writes exactly
// n elements: partial tiles never touch bytes past the caller's buffer.
template <class A>
inline void store_lanes(const xsimd::batch<int32_t, A>& y, octet_datatype type, void* dst, size_t n) {
  constexpr size_t L = xsimd::batch<int32_t, A>::size;
  alignas(64) int32_t lanes[L];
  y.store_aligned(lanes);
  if (type == octet_datatype_s32) {
    std::memcpy(dst, lanes, n * sizeof(int32_t));
    return;
  }
  uint8_t bytes[L];
  for (size_t i = 0; i < L; ++i) bytes[i] = static_cast<uint8_t>(lanes[i]);
  std::memcpy(dst, bytes, n);
}

}  // namespace octet::simd
