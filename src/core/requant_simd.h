// What every SIMD output stage shares, independent of the ISA: the
// per-operator output parameters, the two per-channel words a kernel keeps
// beside its packed weights, and the choice of epilogue per row. The stage
// itself is written once, src/core/output_stage.h, over the lane operations
// of each vector ISA (src/x86/output_lanes.h, src/arm/neon/output_neon.h); it
// is bit-identical to src/ref/requantize.cc (test/output checks each ISA).
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "octet/octet.h"
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

// The three arithmetic forms of the modes, as the output stage
// (src/core/output_stage.h) implements them: fbgemm and qnnpack share one.
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

}  // namespace octet::simd
