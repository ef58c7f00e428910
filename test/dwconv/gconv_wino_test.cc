// gconv_lanes_wino (x86: 4 input and 4 output channels per group, groups a
// multiple of 8, 3x3 stride 1 undilated: Winograd F(2x2, 3x3)) against the
// reference, through the public C API.
#include <gtest/gtest.h>

#include "test/dwconv/conv_tester.h"

namespace octet::test {
namespace {

ConvCase wc(size_t groups, size_t H, size_t W) {
  ConvCase c;
  c.groups = groups;
  c.C = c.K = groups * 4;
  c.H = H;
  c.W = W;
  return c;
}

void run_wino(const ConvCase& c) {
  for (octet_isa isa : kernel_isas()) {
#if defined(__aarch64__)
    ConvTester::run(c, isa, "");
#else
    ConvTester::run(c, isa, "gconv_lanes_wino");
#endif
  }
}

// Odd and even output heights and widths (half tiles), one-pixel images,
// paddings 0..2 on each side independently, several blocks of 8 groups.
TEST(GconvWino, Geometry) {
  uint32_t seed = 4000;
  const size_t pads[][4] = {{1, 1, 1, 1}, {0, 0, 0, 0}, {0, 2, 2, 0}, {2, 0, 1, 2}, {2, 2, 2, 2}, {1, 0, 0, 1}};
  for (size_t H : {1, 2, 3, 4, 7}) {
    for (size_t W : {1, 2, 3, 6, 9}) {
      for (const auto& pd : pads) {
        ConvCase c = wc(8 * (1 + seed % 3), H, W);
        c.pt = pd[0];
        c.pl = pd[1];
        c.pb = pd[2];
        c.pr = pd[3];
        if (H + c.pt + c.pb < 3 || W + c.pl + c.pr < 3) continue;
        c.in_type = seed % 2 ? octet_datatype_s8 : octet_datatype_u8;
        c.x_zp = c.in_type == octet_datatype_s8 ? -100 : 200;
        c.seed = seed++;
        run_wino(c);
      }
    }
  }
}

// Every mode x output type x bias type x clamp, input and weight zero points
// at the ends of their ranges (the transforms' int16 bounds), outputs far
// out of range.
TEST(GconvWino, ModesZeroPoints) {
  uint32_t seed = 4300;
  for (const auto& [mode, out, bias] : all_mode_out_bias()) {
    for (int variant = 0; variant < 6; ++variant) {
      ConvCase c = wc(16, 4 + variant % 2, 5 + variant / 2);
      c.mode = mode;
      c.out_type = out;
      c.bias_type = bias;
      c.in_type = variant >= 3 ? octet_datatype_s8 : octet_datatype_u8;
      const int32_t u8zp[] = {0, 128, 255}, s8zp[] = {-128, 0, 127};
      c.x_zp = c.in_type == octet_datatype_s8 ? s8zp[variant % 3] : u8zp[variant % 3];
      c.y_zp = out == octet_datatype_s8 ? 9 : 77;
      c.w_zp_nonzero = mode != octet_requant_pytorch_onednn && variant % 2 == 1;
      c.per_channel = variant != 2;
      c.relu = variant % 2 == 0;
      c.y_scale_mul = variant == 3 ? 1e-3 : 1.0;
      c.seed = seed++;
      run_wino(c);
    }
  }
}

TEST(GconvWino, BatchStridesThreads) {
  uint32_t seed = 4600;
  for (size_t N : {1, 3}) {
    for (size_t extra : {0, 3, 32}) {
      for (size_t threads : {1, 2, 3}) {
        ConvCase c = wc(24, 5 + N, 7);
        c.N = N;
        c.in_extra = extra;
        c.out_extra = extra + 1;
        c.threads = threads;
        c.out_type = seed % 3 == 0 ? octet_datatype_s32 : octet_datatype_u8;
        if (c.out_type == octet_datatype_s32) c.bias_type = octet_datatype_s32;
        c.seed = seed++;
        run_wino(c);
      }
    }
  }
}

// The largest transformed magnitudes: x - x_zp = +-255 in checkerboards and
// w - w_zp = +-255 with signs that add up in U = G g Gt, int32 outputs
// compared with the scalar path.
TEST(GconvWino, ExtremeValues) {
  const size_t groups = 8, C = groups * 4, H = 6, W = 6;
  for (int x_zp : {0, 255}) {
    for (int w_sign : {1, -1}) {
      std::vector<uint8_t> x(H * W * C);
      for (size_t i = 0; i < x.size(); ++i) {
        const size_t px = i / C, h = px / W, w = px % W;
        x[i] = ((h + w) % 2 == 0) == (x_zp == 0) ? 255 : 0;
      }
      std::vector<int8_t> wt(C * 9 * 4);
      for (size_t i = 0; i < wt.size(); ++i) {
        const size_t tap = i / 4 % 9;
        wt[i] = ((tap % 2 == 0) == (w_sign > 0)) ? int8_t{127} : int8_t{-128};
      }
      std::vector<int32_t> wzp(C);
      for (size_t k = 0; k < C; ++k) wzp[k] = k % 2 ? -128 : 127;
      std::vector<double> ws(C, 0.001);
      octet_conv2d_params p;
      octet_conv2d_params_init(&p);
      p.input_channels = p.output_channels = C;
      p.groups = groups;
      p.kernel_height = p.kernel_width = 3;
      p.pad_top = p.pad_left = p.pad_bottom = p.pad_right = 1;
      p.input_zero_point = x_zp;
      p.input_scale = 0.02;
      p.weights = wt.data();
      p.weight_scale_count = C;
      p.weight_scales = ws.data();
      p.weight_zero_points = wzp.data();
      p.output_type = octet_datatype_s32;
      p.output_scale = 1.0;
      p.requant_mode = octet_requant_pytorch_qnnpack;
      std::vector<std::vector<int32_t>> y;
      for (octet_isa isa : {octet_isa_avx2, octet_isa_scalar}) {
        if (!octet_isa_supported(isa)) GTEST_SKIP();
        ASSERT_EQ(octet_set_isa_cap(isa), octet_status_success);
        octet_conv2d_t op = nullptr;
        ASSERT_EQ(octet_conv2d_create(&p, &op), octet_status_success) << octet_last_error();
        octet_set_isa_cap(octet_isa_best);
        if (isa == octet_isa_avx2) {
          EXPECT_STREQ(octet_conv2d_path(op), "gconv_lanes_wino");
        }
        size_t wsz = 0;
        ASSERT_EQ(octet_conv2d_workspace_size(op, 1, H, W, 1, &wsz), octet_status_success);
        std::vector<uint8_t> ws_buf(wsz);
        y.emplace_back(H * W * C);
        ASSERT_EQ(octet_conv2d_run(op, 1, H, W, x.data(), 0, y.back().data(), 0, ws_buf.data(), wsz, nullptr),
                  octet_status_success);
        octet_conv2d_destroy(op);
      }
      EXPECT_EQ(y[0], y[1]);
    }
  }
}

}  // namespace
}  // namespace octet::test
