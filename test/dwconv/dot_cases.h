// The edge cases of the dot-product depthwise path (src/core/dwconv_dot.cc),
// shared by its AArch64 test (dwconv_dot_test.cc, through the public API) and
// its x86 test (dwconv_dot_vnni_emulated_test.cc, SIMDe-emulated kernels
// through make_dwconv_dot_path_with).
#pragma once

#include <algorithm>
#include <cmath>
#include <random>
#include <utility>
#include <vector>

#include "test/dwconv/conv_tester.h"

namespace octet::test {

using KernelSize = std::pair<size_t, size_t>;

// Channels 1..(several 16-channel blocks) + tails, 3x3.
inline std::vector<ConvCase> dot_channels3x3_cases() {
  std::vector<ConvCase> v;
  for (size_t C = 1; C <= 50; ++C) v.push_back(dw(C, 3, 3));
  for (size_t C : {63, 64, 65, 95, 96, 97, 127, 128, 129}) v.push_back(dw(C, 3, 3));
  return v;
}

inline std::vector<ConvCase> dot_channels5x5_cases() {
  std::vector<ConvCase> v;
  for (size_t C : {1, 2, 7, 15, 16, 17, 31, 32, 33, 48, 63, 64, 65, 100}) {
    ConvCase c = dw(C, 5, 5);
    c.H = c.W = 9;
    c.seed = static_cast<uint32_t>(C);
    v.push_back(c);
  }
  return v;
}

// Generic R x S, 1xN and Nx1, kernels of exactly two quads of rows (8) and of three (9).
inline std::vector<ConvCase> dot_generic_cases() {
  std::vector<ConvCase> v;
  uint32_t seed = 50;
  for (size_t C : {1, 5, 16, 17, 33, 48}) {
    for (KernelSize rs : {KernelSize{1, 1}, {2, 3}, {3, 2}, {1, 9}, {9, 1}, {4, 4}, {7, 7}, {8, 5}, {9, 2}}) {
      ConvCase c = dw(C, rs.first, rs.second);
      c.H = 11;
      c.W = 10;
      c.seed = seed++;
      v.push_back(c);
    }
  }
  return v;
}

// Strides and dilations 1..3 in each direction, asymmetric paddings (none,
// lopsided, larger than the kernel's half), several widths for the pixel tails.
inline std::vector<ConvCase> dot_geometry_cases() {
  std::vector<ConvCase> v;
  uint32_t seed = 100;
  for (KernelSize rs : {KernelSize{3, 3}, {5, 5}, {2, 3}, {7, 7}}) {
    for (size_t sh : {1, 2, 3}) {
      for (size_t sw : {1, 2, 3}) {
        for (size_t dil : {1, 2, 3}) {
          for (int padv = 0; padv < 3; ++padv) {
            ConvCase c = dw(seed % 2 ? 20 : 32, rs.first, rs.second);
            c.sh = sh;
            c.sw = sw;
            c.dh = dil;
            c.dw = (dil + seed) % 3 + 1;
            c.H = 4 + (c.R - 1) * c.dh + seed % 3;
            c.W = 5 + (c.S - 1) * c.dw + seed % 7;
            if (padv == 0) c.pt = c.pl = c.pb = c.pr = 0;
            if (padv == 1) { c.pt = 0; c.pl = 2; c.pb = 3; c.pr = 1; }
            if (padv == 2) { c.pt = c.R; c.pl = 1; c.pb = 1; c.pr = c.S; }
            c.in_type = seed % 2 ? octet_datatype_s8 : octet_datatype_u8;
            c.x_zp = c.in_type == octet_datatype_s8 ? -7 : 140;
            c.seed = seed++;
            v.push_back(c);
          }
        }
      }
    }
  }
  return v;
}

// Output widths 1..max_w at stride 1 and 2 (the 4-, 2- and 1-pixel steps), tiny images.
inline std::vector<ConvCase> dot_widths_cases(size_t max_w) {
  std::vector<ConvCase> v;
  uint32_t seed = 400;
  for (KernelSize rs : {KernelSize{3, 3}, {5, 5}, {3, 4}}) {
    for (size_t stride : {1, 2}) {
      for (size_t W = 1; W <= max_w; ++W) {
        ConvCase c = dw(24, rs.first, rs.second);
        c.H = 1 + seed % 4;
        c.W = W;
        c.sh = c.sw = stride;
        c.seed = seed++;
        v.push_back(c);
      }
    }
  }
  return v;
}

// Channel multipliers 1, 2, 3 (K = m*C): the expansion in the prep, vector (m = 2, C >= 16) and scalar.
inline std::vector<ConvCase> dot_multiplier_cases() {
  std::vector<ConvCase> v;
  uint32_t seed = 600;
  for (size_t m : {1, 2, 3}) {
    for (size_t C : {1, 3, 8, 9, 16, 17, 24, 40}) {
      for (KernelSize rs : {KernelSize{3, 3}, {5, 5}, {1, 2}}) {
        ConvCase c = dw(C, rs.first, rs.second, m);
        c.sh = C % 2 ? 2 : 1;
        c.in_type = seed % 2 ? octet_datatype_s8 : octet_datatype_u8;
        c.x_zp = c.in_type == octet_datatype_s8 ? 5 : 77;
        c.seed = seed++;
        v.push_back(c);
      }
    }
  }
  return v;
}

// Input zero points at the ends of the range, u8 and s8 input (the sign flip
// and the (off - x_zp) * sum(w') fold), per-tensor and per-channel scales.
inline std::vector<ConvCase> dot_input_zp_cases() {
  std::vector<ConvCase> v;
  uint32_t seed = 800;
  for (octet_datatype in : {octet_datatype_u8, octet_datatype_s8}) {
    const std::vector<int32_t> zps = in == octet_datatype_u8 ? std::vector<int32_t>{0, 1, 127, 128, 255}
                                                              : std::vector<int32_t>{-128, -1, 0, 1, 127};
    for (int32_t zp : zps) {
      for (bool pc : {false, true}) {
        for (KernelSize rs : {KernelSize{3, 3}, {5, 5}, {2, 4}}) {
          ConvCase c = dw(37, rs.first, rs.second, seed % 2 ? 1 : 2);
          c.in_type = in;
          c.x_zp = zp;
          c.per_channel = pc;
          c.seed = seed++;
          v.push_back(c);
        }
      }
    }
  }
  return v;
}

// Every requantization mode x output type (s32 too) x bias type, with and without ReLU.
inline std::vector<ConvCase> dot_modes_cases() {
  std::vector<ConvCase> v;
  uint32_t seed = 1000;
  for (const auto& [mode, out, bias] : all_mode_out_bias()) {
    for (bool relu : {false, true}) {
      for (KernelSize rs : {KernelSize{3, 3}, {5, 5}, {3, 2}}) {
        ConvCase c = dw(19 + seed % 30, rs.first, rs.second, seed % 3 == 0 ? 2 : 1);
        c.mode = mode;
        c.out_type = out;
        c.bias_type = bias;
        c.relu = relu;
        c.y_zp = out == octet_datatype_s8 ? -5 : 120;
        c.in_type = seed % 2 ? octet_datatype_s8 : octet_datatype_u8;
        c.x_zp = c.in_type == octet_datatype_s8 ? 3 : 131;
        c.seed = seed++;
        v.push_back(c);
      }
    }
  }
  return v;
}

// Outputs far out of the 8-bit range in every mode (the clamps and the narrows).
inline std::vector<ConvCase> dot_saturation_cases() {
  std::vector<ConvCase> v;
  uint32_t seed = 1300;
  for (octet_requant_mode mode : {octet_requant_pytorch_fbgemm, octet_requant_pytorch_qnnpack,
                                  octet_requant_pytorch_onednn, octet_requant_fixedpoint}) {
    for (octet_datatype out : {octet_datatype_u8, octet_datatype_s8}) {
      for (double mul : {1e-2, 1e-4}) {
        ConvCase c = dw(40, 3, 3);
        c.mode = mode;
        c.out_type = out;
        c.bias_type = mode == octet_requant_pytorch_onednn ? octet_datatype_f32 : octet_datatype_s32;
        c.y_zp = out == octet_datatype_s8 ? 100 : 3;
        c.relu = seed % 2 == 1;
        c.y_scale_mul = mul;
        c.seed = seed++;
        v.push_back(c);
      }
    }
  }
  return v;
}

// Batch > 1, pixel strides wider than the channels, 1..3 threads (the quad-row
// ring across images and thread boundaries).
inline std::vector<ConvCase> dot_batch_cases() {
  std::vector<ConvCase> v;
  uint32_t seed = 1500;
  for (size_t N : {1, 3}) {
    for (size_t extra : {0, 5}) {
      for (size_t threads : {1, 2, 3}) {
        for (KernelSize rs : {KernelSize{3, 3}, {5, 5}, {9, 3}}) {
          ConvCase c = dw(33, rs.first, rs.second, seed % 2 ? 1 : 2);
          c.N = N;
          c.H = 10;
          c.W = 9;
          c.sh = seed % 3 == 0 ? 2 : 1;
          c.dh = seed % 4 == 1 ? 2 : 1;
          c.in_extra = extra;
          c.out_extra = extra + 2;
          c.threads = threads;
          c.out_type = seed % 3 == 0 ? octet_datatype_s32 : octet_datatype_u8;
          if (c.out_type == octet_datatype_s32) c.bias_type = octet_datatype_s32;
          c.seed = seed++;
          v.push_back(c);
        }
      }
    }
  }
  return v;
}

// Layers whose w - w_zp does not fit int8 (random weights and weight zero
// points): the dot path must decline them.
inline std::vector<ConvCase> dot_wide_weight_cases() {
  std::vector<ConvCase> v;
  uint32_t seed = 1700;
  for (KernelSize rs : {KernelSize{3, 3}, {5, 5}, {2, 3}}) {
    for (octet_datatype in : {octet_datatype_u8, octet_datatype_s8}) {
      ConvCase c = dw(35, rs.first, rs.second);
      c.in_type = in;
      c.x_zp = in == octet_datatype_s8 ? -100 : 200;
      c.w_zp_nonzero = true;
      c.mode = octet_requant_pytorch_qnnpack;
      c.seed = seed++;
      v.push_back(c);
    }
  }
  return v;
}

// Weight zero points that keep w - w_zp within int8 (the dot path takes
// them): weights drawn from [max(-128, zp - 128), min(127, zp + 127)] with
// both ends present, zero points at the extremes, every tap shape.
struct WzpCase {
  size_t C, R, S, mult;
  octet_datatype in_type;
  int32_t x_zp;
  octet_requant_mode mode;
  octet_datatype out_type;
  uint32_t seed;
};

inline std::vector<WzpCase> dot_wzp_cases() {
  std::vector<WzpCase> v;
  uint32_t seed = 1900;
  for (KernelSize rs : {KernelSize{3, 3}, {5, 5}, {3, 1}}) {
    for (octet_datatype in : {octet_datatype_u8, octet_datatype_s8}) {
      for (octet_requant_mode mode : {octet_requant_pytorch_qnnpack, octet_requant_fixedpoint}) {
        for (octet_datatype out : {octet_datatype_u8, octet_datatype_s8, octet_datatype_s32}) {
          const int32_t x_zp = in == octet_datatype_u8 ? (seed % 2 ? 255 : 0) : (seed % 2 ? 127 : -128);
          v.push_back({seed % 2 ? 21u : 32u, rs.first, rs.second, seed % 3 == 0 ? 2u : 1u, in, x_zp, mode, out, seed});
          ++seed;
        }
      }
    }
  }
  return v;
}

// The operands of a WzpCase (one 6 x 11 image, pixel strides = channels) and
// the operator parameters that point at them.
struct WzpData {
  static constexpr size_t H = 6, W = 11;
  std::vector<int32_t> wzp;
  std::vector<double> ws;
  std::vector<int8_t> w;
  std::vector<int32_t> bias;
  std::vector<uint8_t> x;
  size_t K, es;
  octet_conv2d_params p;

  explicit WzpData(const WzpCase& t) {
    std::mt19937 rng(t.seed);
    auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    K = t.C * t.mult;
    const size_t taps = t.R * t.S;
    const int32_t extremes[] = {-128, 127, -1, 1, 0};
    wzp.resize(K);
    ws.resize(K);
    w.resize(K * taps);
    for (size_t k = 0; k < K; ++k) {
      wzp[k] = k < 5 ? extremes[k] : uni(-128, 127);
      ws[k] = 0.001 * (1.0 + uni(0, 1000) / 250.0);
      const int lo = std::max(-128, wzp[k] - 128), hi = std::min(127, wzp[k] + 127);
      for (size_t i = 0; i < taps; ++i) w[k * taps + i] = static_cast<int8_t>(uni(lo, hi));
      w[k * taps] = static_cast<int8_t>(lo);             // w' = lo - zp, -128 when it can be
      w[k * taps + taps - 1] = static_cast<int8_t>(hi);  // and 127
    }
    bias.resize(K);
    for (auto& b : bias) b = uni(-20000, 20000);
    octet_conv2d_params_init(&p);
    p.input_channels = t.C;
    p.output_channels = K;
    p.groups = t.C;
    p.kernel_height = t.R;
    p.kernel_width = t.S;
    p.pad_top = p.pad_bottom = t.R / 2;
    p.pad_left = p.pad_right = t.S / 2 + 1;
    p.input_type = t.in_type;
    p.input_scale = 0.03;
    p.input_zero_point = t.x_zp;
    p.weights = w.data();
    p.weight_scale_count = K;
    p.weight_scales = ws.data();
    p.weight_zero_points = wzp.data();
    p.bias_type = octet_datatype_s32;
    p.bias = bias.data();
    p.output_type = t.out_type;
    p.output_scale = t.out_type == octet_datatype_s32 ? 1.0 : 0.03 * 0.003 * 40.0 * std::sqrt(double(taps));
    p.output_zero_point = t.out_type == octet_datatype_s8 ? -3 : (t.out_type == octet_datatype_u8 ? 128 : 0);
    p.requant_mode = t.mode;
    x.resize(H * W * t.C);
    for (auto& v : x) v = static_cast<uint8_t>(uni(0, 255));
    for (size_t i = 0; i < x.size(); i += 3) x[i] = t.seed % 2 ? 0 : 255;  // extremes
    es = t.out_type == octet_datatype_s32 ? 4 : 1;
  }
  WzpData(const WzpData&) = delete;  // p points into the vectors
  WzpData& operator=(const WzpData&) = delete;
};

}  // namespace octet::test
