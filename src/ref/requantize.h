// Requantization: how one exact int32 accumulator becomes one output value, in
// each of octet's modes. This is the specification; every SIMD epilogue
// reproduces it bit for bit.
//
// Every mode is split in two steps:
//   1. prepare_channel(): at operator creation, the user's scales (doubles, as
//      PyTorch holds them) and bias become the per-output-channel constants of
//      the mode, rounded to float exactly where that engine rounds them.
//   2. requantize(): at run time, acc -> output, using only those constants.
//
// All three PyTorch modes fit one shape, which is also the shape of the SIMD
// epilogues:
//     v = acc + bias_int                    (int32)
//     f = f32(v)                            (int32 -> float, round to nearest even)
//     f = f32(f + bias_float)               (fbgemm, onednn: the bias stays a float)
//     f = f32(f * scale)
//   fbgemm, qnnpack:  y = clamp(rne(f) + y_zp, out_min, out_max)
//   onednn:           y = rne(clamp(f32(f + f32(y_zp)), out_min, out_max))
// and fixedpoint is
//     y = clamp(round(v * M) + y_zp, out_min, out_max) with gemmlowp rounding.
#pragma once

#include <cstdint>
#include <string>

#include "octet/octet.h"
#include "src/ref/fixedpoint.h"

namespace octet::ref {

// The user's quantization parameters of one output channel.
struct ChannelQuant {
  double x_scale = 1.0;
  double w_scale = 1.0;         // this channel's weight scale
  bool w_per_tensor = false;    // one scale for every channel (changes fbgemm/onednn rounding)
  double y_scale = 1.0;
  octet_datatype bias_type = octet_datatype_none;
  float bias_f32 = 0.0f;        // when bias_type == f32
  int32_t bias_s32 = 0;         // when bias_type == s32
};

// The constants of one output channel, as the mode's engine holds them.
struct ChannelRequant {
  int32_t bias_int = 0;     // added to the accumulator in int32
  float bias_float = 0.0f;  // added after the int32 -> float conversion (fbgemm, onednn)
  float scale = 0.0f;       // float multiplier (fbgemm C, qnnpack M, onednn output scale)
  QuantizedMultiplier fixed;  // fixedpoint mode
};

struct OutputQuant {
  octet_requant_mode mode = octet_requant_pytorch_fbgemm;
  int32_t zero_point = 0;
  int32_t min = 0, max = 255;  // clamp, in the output's integer domain
};

// Fills *out for this channel. Returns false with a message in *why when the
// mode cannot represent it (e.g. a float bias in fixedpoint mode).
bool prepare_channel(octet_requant_mode mode, const ChannelQuant& q, ChannelRequant* out,
                     std::string* why);

// Every intermediate value of one requantization, for `octet-golden --explain`.
struct RequantTrace {
  int32_t acc = 0;
  int32_t v = 0;          // acc + bias_int
  float f_acc = 0.0f;     // f32(v)
  float f_biased = 0.0f;  // + bias_float
  float f_scaled = 0.0f;  // * scale
  float f_shifted = 0.0f;  // onednn: + y_zp in float
  int32_t rounded = 0;    // rne (or the fixedpoint result)
  int32_t result = 0;     // after zero point and clamp
};

// acc -> output value (in the output's integer domain, e.g. 0..255 for u8).
int32_t requantize(const ChannelRequant& c, const OutputQuant& o, int32_t acc,
                   RequantTrace* trace = nullptr);

const char* mode_name(octet_requant_mode mode);

}  // namespace octet::ref
