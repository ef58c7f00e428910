// The AArch64 dot-product depthwise path (dwconv_dot_*, src/core/dwconv_dot.cc)
// against the reference, through the public C API, under the neondot cap
// (skipped where the CPU has no dot product, e.g. qemu -cpu cortex-a72).
// Every case also checks the path name, so that a pass cannot come from the
// int16 depthwise path; layers whose w - w_zp do not fit int8 must be declined
// and still come out exact from the int16 path.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "test/dwconv/conv_tester.h"

namespace octet::test {
namespace {

void run_dot(const ConvCase& c) { ConvTester::run(c, octet_isa_neondot, "dwconv_dot_"); }

// Channels 1..(several 16-channel blocks) + tails.
TEST(DwconvDot, Channels3x3) {
  for (size_t C = 1; C <= 50; ++C) run_dot(dw(C, 3, 3));
  for (size_t C : {63, 64, 65, 95, 96, 97, 127, 128, 129}) run_dot(dw(C, 3, 3));
}

TEST(DwconvDot, Channels5x5) {
  for (size_t C : {1, 2, 7, 15, 16, 17, 31, 32, 33, 48, 63, 64, 65, 100}) {
    ConvCase c = dw(C, 5, 5);
    c.H = c.W = 9;
    c.seed = static_cast<uint32_t>(C);
    run_dot(c);
  }
}

// Generic R x S, including kernels of exactly two quads of rows (8) and of three (9).
TEST(DwconvDot, Generic) {
  uint32_t seed = 50;
  for (size_t C : {1, 5, 16, 17, 33, 48}) {
    for (auto rs : {std::pair<size_t, size_t>{1, 1}, {2, 3}, {3, 2}, {1, 9}, {9, 1}, {4, 4}, {7, 7}, {8, 5}, {9, 2}}) {
      ConvCase c = dw(C, rs.first, rs.second);
      c.H = 11;
      c.W = 10;
      c.seed = seed++;
      run_dot(c);
    }
  }
}

// Strides and dilations 1..3 in each direction, asymmetric paddings (none,
// lopsided, larger than the kernel's half), several widths for the pixel tails.
TEST(DwconvDot, Geometry) {
  uint32_t seed = 100;
  for (auto rs : {std::pair<size_t, size_t>{3, 3}, {5, 5}, {2, 3}, {7, 7}}) {
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
            run_dot(c);
          }
        }
      }
    }
  }
}

// Output widths 1..13 at stride 1 and 2 (the 4-, 2- and 1-pixel steps), tiny images.
TEST(DwconvDot, Widths) {
  uint32_t seed = 400;
  for (auto rs : {std::pair<size_t, size_t>{3, 3}, {5, 5}, {3, 4}}) {
    for (size_t stride : {1, 2}) {
      for (size_t W = 1; W <= 13; ++W) {
        ConvCase c = dw(24, rs.first, rs.second);
        c.H = 1 + seed % 4;
        c.W = W;
        c.sh = c.sw = stride;
        c.seed = seed++;
        run_dot(c);
      }
    }
  }
}

// Channel multipliers 1, 2, 3 (K = m*C): the expansion in the prep, vector (m = 2, C >= 16) and scalar.
TEST(DwconvDot, Multiplier) {
  uint32_t seed = 600;
  for (size_t m : {1, 2, 3}) {
    for (size_t C : {1, 3, 8, 9, 16, 17, 24, 40}) {
      for (auto rs : {std::pair<size_t, size_t>{3, 3}, {5, 5}, {1, 2}}) {
        ConvCase c = dw(C, rs.first, rs.second, m);
        c.sh = C % 2 ? 2 : 1;
        c.in_type = seed % 2 ? octet_datatype_s8 : octet_datatype_u8;
        c.x_zp = c.in_type == octet_datatype_s8 ? 5 : 77;
        c.seed = seed++;
        run_dot(c);
      }
    }
  }
}

// Input zero points at the ends of the range, u8 and s8 input (the sign flip
// and the (off - x_zp) * sum(w') fold), per-tensor and per-channel scales.
TEST(DwconvDot, InputZeroPoints) {
  uint32_t seed = 800;
  for (octet_datatype in : {octet_datatype_u8, octet_datatype_s8}) {
    const std::vector<int32_t> zps = in == octet_datatype_u8 ? std::vector<int32_t>{0, 1, 127, 128, 255}
                                                              : std::vector<int32_t>{-128, -1, 0, 1, 127};
    for (int32_t zp : zps) {
      for (bool pc : {false, true}) {
        for (auto rs : {std::pair<size_t, size_t>{3, 3}, {5, 5}, {2, 4}}) {
          ConvCase c = dw(37, rs.first, rs.second, seed % 2 ? 1 : 2);
          c.in_type = in;
          c.x_zp = zp;
          c.per_channel = pc;
          c.seed = seed++;
          run_dot(c);
        }
      }
    }
  }
}

// Every requantization mode x output type (s32 too) x bias type, with and without ReLU.
TEST(DwconvDot, Modes) {
  uint32_t seed = 1000;
  for (octet_requant_mode mode : {octet_requant_pytorch_fbgemm, octet_requant_pytorch_qnnpack,
                                  octet_requant_pytorch_onednn, octet_requant_fixedpoint}) {
    for (octet_datatype out : {octet_datatype_u8, octet_datatype_s8, octet_datatype_s32}) {
      for (octet_datatype bias : {octet_datatype_none, octet_datatype_f32, octet_datatype_s32}) {
        if (mode == octet_requant_fixedpoint && bias == octet_datatype_f32) continue;
        if (out == octet_datatype_s32 && bias == octet_datatype_f32) continue;  // not a valid operator
        for (bool relu : {false, true}) {
          for (auto rs : {std::pair<size_t, size_t>{3, 3}, {5, 5}, {3, 2}}) {
            ConvCase c = dw(19 + seed % 30, rs.first, rs.second, seed % 3 == 0 ? 2 : 1);
            c.mode = mode;
            c.out_type = out;
            c.bias_type = bias;
            c.relu = relu;
            c.y_zp = out == octet_datatype_s8 ? -5 : 120;
            c.in_type = seed % 2 ? octet_datatype_s8 : octet_datatype_u8;
            c.x_zp = c.in_type == octet_datatype_s8 ? 3 : 131;
            c.seed = seed++;
            run_dot(c);
          }
        }
      }
    }
  }
}

// Outputs far out of the 8-bit range in every mode (the clamps and the narrows).
TEST(DwconvDot, Saturation) {
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
        run_dot(c);
      }
    }
  }
}

// Batch > 1, pixel strides wider than the channels, 1..3 threads (the quad-row
// ring across images and thread boundaries).
TEST(DwconvDot, BatchStridesThreads) {
  uint32_t seed = 1500;
  for (size_t N : {1, 3}) {
    for (size_t extra : {0, 5}) {
      for (size_t threads : {1, 2, 3}) {
        for (auto rs : {std::pair<size_t, size_t>{3, 3}, {5, 5}, {9, 3}}) {
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
          run_dot(c);
        }
      }
    }
  }
}

// A layer whose w - w_zp does not fit int8 (random weights and weight zero
// points): the dot path declines it, the int16 path takes it, exactly.
TEST(DwconvDot, WideWeightsFallBack) {
  uint32_t seed = 1700;
  for (auto rs : {std::pair<size_t, size_t>{3, 3}, {5, 5}, {2, 3}}) {
    for (octet_datatype in : {octet_datatype_u8, octet_datatype_s8}) {
      ConvCase c = dw(35, rs.first, rs.second);
      c.in_type = in;
      c.x_zp = in == octet_datatype_s8 ? -100 : 200;
      c.w_zp_nonzero = true;
      c.mode = octet_requant_pytorch_qnnpack;
      c.seed = seed++;
      const std::string neon_name = rs.first == 3 && rs.second == 3   ? "dwconv_3x3"
                                    : rs.first == 5 && rs.second == 5 ? "dwconv_5x5"
                                                                      : "dwconv_rxs";
      ConvTester::run(c, octet_isa_neondot, neon_name.c_str());
    }
  }
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

void run_wzp(const WzpCase& t) {
  SCOPED_TRACE(testing::Message() << "C" << t.C << " " << t.R << "x" << t.S << " m" << t.mult << " in" << t.in_type
                                  << " xzp" << t.x_zp << " mode" << t.mode << " out" << t.out_type << " seed"
                                  << t.seed);
  if (!octet_isa_supported(octet_isa_neondot)) GTEST_SKIP() << "CPU lacks neondot";
  std::mt19937 rng(t.seed);
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const size_t K = t.C * t.mult, taps = t.R * t.S;
  const int32_t extremes[] = {-128, 127, -1, 1, 0};
  std::vector<int32_t> wzp(K);
  std::vector<double> ws(K);
  std::vector<int8_t> w(K * taps);
  for (size_t k = 0; k < K; ++k) {
    wzp[k] = k < 5 ? extremes[k] : uni(-128, 127);
    ws[k] = 0.001 * (1.0 + uni(0, 1000) / 250.0);
    const int lo = std::max(-128, wzp[k] - 128), hi = std::min(127, wzp[k] + 127);
    for (size_t i = 0; i < taps; ++i) w[k * taps + i] = static_cast<int8_t>(uni(lo, hi));
    w[k * taps] = static_cast<int8_t>(lo);                    // w' = lo - zp, -128 when it can be
    w[k * taps + taps - 1] = static_cast<int8_t>(hi);         // and 127
  }
  std::vector<int32_t> bias(K);
  for (auto& b : bias) b = uni(-20000, 20000);
  octet_conv2d_params p;
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

  ASSERT_EQ(octet_set_isa_cap(octet_isa_neondot), octet_status_success);
  octet_conv2d_t op = nullptr;
  ASSERT_EQ(octet_conv2d_create(&p, &op), octet_status_success) << octet_last_error();
  ASSERT_EQ(octet_set_isa_cap(octet_isa_scalar), octet_status_success);
  octet_conv2d_t ref = nullptr;
  ASSERT_EQ(octet_conv2d_create(&p, &ref), octet_status_success) << octet_last_error();
  octet_set_isa_cap(octet_isa_best);
  EXPECT_EQ(std::string(octet_conv2d_path(op)).rfind("dwconv_dot_", 0), 0u) << "path " << octet_conv2d_path(op);

  const size_t H = 6, W = 11;
  size_t OH = 0, OW = 0;
  ASSERT_EQ(octet_conv2d_output_size(op, H, W, &OH, &OW), octet_status_success);
  std::vector<uint8_t> x(H * W * t.C);
  for (auto& v : x) v = static_cast<uint8_t>(uni(0, 255));
  for (size_t i = 0; i < x.size(); i += 3) x[i] = t.seed % 2 ? 0 : 255;  // extremes
  const size_t es = t.out_type == octet_datatype_s32 ? 4 : 1;
  std::vector<uint8_t> got(OH * OW * K * es, 0x5A), want(got.size(), 0x5A);
  size_t wsz = 0;
  ASSERT_EQ(octet_conv2d_workspace_size(op, 1, H, W, 1, &wsz), octet_status_success);
  std::vector<uint8_t> wsbuf(wsz + 1);
  ASSERT_EQ(octet_conv2d_run(op, 1, H, W, x.data(), t.C, got.data(), K, wsbuf.data(), wsz, nullptr),
            octet_status_success)
      << octet_last_error();
  ASSERT_EQ(octet_conv2d_workspace_size(ref, 1, H, W, 1, &wsz), octet_status_success);
  wsbuf.assign(wsz + 1, 0);
  ASSERT_EQ(octet_conv2d_run(ref, 1, H, W, x.data(), t.C, want.data(), K, wsbuf.data(), wsz, nullptr),
            octet_status_success);
  size_t bad = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    if (got[i] != want[i] && bad++ < 5) ADD_FAILURE() << "byte " << i << ": got " << int(got[i]) << ", want " << int(want[i]);
  }
  EXPECT_EQ(bad, 0u);
  octet_conv2d_destroy(op);
  octet_conv2d_destroy(ref);
}

TEST(DwconvDot, WeightZeroPoints) {
  uint32_t seed = 1900;
  for (auto rs : {std::pair<size_t, size_t>{3, 3}, {5, 5}, {3, 1}}) {
    for (octet_datatype in : {octet_datatype_u8, octet_datatype_s8}) {
      for (octet_requant_mode mode : {octet_requant_pytorch_qnnpack, octet_requant_fixedpoint}) {
        for (octet_datatype out : {octet_datatype_u8, octet_datatype_s8, octet_datatype_s32}) {
          const int32_t x_zp = in == octet_datatype_u8 ? (seed % 2 ? 255 : 0) : (seed % 2 ? 127 : -128);
          run_wzp({seed % 2 ? 21u : 32u, rs.first, rs.second, seed % 3 == 0 ? 2u : 1u, in, x_zp, mode, out, seed});
          ++seed;
        }
      }
    }
  }
}

// Dispatch: under neondot and neoni8mm a qualifying layer runs the dot path,
// under neon it does not.
TEST(DwconvDot, Dispatch) {
  ConvCase c = dw(32, 3, 3);
  ConvTester::run(c, octet_isa_neoni8mm, "dwconv_dot_3x3");
  ConvTester::run(c, octet_isa_neondot, "dwconv_dot_3x3");
  ConvTester::run(c, octet_isa_neon, "dwconv_3x3");
  c = dw(20, 5, 5);
  ConvTester::run(c, octet_isa_neondot, "dwconv_dot_5x5");
  c = dw(20, 7, 2);
  ConvTester::run(c, octet_isa_neondot, "dwconv_dot_rxs");
}

}  // namespace
}  // namespace octet::test
