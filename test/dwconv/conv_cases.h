// The one catalogue of convolution edge cases for the depthwise and
// small-group families (test/dwconv/*_test.cc): channel tails, kernel sizes,
// strides, dilations, paddings, output widths, channel multipliers, zero
// points, every requantization mode x output type x bias type, saturation,
// batches, pixel strides and threads. Each generator numbers its cases' seeds
// from the seed it is given, so a failing case is reproducible from its str().
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <ostream>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "test/dwconv/conv_tester.h"

namespace octet::test {

using KernelSize = std::pair<size_t, size_t>;

// Collects cases, giving each the next seed.
class Cases {
 public:
  explicit Cases(uint32_t seed) : seed_(seed) {}
  // The seed the next case gets (generators vary their cases by it).
  uint32_t seed() const { return seed_; }
  void add(ConvCase c) {
    c.seed = seed_++;
    v_.push_back(c);
  }
  operator std::vector<ConvCase>() const { return v_; }  // NOLINT: a generator returns its Cases

 private:
  uint32_t seed_;
  std::vector<ConvCase> v_;
};

inline void set_pads(ConvCase* c, size_t top, size_t left, size_t bottom, size_t right) {
  c->pt = top;
  c->pl = left;
  c->pb = bottom;
  c->pr = right;
}

// The padding variants of the geometry sweeps: 0 none, 1 lopsided, 2 larger
// than the kernel's half, 3 "same" (as made).
inline void pad_variant(ConvCase* c, int v) {
  if (v == 0) set_pads(c, 0, 0, 0, 0);
  if (v == 1) set_pads(c, 0, 2, 3, 1);
  if (v == 2) set_pads(c, c->R, 1, 1, c->S);
}

// u8 or s8 input (by the seed's parity) with the zero point given for each.
inline void alternate_input(ConvCase* c, uint32_t seed, int32_t u8_zp, int32_t s8_zp) {
  c->in_type = seed % 2 ? octet_datatype_s8 : octet_datatype_u8;
  c->x_zp = c->in_type == octet_datatype_s8 ? s8_zp : u8_zp;
}

// s32 output (with its s32 bias) for one seed in three.
inline void sometimes_s32(ConvCase* c, uint32_t seed) {
  c->out_type = seed % 3 == 0 ? octet_datatype_s32 : octet_datatype_u8;
  if (c->out_type == octet_datatype_s32) c->bias_type = octet_datatype_s32;
}

inline const std::vector<int32_t>& input_zero_points(octet_datatype in) {
  static const std::vector<int32_t> u8{0, 1, 127, 128, 255}, s8{-128, -1, 0, 1, 127};
  return in == octet_datatype_u8 ? u8 : s8;
}

// Channels 1..(several vector widths and 16-channel blocks) + tails, R x S.
inline std::vector<ConvCase> channel_cases(size_t R, size_t S, const std::vector<size_t>& extra_channels) {
  std::vector<ConvCase> v;
  std::vector<size_t> cs;
  for (size_t C = 1; C <= 50; ++C) cs.push_back(C);
  cs.insert(cs.end(), extra_channels.begin(), extra_channels.end());
  for (size_t C : cs) {
    ConvCase c = dw(C, R, S);
    c.H = c.W = R > 3 ? 9 : 7;
    c.seed = static_cast<uint32_t>(C);
    v.push_back(c);
  }
  return v;
}
inline std::vector<ConvCase> channels3x3_cases() {
  return channel_cases(3, 3, {54, 61, 63, 64, 65, 68, 95, 96, 97, 127, 128, 129});
}
inline std::vector<ConvCase> channels5x5_cases() { return channel_cases(5, 5, {63, 64, 65, 100}); }

// Generic R x S: 1x1, 1xN and Nx1, two and three quads of rows (8, 9), pairs of rows and odd ones.
inline std::vector<ConvCase> generic_kernel_cases() {
  Cases v(50);
  for (size_t C : {1, 5, 16, 17, 33, 48, 64, 70}) {
    for (KernelSize rs : {KernelSize{1, 1}, {2, 2}, {3, 1}, {1, 3}, {2, 3}, {3, 2}, {1, 9}, {9, 1}, {4, 4}, {4, 5},
                          {6, 2}, {7, 7}, {8, 5}, {9, 2}}) {
      ConvCase c = dw(C, rs.first, rs.second);
      c.H = 11 - v.seed() % 3;
      c.W = 10;
      v.add(c);
    }
  }
  return v;
}

// Strides and dilations 1..3 in each direction, the padding variants, image
// sizes that vary the pixel tails, u8 and s8 input.
inline std::vector<ConvCase> geometry_cases() {
  Cases v(100);
  for (KernelSize rs : {KernelSize{3, 3}, {5, 5}, {3, 5}, {2, 3}, {7, 7}}) {
    for (size_t sh : {1, 2, 3}) {
      for (size_t sw : {1, 2, 3}) {
        for (size_t dil : {1, 2, 3}) {
          for (int padv = 0; padv < 3; ++padv) {
            const uint32_t s = v.seed();
            ConvCase c = dw(s % 3 == 0 ? 24 : s % 3 == 1 ? 20 : 32, rs.first, rs.second);
            c.sh = sh;
            c.sw = sw;
            c.dh = dil;
            c.dw = (dil + s) % 3 + 1;
            c.H = 4 + (c.R - 1) * c.dh + s % 3;
            c.W = 5 + (c.S - 1) * c.dw + s % 7;
            pad_variant(&c, padv);
            alternate_input(&c, s, 140, -7);
            v.add(c);
          }
        }
      }
    }
  }
  return v;
}

// The 3x3 and 5x5 rows at dilations 2-4, strides 1-3, over every output
// width up to several four-pixel steps and their tails.
inline std::vector<ConvCase> dilation_width_cases() {
  Cases v(200);
  for (KernelSize rs : {KernelSize{3, 3}, {5, 5}}) {
    for (size_t dil : {2, 3, 4}) {
      for (size_t sw : {1, 2, 3}) {
        for (size_t W = (rs.second - 1) * dil + 1; W <= (rs.second - 1) * dil + 40; W += (W % 3 ? 1 : 4)) {
          const uint32_t s = v.seed();
          ConvCase c = dw(s % 2 ? 20 : 16, rs.first, rs.second);
          c.sw = sw;
          c.dh = 1 + s % 2;
          c.dw = dil;
          c.H = 1 + (c.R - 1) * c.dh;
          c.W = W;
          set_pads(&c, 0, s % 3, 0, (s / 3) % 3);
          v.add(c);
        }
      }
    }
  }
  return v;
}

// Output widths 1..20 at stride 1 and 2 (the 4-, 2- and 1-pixel steps), tiny
// images; and images smaller than the kernel (1x1 input, output width 1).
inline std::vector<ConvCase> width_cases() {
  Cases v(400);
  for (KernelSize rs : {KernelSize{3, 3}, {5, 5}, {3, 4}}) {
    for (size_t stride : {1, 2}) {
      for (size_t W = 1; W <= 20; ++W) {
        ConvCase c = dw(24, rs.first, rs.second);
        c.H = 1 + v.seed() % 4;
        c.W = W;
        c.sh = c.sw = stride;
        v.add(c);
      }
    }
  }
  for (size_t H : {1, 2, 3}) {
    for (size_t W : {1, 2, 3, 4}) {
      for (KernelSize rs : {KernelSize{3, 3}, {5, 5}, {7, 3}}) {
        ConvCase c = dw(20, rs.first, rs.second);
        c.H = H;
        c.W = W;
        v.add(c);
      }
    }
  }
  return v;
}

// 3x3 and 5x5 at stride 2, dilation 1 (the dot family's 2x2-block kernels):
// every padding of each side from 0 to the kernel's size (lopsided ones
// included), output widths 1..13 (the 4-, 2- and 1-pixel steps and their
// tails), odd and even input sizes, channel tails and a multiplier of 2,
// u8 and s8 input, and 2 or 3 threads splitting the rows (the pair rows
// both threads prep).
inline std::vector<ConvCase> stride2_cases() {
  Cases v(700);
  for (KernelSize rs : {KernelSize{3, 3}, {5, 5}}) {
    const size_t k = rs.first;
    for (size_t pad = 0; pad <= k; ++pad) {
      for (size_t OW = 1; OW <= 13; OW += pad % 2 ? 2 : 1) {
        const uint32_t s = v.seed();
        const size_t m = s % 5 == 0 ? 2 : 1;
        ConvCase c = dw(s % 4 == 0 ? 17 : s % 4 == 1 ? 16 : s % 4 == 2 ? 33 : 1 + s % 9, k, k, m);
        c.sh = c.sw = 2;
        set_pads(&c, (pad + s) % (k + 1), pad, s % (k + 1), (pad + 1 + s) % (k + 1));
        // Input sizes giving OW output columns, plus 0 or 1 column the stride skips.
        const size_t Wp = (OW - 1) * 2 + k + s % 2;
        c.W = Wp > c.pl + c.pr ? Wp - c.pl - c.pr : 1;
        c.H = k + (s * 7) % 10;
        alternate_input(&c, s, 140, -7);
        c.threads = 1 + s % 3;
        v.add(c);
      }
    }
  }
  return v;
}

// Channel multipliers 1, 2, 3 (K = m*C): the expansion in the prep, vector and scalar.
inline std::vector<ConvCase> multiplier_cases() {
  Cases v(600);
  for (size_t m : {1, 2, 3}) {
    for (size_t C : {1, 3, 8, 9, 16, 17, 24, 40}) {
      for (KernelSize rs : {KernelSize{3, 3}, {5, 5}, {1, 2}}) {
        ConvCase c = dw(C, rs.first, rs.second, m);
        c.sh = C % 2 ? 2 : 1;
        alternate_input(&c, v.seed(), 77, 5);
        v.add(c);
      }
    }
  }
  return v;
}

// Input zero points at the ends of the range, u8 and s8 input, per-tensor and
// per-channel scales, and (with_wzp) random weight zero points.
inline std::vector<ConvCase> zero_point_cases(bool with_wzp) {
  Cases v(800);
  for (octet_datatype in : {octet_datatype_u8, octet_datatype_s8}) {
    for (int32_t zp : input_zero_points(in)) {
      for (bool wzp : {false, true}) {
        if (wzp && !with_wzp) continue;
        for (bool pc : {false, true}) {
          for (KernelSize rs : {KernelSize{3, 3}, {5, 5}, {2, 4}}) {
            ConvCase c = dw(37, rs.first, rs.second, v.seed() % 2 ? 1 : 2);
            c.in_type = in;
            c.x_zp = zp;
            c.w_zp_nonzero = wzp;
            c.per_channel = pc;
            c.mode = wzp ? octet_requant_pytorch_qnnpack : octet_requant_pytorch_fbgemm;
            v.add(c);
          }
        }
      }
    }
  }
  return v;
}

// Every requantization mode x output type (s32 too) x bias type, with and
// without ReLU; with_wzp: random weight zero points in one case in four.
inline std::vector<ConvCase> mode_cases(bool with_wzp) {
  Cases v(1000);
  for (const auto& [mode, out, bias] : all_mode_out_bias()) {
    for (bool relu : {false, true}) {
      for (KernelSize rs : {KernelSize{3, 3}, {5, 5}, {3, 2}}) {
        const uint32_t s = v.seed();
        ConvCase c = dw(19 + s % 30, rs.first, rs.second, s % 3 == 0 ? 2 : 1);
        c.mode = mode;
        c.out_type = out;
        c.bias_type = bias;
        c.relu = relu;
        c.y_zp = out == octet_datatype_s8 ? -5 : 120;
        alternate_input(&c, s, 131, 3);
        c.w_zp_nonzero = with_wzp && mode != octet_requant_pytorch_onednn && s % 4 == 1;
        v.add(c);
      }
    }
  }
  return v;
}

// Outputs far outside the 8-bit range (and beyond int16 before the zero
// point) in every mode: the clamps and the saturating narrows.
inline std::vector<ConvCase> saturation_cases() {
  Cases v(1300);
  for (octet_requant_mode mode : {octet_requant_pytorch_fbgemm, octet_requant_pytorch_qnnpack,
                                  octet_requant_pytorch_onednn, octet_requant_fixedpoint}) {
    for (octet_datatype out : {octet_datatype_u8, octet_datatype_s8}) {
      for (double mul : {1e-2, 1e-4}) {
        ConvCase c = dw(40, 3, 3);
        c.mode = mode;
        c.out_type = out;
        c.bias_type = mode == octet_requant_pytorch_onednn ? octet_datatype_f32 : octet_datatype_s32;
        c.y_zp = out == octet_datatype_s8 ? 100 : 3;
        c.relu = v.seed() % 2 == 1;
        c.y_scale_mul = mul;
        v.add(c);
      }
    }
  }
  return v;
}

// Batches, pixel strides wider than the channels (in_extra, and out_extra =
// in_extra + out_more) and thread counts, each over `variants` layers
// make(variant, seed, N).
template <class Make>
std::vector<ConvCase> batch_variant_cases(uint32_t seed, std::initializer_list<size_t> batches,
                                          std::initializer_list<size_t> extras, std::initializer_list<size_t> threads,
                                          size_t out_more, int variants, Make make) {
  Cases v(seed);
  for (size_t N : batches) {
    for (size_t extra : extras) {
      for (size_t t : threads) {
        for (int var = 0; var < variants; ++var) {
          ConvCase c = make(var, v.seed(), N);
          c.N = N;
          c.in_extra = extra;
          c.out_extra = extra + out_more;
          c.threads = t;
          v.add(c);
        }
      }
    }
  }
  return v;
}

// Batch > 1, pixel strides wider than the channels, 1..3 threads (row rings
// across images and thread boundaries).
inline std::vector<ConvCase> batch_cases() {
  return batch_variant_cases(1500, {1, 3}, {0, 5}, {1, 2, 3}, 2, 4, [](int var, uint32_t s, size_t) {
    const KernelSize rs[] = {{3, 3}, {5, 5}, {9, 3}, {1, 1}};
    ConvCase c = dw(33, rs[var].first, rs[var].second, s % 2 ? 1 : 2);
    c.H = 10;
    c.W = 9;
    c.sh = s % 3 == 0 ? 2 : 1;
    c.dh = s % 4 == 1 ? 2 : 1;
    sometimes_s32(&c, s);
    return c;
  });
}

// The direct 3x3 kernels' layers (x86: dilation 1, stride 1 or 2, multiplier 1
// with C a multiple of 16 or multiplier 2 with C a multiple of 8).
// Widths 1..20, heights, paddings (asymmetric, wider than the kernel, none),
// both strides, u8 and s8 input with varied zero points, one and three blocks.
inline std::vector<ConvCase> direct_geometry_cases() {
  Cases v(4000);
  const size_t pads[][4] = {{1, 1, 1, 1}, {0, 0, 0, 0}, {0, 2, 1, 0}, {2, 0, 0, 3}, {3, 3, 3, 3}};
  for (size_t stride : {1, 2}) {
    for (size_t C : {16, 48}) {
      for (size_t W = 1; W <= 20; ++W) {
        for (size_t H : {1, 2, 4, 5}) {
          for (const auto& pd : pads) {
            const uint32_t s = v.seed();
            ConvCase c = dw(C, 3, 3);
            c.H = H;
            c.W = W;
            c.sh = c.sw = stride;
            set_pads(&c, pd[0], pd[1], pd[2], pd[3]);
            if (c.H + c.pt + c.pb < 3 || c.W + c.pl + c.pr < 3) continue;
            alternate_input(&c, s, static_cast<int32_t>(s * 37 % 256), static_cast<int32_t>(s % 256) - 128);
            c.w_zp_nonzero = s % 3 == 0;
            c.mode = c.w_zp_nonzero ? octet_requant_pytorch_qnnpack : octet_requant_pytorch_fbgemm;
            v.add(c);
          }
        }
      }
    }
  }
  return v;
}

// Channel multiplier 2: output channel k reads input k / 2; with modes,
// output types, zero points at the ends of the range, batches and threads.
inline std::vector<ConvCase> direct_mult2_cases() {
  Cases v(4300);
  const size_t pads[][4] = {{1, 1, 1, 1}, {0, 0, 0, 0}, {2, 0, 1, 3}};
  for (size_t stride : {1, 2}) {
    for (size_t C : {8, 16, 40}) {
      for (size_t W : {1, 2, 3, 5, 8, 13, 17}) {
        for (const auto& pd : pads) {
          const uint32_t s = v.seed();
          ConvCase c = dw(C, 3, 3, 2);
          c.H = 5;
          c.W = W;
          c.sh = c.sw = stride;
          set_pads(&c, pd[0], pd[1], pd[2], pd[3]);
          if (c.W + c.pl + c.pr < 3) continue;
          alternate_input(&c, s, s % 3 ? 255 : 0, s % 3 ? -128 : 127);
          c.w_zp_nonzero = s % 4 == 1;
          c.mode = c.w_zp_nonzero ? octet_requant_pytorch_qnnpack
                                  : (s % 3 == 0 ? octet_requant_fixedpoint : octet_requant_pytorch_onednn);
          if (c.mode == octet_requant_fixedpoint) c.bias_type = octet_datatype_s32;
          c.out_type = s % 5 == 0 ? octet_datatype_s32 : (s % 2 ? octet_datatype_s8 : octet_datatype_u8);
          if (c.out_type == octet_datatype_s32) c.bias_type = octet_datatype_s32;
          c.y_zp = c.out_type == octet_datatype_s8 ? -3 : 110;
          c.relu = s % 3 == 1;
          c.in_extra = s % 4 == 3 ? 3 : 0;
          c.out_extra = s % 4 == 2 ? 5 : 0;
          c.N = s % 7 == 0 ? 2 : 1;
          c.threads = s % 5 == 1 ? 2 : 1;
          v.add(c);
        }
      }
    }
  }
  return v;
}

// Every mode x output type x bias type in four variants: clamp, input zero
// points at the ends of the u8 and s8 ranges, weight zero points, per-tensor
// scales, outputs far out of range. `make(variant)` gives the layer.
template <class Make>
std::vector<ConvCase> mode_variant_cases(uint32_t seed, int variants, Make make) {
  Cases v(seed);
  // The first half of the variants take u8 input, the second s8, each with
  // the zero points of its range's ends (and middle, with three a half).
  const int half = variants / 2;
  const std::vector<int32_t> u8zp = half == 2 ? std::vector<int32_t>{0, 255} : std::vector<int32_t>{0, 128, 255};
  const std::vector<int32_t> s8zp = half == 2 ? std::vector<int32_t>{-128, 127} : std::vector<int32_t>{-128, 0, 127};
  for (const auto& [mode, out, bias] : all_mode_out_bias()) {
    for (int variant = 0; variant < variants; ++variant) {
      ConvCase c = make(variant);
      c.mode = mode;
      c.out_type = out;
      c.bias_type = bias;
      c.in_type = variant >= half ? octet_datatype_s8 : octet_datatype_u8;
      c.x_zp = c.in_type == octet_datatype_s8 ? s8zp[variant % half] : u8zp[variant % half];
      c.y_zp = out == octet_datatype_s8 ? -5 : 120;
      c.w_zp_nonzero = mode != octet_requant_pytorch_onednn && variant % 2 == 1;
      c.per_channel = variant != 2;
      c.relu = variant % 2 == 0;
      c.y_scale_mul = variant == 3 ? 1e-3 : 1.0;
      v.add(c);
    }
  }
  return v;
}

inline std::vector<ConvCase> direct_mode_cases() {
  std::vector<ConvCase> v;
  for (size_t stride : {1, 2}) {
    const std::vector<ConvCase> part = mode_variant_cases(4500 + 100 * static_cast<uint32_t>(stride), 4, [&](int var) {
      ConvCase c = dw(32, 3, 3);
      c.H = 6;
      c.W = 9 + static_cast<size_t>(var);
      c.sh = c.sw = stride;
      return c;
    });
    v.insert(v.end(), part.begin(), part.end());
  }
  return v;
}

// Batch > 1, pixel strides wider than the channels, threads, five blocks.
inline std::vector<ConvCase> direct_batch_cases() {
  return batch_variant_cases(4800, {1, 2}, {0, 3, 16}, {1, 3}, 1, 2, [](int var, uint32_t s, size_t) {
    ConvCase c = dw(80, 3, 3);
    c.H = 9;
    c.W = 11;
    c.sh = c.sw = static_cast<size_t>(var) + 1;
    alternate_input(&c, s, 200, -7);
    sometimes_s32(&c, s);
    return c;
  });
}

// The catalogue's sets by name, one parameterised test each in every family.
struct CaseSet {
  std::string name;
  std::function<std::vector<ConvCase>()> make;
};

// Every depthwise set; with_wzp: random weight zero points (w - w_zp beyond
// int8) in the zero-point and mode sets.
inline std::vector<CaseSet> depthwise_case_sets(bool with_wzp) {
  return {{"Channels3x3", channels3x3_cases},
          {"Channels5x5", channels5x5_cases},
          {"GenericKernels", generic_kernel_cases},
          {"Geometry", geometry_cases},
          {"DilationWidths", dilation_width_cases},
          {"Widths", width_cases},
          {"Stride2", stride2_cases},
          {"Multiplier", multiplier_cases},
          {"ZeroPoints", [with_wzp] { return zero_point_cases(with_wzp); }},
          {"Modes", [with_wzp] { return mode_cases(with_wzp); }},
          {"Saturation", saturation_cases},
          {"BatchStridesThreads", batch_cases}};
}

// The direct 3x3 kernels' sets.
inline std::vector<CaseSet> direct_case_sets() {
  return {{"Geometry", direct_geometry_cases},
          {"Multiplier2", direct_mult2_cases},
          {"Modes", direct_mode_cases},
          {"BatchStridesThreads", direct_batch_cases}};
}

inline void PrintTo(const CaseSet& s, std::ostream* os) { *os << s.name; }
inline std::string case_set_name(const testing::TestParamInfo<CaseSet>& p) { return p.param.name; }

}  // namespace octet::test
