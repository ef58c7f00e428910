#include "src/ref/conv.h"

namespace octet::ref {

size_t ConvShape::output_dim(size_t in, size_t pad_a, size_t pad_b, size_t k, size_t stride,
                             size_t dil) {
  const size_t padded = in + pad_a + pad_b;
  const size_t extent = dil * (k - 1) + 1;  // the dilated kernel's footprint
  if (padded < extent) return 0;
  return (padded - extent) / stride + 1;
}

size_t ConvShape::output_height(size_t H) const {
  return output_dim(H, pad_top, pad_bottom, R, stride_h, dil_h);
}

size_t ConvShape::output_width(size_t W) const {
  return output_dim(W, pad_left, pad_right, S, stride_w, dil_w);
}

namespace {

int32_t load_input(octet_datatype type, const void* input, size_t i) {
  return type == octet_datatype_s8 ? int32_t{static_cast<const int8_t*>(input)[i]}
                                   : int32_t{static_cast<const uint8_t*>(input)[i]};
}

}  // namespace

int32_t conv_accumulator(const ConvRefParams& p, const void* input, size_t H, size_t W,
                         size_t input_pixel_stride, size_t n, size_t oh, size_t ow, size_t k,
                         AccTrace* trace) {
  const ConvShape& s = p.shape;
  const size_t cg = s.channels_per_group();
  const size_t g = k / s.outputs_per_group();  // the group of output channel k
  const int32_t x_zp = p.x_zero_point;
  const int32_t w_zp = p.w_zero_points[k];
  int64_t acc = 0;
  AccTrace t;
  for (size_t r = 0; r < s.R; ++r) {
    for (size_t q = 0; q < s.S; ++q) {
      // Input coordinates of this tap; out of range means padding.
      const long ih = static_cast<long>(oh * s.stride_h + r * s.dil_h) - static_cast<long>(s.pad_top);
      const long iw = static_cast<long>(ow * s.stride_w + q * s.dil_w) - static_cast<long>(s.pad_left);
      const bool padded = ih < 0 || iw < 0 || ih >= static_cast<long>(H) || iw >= static_cast<long>(W);
      for (size_t c = 0; c < cg; ++c) {
        // Padding is "zero in real terms": it reads as the input zero point.
        const int32_t x = padded ? x_zp
                                 : load_input(p.input_type, input,
                                              ((n * H + static_cast<size_t>(ih)) * W + static_cast<size_t>(iw)) *
                                                      input_pixel_stride +
                                                  g * cg + c);
        const int32_t w = p.weights[((k * s.R + r) * s.S + q) * cg + c];
        acc += static_cast<int64_t>(x - x_zp) * (w - w_zp);
        t.sum_xw += int64_t{x} * w;
        t.sum_x += x;
        t.sum_w += w;
        t.taps += 1;
        t.padded_taps += padded ? 1 : 0;
      }
    }
  }
  if (trace) *trace = t;
  // Exact in int64; the documented limits (|x - x_zp| <= 255, |w - w_zp| <= 255,
  // R*S*C/groups < 2^15) keep it inside int32, which is what kernels hold.
  return static_cast<int32_t>(acc);
}

void store_output(octet_datatype type, void* output, size_t i, int32_t value) {
  switch (type) {
    case octet_datatype_u8: static_cast<uint8_t*>(output)[i] = static_cast<uint8_t>(value); break;
    case octet_datatype_s8: static_cast<int8_t*>(output)[i] = static_cast<int8_t>(value); break;
    default: static_cast<int32_t*>(output)[i] = value; break;
  }
}

void conv2d_rows(const ConvRefParams& p, const void* input, size_t H, size_t W,
                 size_t input_pixel_stride, void* output, size_t output_pixel_stride, size_t n,
                 size_t oh_begin, size_t oh_end) {
  const size_t OH = p.shape.output_height(H), OW = p.shape.output_width(W);
  for (size_t oh = oh_begin; oh < oh_end; ++oh) {
    for (size_t ow = 0; ow < OW; ++ow) {
      const size_t pixel = (n * OH + oh) * OW + ow;
      for (size_t k = 0; k < p.shape.K; ++k) {
        const int32_t acc = conv_accumulator(p, input, H, W, input_pixel_stride, n, oh, ow, k);
        // Raw int32 output: the accumulator plus the int32 bias, no scaling.
        const int32_t value = p.output_type == octet_datatype_s32
                                  ? static_cast<int32_t>(static_cast<uint32_t>(acc) +
                                                         static_cast<uint32_t>(p.requant[k].bias_int))
                                  : requantize(p.requant[k], p.output, acc);
        store_output(p.output_type, output, pixel * output_pixel_stride + k, value);
      }
    }
  }
}

void conv2d(const ConvRefParams& p, size_t N, size_t H, size_t W, const void* input,
            size_t input_pixel_stride, void* output, size_t output_pixel_stride) {
  const size_t OH = p.shape.output_height(H);
  for (size_t n = 0; n < N; ++n) {
    conv2d_rows(p, input, H, W, input_pixel_stride, output, output_pixel_stride, n, 0, OH);
  }
}

}  // namespace octet::ref
