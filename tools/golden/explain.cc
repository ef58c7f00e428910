#include "tools/golden/explain.h"

#include <cinttypes>
#include <cstdarg>
#include <cstdio>

#include "src/api/conv2d_validate.h"
#include "src/ref/conv.h"
#include "src/ref/float_ops.h"

namespace octet::golden {

namespace {

void add(std::string* s, const char* format, ...) __attribute__((format(printf, 2, 3)));
void add(std::string* s, const char* format, ...) {
  char line[512];
  va_list args;
  va_start(args, format);
  std::vsnprintf(line, sizeof(line), format, args);
  va_end(args);
  *s += line;
}

}  // namespace

std::string explain_element(const Case& c, octet_requant_mode mode, size_t index, uint8_t got) {
  std::string s;
  const octet_conv2d_params p = make_params(c, mode);
  ConvConfig cfg;
  if (validate_conv2d(&p, &cfg) != octet_status_success) return "explain: the parameters do not validate\n";
  const size_t k = index % c.K, pixel = index / c.K;
  const size_t ow = pixel % c.OW, oh = (pixel / c.OW) % c.OH, n = pixel / (c.OW * c.OH);
  const ref::ConvRefParams rp = cfg.ref_params();
  ref::AccTrace at;
  const int32_t acc = ref::conv_accumulator(rp, c.x.data(), c.H, c.W, c.C, n, oh, ow, k, &at);
  const ref::ChannelRequant& cr = cfg.requant[k];
  ref::RequantTrace rt;
  ref::requantize(cr, cfg.output, acc, &rt);
  const int64_t zx = c.x_zero_point, zw = cfg.w_zero_points[k];

  add(&s, "\n=== %s: output element %zu = [n=%zu, oh=%zu, ow=%zu, k=%zu], mode %s ===\n", c.name.c_str(), index, n,
      oh, ow, k, ref::mode_name(mode));
  add(&s, "expected %u, octet gave %u, the reference gives %d\n\n", c.y[index], got, rt.result);
  add(&s, "1. The integer accumulator, acc = sum over taps of (x - x_zp) * (w - w_zp[k]).\n");
  add(&s, "   taps = R*S*C/groups = %zu*%zu*%zu = %" PRId64 ", of which %" PRId64
          " fall in the padding and read as x_zp = %" PRId64 "\n",
      c.R, c.S, c.C / c.groups, at.taps, at.padded_taps, zx);
  add(&s, "   raw dot product           sum(x*w)          = %" PRId64 "\n", at.sum_xw);
  add(&s, "   input zero point term    -x_zp*sum(w)       = -%" PRId64 "*%" PRId64 " = %" PRId64 "\n", zx, at.sum_w,
      -zx * at.sum_w);
  add(&s, "   weight zero point term   -w_zp*sum(x)       = -%" PRId64 "*%" PRId64 " = %" PRId64 "\n", zw, at.sum_x,
      -zw * at.sum_x);
  add(&s, "   cross term               +taps*x_zp*w_zp    = %" PRId64 "\n", at.taps * zx * zw);
  add(&s, "   acc = %d (int32, exact; never an int8 or int16 accumulator)\n\n", acc);
  add(&s, "2. Scales, as held (double) and as float32:\n");
  add(&s, "   x_scale %.17g -> f32 %.9g; w_scale[%zu] %.17g -> f32 %.9g (%s); y_scale %.17g -> f32 %.9g\n",
      c.x_scale, ref::f32(c.x_scale), k, cfg.w_scales[k], ref::f32(cfg.w_scales[k]),
      cfg.w_per_tensor ? "per tensor" : "per channel", c.y_scale, ref::f32(c.y_scale));
  if (c.has_bias) add(&s, "   bias[%zu] = %.9g (float32)\n", k, c.bias[k]);
  switch (mode) {
    case octet_requant_pytorch_fbgemm:
      add(&s, "   fbgemm: act_times_w = f32(f32(x_scale)*f32(w_scale)); C = f32(act_times_w / f32(y_scale)) = %.9g\n",
          cr.scale);
      add(&s, "           bias term = f32(bias / act_times_w) = %.9g (stays a float)\n", cr.bias_float);
      break;
    case octet_requant_pytorch_qnnpack:
      add(&s, "   qnnpack: M = f32(f32(w_scale*x_scale) * f32(1/y_scale)) = %.9g\n", cr.scale);
      add(&s, "            bias quantized once: rne(f32(bias * f32(1/f32(w_scale*x_scale in double)))) = %d\n",
          cr.bias_int);
      break;
    case octet_requant_pytorch_onednn:
      add(&s, "   onednn: reciprocal scales; bias_scale = f32(f32(1/x_scale)*f32(1/w_scale)); "
              "output scale = f32(f32(1/y_scale)/bias_scale) = %.9g\n", cr.scale);
      add(&s, "           bias term = f32(bias * bias_scale) = %.9g (stays a float)\n", cr.bias_float);
      break;
    case octet_requant_fixedpoint:
      add(&s, "   fixedpoint: multiplier %d * 2^(%d - 31), int32 bias %d\n", cr.fixed.multiplier, cr.fixed.exponent,
          cr.bias_int);
      break;
  }
  add(&s, "\n3. Requantization:\n");
  add(&s, "   v = acc + int32 bias           = %d + %d = %d\n", acc, cr.bias_int, rt.v);
  if (mode == octet_requant_fixedpoint) {
    add(&s, "   round(v * M), gemmlowp rounding (half away from zero, twice) = %d\n", rt.rounded);
  } else {
    add(&s, "   f32(v)                         = %.9g\n", rt.f_acc);
    add(&s, "   + float bias term              = %.9g\n", rt.f_biased);
    add(&s, "   * multiplier                   = %.9g (every step one float32 rounding, no FMA)\n", rt.f_scaled);
    if (mode == octet_requant_pytorch_onednn) {
      add(&s, "   + y_zp in float                = %.9g\n", rt.f_shifted);
      add(&s, "   clamp to [%d, %d], then round half to even = %d\n", cfg.output.min, cfg.output.max, rt.rounded);
    } else {
      add(&s, "   round half to even (cvtps2dq)  = %d\n", rt.rounded);
    }
  }
  if (mode != octet_requant_pytorch_onednn) {
    add(&s, "   + y_zp %d, clamp to [%d, %d]%s = %d\n", cfg.output.zero_point, cfg.output.min, cfg.output.max,
        c.relu ? " (ReLU: the lower clamp is y_zp)" : "", rt.result);
  }
  add(&s, "   result %d, expected %u: %s\n\n", rt.result, c.y[index], rt.result == c.y[index] ? "match" : "MISMATCH");
  return s;
}

}  // namespace octet::golden
