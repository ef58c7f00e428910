#include "src/ref/requantize.h"

#include <cmath>
#include <limits>

#include "src/ref/float_ops.h"

namespace octet::ref {

namespace {

// PyTorch's fbgemm engine (qconv.cpp + FBGEMM's ReQuantizeOutput):
//   act_times_w_scale = f32(f32(x_scale) * f32(w_scale))   -- all floats
//   C = f32(act_times_w_scale / f32(y_scale))
// A float bias is divided by act_times_w_scale and added to f32(acc). FBGEMM's
// SIMD code does that division per channel, but for a per-tensor weight it
// multiplies by a reciprocal computed in double: the two can differ by 1 ulp.
// An int32 bias (FBGEMM's BIAS_TYPE=int32) is added to acc before conversion.
void prepare_fbgemm(const ChannelQuant& q, ChannelRequant* out) {
  const float xs = f32(q.x_scale);
  const float atw = xs * f32(q.w_scale);
  out->scale = atw / f32(q.y_scale);
  if (q.bias_type == octet_datatype_f32) {
    out->bias_float = q.w_per_tensor ? q.bias_f32 * f32(1.0 / static_cast<double>(atw))
                                     : q.bias_f32 / atw;
  } else if (q.bias_type == octet_datatype_s32) {
    out->bias_int = q.bias_s32;
  }
}

// PyTorch's qnnpack engine (QnnpackUtils.h, QuantUtils.h):
//   M = f32(f32(f32(w_scale) * f32(x_scale)) * f32(1.0f / f32(y_scale)))
// The float bias is quantized to int32 once, with a scale computed in DOUBLE
// (w_scale * x_scale) and then inverted in float: quantize_val<qint32>.
// These are two different roundings of "the same" scale; both matter.
void prepare_qnnpack(const ChannelQuant& q, ChannelRequant* out) {
  const float ws = f32(q.w_scale);
  const float xs = f32(q.x_scale);
  const float inv_ys = 1.0f / f32(q.y_scale);
  out->scale = (ws * xs) * inv_ys;
  if (q.bias_type == octet_datatype_f32) {
    const float inv_bias_scale = 1.0f / f32(q.w_scale * q.x_scale);
    const float scaled = q.bias_f32 * inv_bias_scale;
    // nearbyint (ties to even), then clamped to int32 as quantize_val does.
    const double rounded = std::nearbyint(static_cast<double>(scaled));
    out->bias_int = clamp_i64(static_cast<int64_t>(std::fmax(std::fmin(rounded, 4e18), -4e18)),
                              std::numeric_limits<int32_t>::min(),
                              std::numeric_limits<int32_t>::max());
  } else if (q.bias_type == octet_datatype_s32) {
    out->bias_int = q.bias_s32;
  }
}

// PyTorch's onednn engine (qconv.cpp, ideep compute_scales): oneDNN is handed
// reciprocal scales. src = f32(1/x_scale), dst = f32(1/y_scale) (double
// divisions), per-tensor w: f32(1/w_scale) (double), per-channel: 1.0f/f32(w).
//   bias_scale = f32(src * w_inv);  output_scale = f32(dst / bias_scale)
// The float bias is multiplied by bias_scale and stays a float.
void prepare_onednn(const ChannelQuant& q, ChannelRequant* out) {
  const float src = f32(1.0 / q.x_scale);
  const float dst = f32(1.0 / q.y_scale);
  const float w_inv = q.w_per_tensor ? f32(1.0 / q.w_scale) : 1.0f / f32(q.w_scale);
  const float bias_scale = src * w_inv;
  out->scale = dst / bias_scale;
  if (q.bias_type == octet_datatype_f32) {
    out->bias_float = q.bias_f32 * bias_scale;
  } else if (q.bias_type == octet_datatype_s32) {
    // oneDNN converts an s32 bias to float and adds it to the float accumulator.
    out->bias_float = static_cast<float>(q.bias_s32);
  }
}

// TFLite (kernel_util.cc): scales are floats, the real multiplier is computed in
// double from them, and the bias must already be int32 at scale x_scale*w_scale.
bool prepare_fixedpoint(const ChannelQuant& q, ChannelRequant* out, std::string* why) {
  if (q.bias_type == octet_datatype_f32) {
    *why = "fixedpoint mode takes an int32 bias (bias_type s32) or none, not a float bias";
    return false;
  }
  const double real = static_cast<double>(f32(q.x_scale)) * static_cast<double>(f32(q.w_scale)) /
                      static_cast<double>(f32(q.y_scale));
  if (!quantize_multiplier(real, &out->fixed)) {
    *why = "fixedpoint mode: requantization scale x_scale*w_scale/y_scale must be below 2^31";
    return false;
  }
  if (q.bias_type == octet_datatype_s32) out->bias_int = q.bias_s32;
  return true;
}

}  // namespace

bool prepare_channel(octet_requant_mode mode, const ChannelQuant& q, ChannelRequant* out,
                     std::string* why) {
  *out = ChannelRequant{};
  switch (mode) {
    case octet_requant_pytorch_fbgemm: prepare_fbgemm(q, out); return true;
    case octet_requant_pytorch_qnnpack: prepare_qnnpack(q, out); return true;
    case octet_requant_pytorch_onednn: prepare_onednn(q, out); return true;
    case octet_requant_fixedpoint: return prepare_fixedpoint(q, out, why);
  }
  *why = "unknown requantization mode";
  return false;
}

int32_t requantize(const ChannelRequant& c, const OutputQuant& o, int32_t acc, RequantTrace* t) {
  RequantTrace local;
  RequantTrace& tr = t ? *t : local;
  tr.acc = acc;
  tr.v = add_wrap(acc, c.bias_int);
  if (o.mode == octet_requant_fixedpoint) {
    tr.rounded = multiply_by_quantized_multiplier(tr.v, c.fixed);
    tr.result = clamp_i64(int64_t{tr.rounded} + o.zero_point, o.min, o.max);
    return tr.result;
  }
  tr.f_acc = static_cast<float>(tr.v);
  tr.f_biased = tr.f_acc + c.bias_float;  // + 0.0f is exact when there is no float bias
  tr.f_scaled = tr.f_biased * c.scale;
  if (o.mode == octet_requant_pytorch_onednn) {
    // oneDNN adds the zero point in float, saturates to the output range, and
    // rounds last. (A fused ReLU, max(f, 0) before "+ zp", is the same as the
    // lower clamp at zp after it, because f -> f32(f + zp) is monotonic.)
    tr.f_shifted = tr.f_scaled + static_cast<float>(o.zero_point);
    const float lo = static_cast<float>(o.min), hi = static_cast<float>(o.max);
    const float clamped = tr.f_shifted < lo ? lo : (tr.f_shifted > hi ? hi : tr.f_shifted);
    tr.rounded = static_cast<int32_t>(std::nearbyint(clamped));
    tr.result = tr.rounded;
    return tr.result;
  }
  // fbgemm and qnnpack: cvtps2dq (ties to even; INT32_MIN when out of range),
  // then the zero point and the clamp in integers.
  tr.rounded = cvt_rne_f32(tr.f_scaled);
  tr.result = clamp_i64(int64_t{tr.rounded} + o.zero_point, o.min, o.max);
  return tr.result;
}

const char* mode_name(octet_requant_mode mode) {
  switch (mode) {
    case octet_requant_pytorch_fbgemm: return "pytorch_fbgemm";
    case octet_requant_pytorch_qnnpack: return "pytorch_qnnpack";
    case octet_requant_pytorch_onednn: return "pytorch_onednn";
    case octet_requant_fixedpoint: return "fixedpoint";
  }
  return "unknown";
}

}  // namespace octet::ref
