// Parameter validation for octet_conv2d_create: every rule of DESIGN.md's
// "Error handling", each failure naming the parameter. On success the
// parameters are copied into a ConvConfig with the requantization constants.
#include "src/api/conv2d_validate.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <type_traits>
#include <limits>
#include <new>
#include <string>

#include "src/api/error.h"
#include "src/ref/requantize.h"

namespace octet {

namespace {

constexpr size_t kMaxDim = size_t{1} << 24;  // any one size or stride; keeps products in range

bool mul_overflows(size_t a, size_t b, size_t* out) { return __builtin_mul_overflow(a, b, out); }

// Range of an input/output integer type.
bool type_range(octet_datatype t, int32_t* lo, int32_t* hi) {
  switch (t) {
    case octet_datatype_u8: *lo = 0; *hi = 255; return true;
    case octet_datatype_s8: *lo = -128; *hi = 127; return true;
    case octet_datatype_s32:
      *lo = std::numeric_limits<int32_t>::min();
      *hi = std::numeric_limits<int32_t>::max();
      return true;
    default: return false;
  }
}

// The integer in an enum field. C callers may store any int there, and in C++
// loading an enumeration outside its declared values is undefined, so
// validation reads the raw bytes.
template <class E>
int raw_enum(const E& e) {
  std::underlying_type_t<E> v;
  std::memcpy(&v, &e, sizeof(v));
  return static_cast<int>(v);
}

bool good_scale(double s) { return std::isfinite(s) && s > 0.0; }

// Every requantization mode computes in float: a scale, and the products and
// quotients of scales the modes form, must be normal floats, or the float
// constants become 0, infinite or NaN (docs/LIMITS.md, "Scales").
bool float_normal(double v) { return v >= FLT_MIN && v <= FLT_MAX; }

constexpr size_t kMaxWeights = size_t{1} << 40;
constexpr size_t kMaxImageElements = size_t{1} << 40;  // (H + pads) * (W + pads) * channels, per image
constexpr size_t kMaxBatchElements = size_t{1} << 56;  // the same times batch

const char* type_name(int t) {
  switch (t) {
    case octet_datatype_none: return "none";
    case octet_datatype_u8: return "u8";
    case octet_datatype_s8: return "s8";
    case octet_datatype_s32: return "s32";
    case octet_datatype_f32: return "f32";
  }
  return "unknown";
}

}  // namespace

octet_status validate_conv2d(const octet_conv2d_params* p, ConvConfig* cfg) {
  constexpr octet_status kInvalid = octet_status_invalid_parameter;
  if (p == nullptr) return fail(kInvalid, "params is NULL");
  if (p->struct_size != sizeof(octet_conv2d_params)) {
    return fail(kInvalid, "params.struct_size is %zu, expected %zu: initialise with octet_conv2d_params_init()",
                p->struct_size, sizeof(octet_conv2d_params));
  }
  if (p->flags != 0) return fail(kInvalid, "params.flags must be 0 (got 0x%x)", p->flags);

  // Sizes.
  struct Named {
    const char* name;
    size_t value;
  };
  const Named sizes[] = {{"input_channels", p->input_channels},   {"output_channels", p->output_channels},
                         {"groups", p->groups},                   {"kernel_height", p->kernel_height},
                         {"kernel_width", p->kernel_width},       {"stride_height", p->stride_height},
                         {"stride_width", p->stride_width},       {"dilation_height", p->dilation_height},
                         {"dilation_width", p->dilation_width}};
  for (const Named& s : sizes) {
    if (s.value == 0) return fail(kInvalid, "params.%s must be at least 1", s.name);
    if (s.value > kMaxDim) return fail(kInvalid, "params.%s is %zu, above the limit %zu", s.name, s.value, kMaxDim);
  }
  const Named pads[] = {{"pad_top", p->pad_top}, {"pad_left", p->pad_left},
                        {"pad_bottom", p->pad_bottom}, {"pad_right", p->pad_right}};
  for (const Named& s : pads) {
    if (s.value > kMaxDim) return fail(kInvalid, "params.%s is %zu, above the limit %zu", s.name, s.value, kMaxDim);
  }
  if (p->input_channels % p->groups != 0) {
    return fail(kInvalid, "params.groups (%zu) does not divide params.input_channels (%zu)", p->groups,
                p->input_channels);
  }
  if (p->output_channels % p->groups != 0) {
    return fail(kInvalid, "params.groups (%zu) does not divide params.output_channels (%zu)", p->groups,
                p->output_channels);
  }
  // Pads wider than the kernel are valid: PyTorch accepts them, and the border
  // outputs that see only padding are the requantized bias. Only sizes past
  // kMaxDim (checked above) are rejected.
  const size_t cg = p->input_channels / p->groups;
  size_t taps = 0, weight_count = 0;
  if (mul_overflows(p->kernel_height, p->kernel_width, &taps) || mul_overflows(taps, cg, &taps) ||
      mul_overflows(taps, p->output_channels, &weight_count)) {
    return fail(kInvalid, "kernel_height*kernel_width*input_channels/groups*output_channels overflows");
  }
  if (weight_count > kMaxWeights) {
    return fail(kInvalid,
                "kernel_height*kernel_width*input_channels/groups*output_channels = %zu weights is above the "
                "limit 2^40",
                weight_count);
  }

  // Types, zero points and scales.
  int32_t x_lo = 0, x_hi = 0, y_lo = 0, y_hi = 0;
  const int input_type = raw_enum(p->input_type), output_type = raw_enum(p->output_type);
  const int bias_type = raw_enum(p->bias_type), mode = raw_enum(p->requant_mode);
  if (input_type != octet_datatype_u8 && input_type != octet_datatype_s8) {
    return fail(kInvalid, "params.input_type must be u8 or s8 (got %s)", type_name(input_type));
  }
  type_range(p->input_type, &x_lo, &x_hi);
  if (p->input_zero_point < x_lo || p->input_zero_point > x_hi) {
    return fail(kInvalid, "params.input_zero_point %d is outside %d..%d for %s input", p->input_zero_point, x_lo,
                x_hi, type_name(input_type));
  }
  if (!good_scale(p->input_scale)) {
    return fail(kInvalid, "params.input_scale must be finite and positive (got %g)", p->input_scale);
  }
  if (!float_normal(p->input_scale)) {
    return fail(kInvalid, "params.input_scale %g is outside float's normal range %g..%g", p->input_scale,
                double{FLT_MIN}, double{FLT_MAX});
  }
  if (p->weights == nullptr) return fail(kInvalid, "params.weights is NULL");
  if (p->weight_scales == nullptr) return fail(kInvalid, "params.weight_scales is NULL");
  if (p->weight_scale_count != 1 && p->weight_scale_count != p->output_channels) {
    return fail(kInvalid, "params.weight_scale_count must be 1 or output_channels (%zu), got %zu",
                p->output_channels, p->weight_scale_count);
  }
  for (size_t i = 0; i < p->weight_scale_count; ++i) {
    if (!good_scale(p->weight_scales[i])) {
      return fail(kInvalid, "params.weight_scales[%zu] must be finite and positive (got %g)", i, p->weight_scales[i]);
    }
    if (!float_normal(p->weight_scales[i])) {
      return fail(kInvalid, "params.weight_scales[%zu] %g is outside float's normal range %g..%g", i,
                  p->weight_scales[i], double{FLT_MIN}, double{FLT_MAX});
    }
    if (!float_normal(p->input_scale * p->weight_scales[i])) {
      return fail(kInvalid, "params.input_scale*weight_scales[%zu] = %g is outside float's normal range %g..%g", i,
                  p->input_scale * p->weight_scales[i], double{FLT_MIN}, double{FLT_MAX});
    }
    if (p->weight_zero_points != nullptr &&
        (p->weight_zero_points[i] < -128 || p->weight_zero_points[i] > 127)) {
      return fail(kInvalid, "params.weight_zero_points[%zu] %d is outside -128..127", i, p->weight_zero_points[i]);
    }
  }
  if (bias_type != octet_datatype_none && bias_type != octet_datatype_f32 && bias_type != octet_datatype_s32) {
    return fail(kInvalid, "params.bias_type must be none, f32 or s32 (got %s)", type_name(bias_type));
  }
  if (p->bias_type != octet_datatype_none && p->bias == nullptr) {
    return fail(kInvalid, "params.bias is NULL but params.bias_type is %s", type_name(bias_type));
  }
  if (p->bias_type == octet_datatype_f32) {
    const float* b = static_cast<const float*>(p->bias);
    for (size_t k = 0; k < p->output_channels; ++k) {
      if (!std::isfinite(b[k])) return fail(kInvalid, "params.bias[%zu] is not finite", k);
    }
  }
  if (output_type != octet_datatype_u8 && output_type != octet_datatype_s8 && output_type != octet_datatype_s32) {
    return fail(kInvalid, "params.output_type must be u8, s8 or s32 (got %s)", type_name(output_type));
  }
  type_range(p->output_type, &y_lo, &y_hi);
  const bool quantized_out = p->output_type != octet_datatype_s32;
  if (!quantized_out && p->bias_type == octet_datatype_f32) {
    return fail(kInvalid, "params.bias_type f32 cannot be added to raw s32 output: pass an s32 bias or none");
  }
  if (quantized_out) {
    if (!good_scale(p->output_scale)) {
      return fail(kInvalid, "params.output_scale must be finite and positive (got %g)", p->output_scale);
    }
    if (!float_normal(p->output_scale)) {
      return fail(kInvalid, "params.output_scale %g is outside float's normal range %g..%g", p->output_scale,
                  double{FLT_MIN}, double{FLT_MAX});
    }
    for (size_t i = 0; i < p->weight_scale_count; ++i) {
      const double m = p->input_scale * p->weight_scales[i] / p->output_scale;
      if (!float_normal(m)) {
        return fail(kInvalid,
                    "the requantization scale input_scale*weight_scales[%zu]/output_scale = %g is outside float's "
                    "normal range %g..%g",
                    i, m, double{FLT_MIN}, double{FLT_MAX});
      }
    }
    if (p->output_zero_point < y_lo || p->output_zero_point > y_hi) {
      return fail(kInvalid, "params.output_zero_point %d is outside %d..%d for %s output", p->output_zero_point,
                  y_lo, y_hi, type_name(output_type));
    }
    if (p->output_min > p->output_max) {
      return fail(kInvalid, "params.output_min (%d) is greater than params.output_max (%d)", p->output_min,
                  p->output_max);
    }
    if (p->output_max < y_lo || p->output_min > y_hi) {
      return fail(kInvalid, "params.output_min..output_max (%d..%d) does not meet the %s range %d..%d",
                  p->output_min, p->output_max, type_name(output_type), y_lo, y_hi);
    }
  }
  if (mode != octet_requant_pytorch_fbgemm && mode != octet_requant_pytorch_qnnpack &&
      mode != octet_requant_pytorch_onednn && mode != octet_requant_fixedpoint) {
    return fail(kInvalid, "params.requant_mode %d is not a requantization mode", mode);
  }

  // Exactness: the worst |(x - x_zp) * (w - w_zp)| summed over every tap must
  // fit in the int32 accumulator that every kernel holds.
  const int64_t max_dx = std::max<int64_t>(p->input_zero_point - x_lo, x_hi - p->input_zero_point);
  int64_t max_dw = 128;
  for (size_t i = 0; p->weight_zero_points != nullptr && i < p->weight_scale_count; ++i) {
    max_dw = std::max<int64_t>(max_dw, std::max<int64_t>(p->weight_zero_points[i] + 128, 127 - p->weight_zero_points[i]));
  }
  if (static_cast<double>(taps) * static_cast<double>(max_dx * max_dw) > 2147483647.0) {
    return fail(octet_status_unsupported,
                "kernel_height*kernel_width*input_channels/groups = %zu taps can overflow the exact int32 "
                "accumulator with these zero points (limit %lld taps)",
                taps, static_cast<long long>(2147483647 / (max_dx * max_dw)));
  }

  // Copy everything.
  try {
    ConvConfig& c = *cfg;
    const size_t K = p->output_channels;
    c.shape.C = p->input_channels;
    c.shape.K = K;
    c.shape.groups = p->groups;
    c.shape.R = p->kernel_height;
    c.shape.S = p->kernel_width;
    c.shape.stride_h = p->stride_height;
    c.shape.stride_w = p->stride_width;
    c.shape.dil_h = p->dilation_height;
    c.shape.dil_w = p->dilation_width;
    c.shape.pad_top = p->pad_top;
    c.shape.pad_left = p->pad_left;
    c.shape.pad_bottom = p->pad_bottom;
    c.shape.pad_right = p->pad_right;
    c.input_type = p->input_type;
    c.output_type = p->output_type;
    c.bias_type = p->bias_type;
    c.mode = p->requant_mode;
    c.x_scale = p->input_scale;
    c.y_scale = quantized_out ? p->output_scale : 1.0;
    c.x_zero_point = p->input_zero_point;
    c.output.mode = p->requant_mode;
    c.output.zero_point = quantized_out ? p->output_zero_point : 0;
    c.output.min = std::max(p->output_min, y_lo);
    c.output.max = std::min(p->output_max, y_hi);
    c.weights.assign(p->weights, p->weights + weight_count);
    c.w_per_tensor = p->weight_scale_count == 1;
    c.w_scales.resize(K);
    c.w_zero_points.assign(K, 0);
    for (size_t k = 0; k < K; ++k) {
      const size_t i = c.w_per_tensor ? 0 : k;
      c.w_scales[k] = p->weight_scales[i];
      if (p->weight_zero_points != nullptr) c.w_zero_points[k] = p->weight_zero_points[i];
      if (c.w_zero_points[k] != 0) c.w_zero_points_all_zero = false;
    }
    if (p->bias_type == octet_datatype_f32) {
      c.bias_f32.assign(static_cast<const float*>(p->bias), static_cast<const float*>(p->bias) + K);
    } else if (p->bias_type == octet_datatype_s32) {
      c.bias_s32.assign(static_cast<const int32_t*>(p->bias), static_cast<const int32_t*>(p->bias) + K);
    }
    c.requant.resize(K);
    for (size_t k = 0; k < K; ++k) {
      ref::ChannelQuant q;
      q.x_scale = c.x_scale;
      q.w_scale = c.w_scales[k];
      q.w_per_tensor = c.w_per_tensor;
      q.y_scale = c.y_scale;
      q.bias_type = c.bias_type;
      if (c.bias_type == octet_datatype_f32) q.bias_f32 = c.bias_f32[k];
      if (c.bias_type == octet_datatype_s32) q.bias_s32 = c.bias_s32[k];
      std::string why;
      if (quantized_out) {
        if (!ref::prepare_channel(c.mode, q, &c.requant[k], &why)) {
          return fail(kInvalid, "params.requant_mode %s, output channel %zu: %s", ref::mode_name(c.mode), k,
                      why.c_str());
        }
        // Scales in range can still give an infinite constant: a float bias
        // far above the accumulator's scale (bias / (x_scale * w_scale)), or
        // a float product at the very ends of the range.
        if (!std::isfinite(c.requant[k].bias_float) || !std::isfinite(c.requant[k].scale)) {
          return fail(kInvalid,
                      "params.requant_mode %s, output channel %zu: the bias or the requantization scale "
                      "overflows float (bias / (input_scale*weight_scale) = %g, scale %g)",
                      ref::mode_name(c.mode), k, static_cast<double>(c.requant[k].bias_float),
                      static_cast<double>(c.requant[k].scale));
        }
      } else if (c.bias_type == octet_datatype_s32) {
        c.requant[k].bias_int = c.bias_s32[k];
      }
    }
  } catch (const std::bad_alloc&) {
    return fail(octet_status_out_of_memory, "out of memory copying the convolution parameters");
  }
  return octet_status_success;
}

octet_status validate_run_size(const ConvConfig& c, size_t batch, size_t height, size_t width) {
  const ref::ConvShape& s = c.shape;
  // Channels as the paths lay them out: the larger of C and K, rounded up to
  // a 64-byte block.
  const size_t channels = (std::max(s.C, s.K) + 63) / 64 * 64;
  size_t padded_h = 0, padded_w = 0, image = 0, all = 0;
  if (__builtin_add_overflow(height, s.pad_top + s.pad_bottom, &padded_h) ||
      __builtin_add_overflow(width, s.pad_left + s.pad_right, &padded_w) || mul_overflows(padded_h, padded_w, &image) ||
      mul_overflows(image, channels, &image) || image > kMaxImageElements) {
    return fail(octet_status_invalid_parameter,
                "input %zux%zu: (height + pads) * (width + pads) * channels (the larger of C and K, rounded up to "
                "64) is above the limit 2^40 per image",
                height, width);
  }
  if (mul_overflows(image, batch, &all) || all > kMaxBatchElements) {
    return fail(octet_status_invalid_parameter,
                "batch %zu of %zux%zu: batch * (height + pads) * (width + pads) * channels (rounded up to 64) is "
                "above the limit 2^56",
                batch, height, width);
  }
  return octet_status_success;
}

}  // namespace octet
