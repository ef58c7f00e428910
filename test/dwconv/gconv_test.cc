// Small-group convolution (window, gather, groups-in-lanes and Winograd
// paths) against the reference, through the public C API, over the case
// helpers of test/dwconv/conv_cases.h. Each path is checked by name.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test/dwconv/conv_cases.h"
#include "test/dwconv/conv_tester.h"
#include "test/dwconv/table_tester.h"

namespace octet::test {
namespace {

ConvCase gc(size_t groups, size_t cg, size_t kg, size_t R = 3, size_t S = 3) { return grouped(groups, cg, kg, R, S); }

// Every ISA cap of this CPU; x86 must take the named path (AArch64 has no
// small-group kernels yet: any path); under avx512vnni the byte-quad kernels
// take the layers they can (test/dwconv/gconv_dot_test.cc): any gconv path.
// Then every small-group set of the kernel table through TableTester (guard
// pages, untouched gaps), each taking the named path too (the avx512vnni
// set's int16 kernels are the AVX2 set's, run once).
void run_all(const ConvCase& c, const char* path = "gconv") {
  for (octet_isa isa : kernel_isas()) {
#if defined(__aarch64__)
    ConvTester::run(c, isa, "");
#else
    ConvTester::run(c, isa, isa == octet_isa_avx512vnni ? "gconv_" : path);
#endif
  }
  const TableTester sets(gconv_tables(), [path](const KernelTable&, const ConvConfig&) { return std::string(path); });
  if (sets.runnable()) sets.run(c);
}

// Every channels-per-group count 2..16 with several outputs per group (each
// fetch method gets used: shared windows, per-pair windows, gathers).
TEST(Gconv, GroupSizes) {
  uint32_t seed = 2000;
  for (size_t cg = 2; cg <= 16; ++cg) {
    for (size_t kg : {1, 2, 3, 4, 8, 16}) {
      for (size_t groups : {2, 5, 8}) {
        ConvCase c = gc(groups, cg, kg);
        c.seed = seed++;
        c.in_type = seed % 2 ? octet_datatype_u8 : octet_datatype_s8;
        c.x_zp = c.in_type == octet_datatype_u8 ? 140 : -7;
        run_all(c);
      }
    }
  }
}

// The ResNeXt shapes: g32 with 4, 8 and 16 channels per group.
TEST(Gconv, ResNeXt) {
  uint32_t seed = 2500;
  for (size_t cg : {4, 8, 16}) {
    for (size_t stride : {1, 2}) {
      ConvCase c = gc(32, cg, cg);
      c.sh = c.sw = stride;
      c.H = 9;
      c.W = 8;
      c.seed = seed++;
      run_all(c);
    }
  }
}

TEST(Gconv, Geometry) {
  uint32_t seed = 2600;
  for (auto rs : {std::pair<size_t, size_t>{1, 1}, {3, 3}, {5, 5}, {2, 3}}) {
    for (size_t st : {1, 2, 3}) {
      for (size_t dil : {1, 2}) {
        for (int padv = 0; padv < 3; ++padv) {
          ConvCase c = gc(6, 4, 4, rs.first, rs.second);
          c.sh = st;
          c.sw = st == 3 ? 1 : st;
          c.dh = c.dw = dil;
          c.H = 5 + (c.R - 1) * dil;
          c.W = 6 + (c.S - 1) * dil;
          pad_variant(&c, padv);
          c.seed = seed++;
          run_all(c);
        }
      }
    }
  }
}

TEST(Gconv, ModesZeroPoints) {
  uint32_t seed = 2800;
  for (octet_requant_mode mode : {octet_requant_pytorch_fbgemm, octet_requant_pytorch_qnnpack,
                                  octet_requant_pytorch_onednn, octet_requant_fixedpoint}) {
    for (octet_datatype out : {octet_datatype_u8, octet_datatype_s8, octet_datatype_s32}) {
      for (int32_t zp : {0, 128, 255}) {
        ConvCase c = gc(7, 3 + seed % 6, 4);
        c.mode = mode;
        c.out_type = out;
        c.bias_type = (mode == octet_requant_fixedpoint || out == octet_datatype_s32) ? octet_datatype_s32
                                                                                      : octet_datatype_f32;
        c.x_zp = zp;
        c.y_zp = out == octet_datatype_s8 ? 9 : 77;
        c.w_zp_nonzero = mode != octet_requant_pytorch_onednn;
        c.per_channel = seed % 2 == 0;
        c.relu = seed % 3 == 0;
        c.y_scale_mul = seed % 4 == 0 ? 1e-3 : 1.0;
        c.seed = seed++;
        run_all(c);
      }
    }
  }
}

TEST(Gconv, BatchStridesThreads) {
  for (const ConvCase& c : batch_variant_cases(3000, {1, 2}, {0, 3}, {1, 2}, 1, 1, [](int, uint32_t, size_t) {
         ConvCase l = gc(8, 4, 4);
         l.H = 9;
         l.W = 5;
         return l;
       })) {
    run_all(c);
  }
}

// The groups-in-lanes paths (x86: groups a multiple of 8): gconv_lanes with 4
// input and 4 output channels per group, gconv_lanes8 with 8 and 8. Each case
// must take the path (gconv_lanes_wino counts as gconv_lanes) and match the
// reference.
struct LanesPath {
  size_t cg;         // input = output channels per group
  const char* path;  // expected path name (prefix)
  uint32_t seed;
};

class GconvLanes : public ::testing::TestWithParam<LanesPath> {
 protected:
  void run(const ConvCase& c) const { run_all(c, GetParam().path); }
};

// Kernel sizes, strides, dilations, paddings, widths (odd: the single-pixel
// tail), several blocks of 8 groups.
TEST_P(GconvLanes, Geometry) {
  const size_t cg = GetParam().cg;
  uint32_t seed = GetParam().seed;
  for (auto rs : {std::pair<size_t, size_t>{3, 3}, {1, 1}, {5, 3}, {2, 4}}) {
    for (size_t st : {1, 2}) {
      for (size_t dil : {1, 2}) {
        for (size_t W : {1, 2, 5, 8}) {
          for (int padv = 0; padv < 3; ++padv) {
            ConvCase c = gc(seed % 2 ? 16 : 8, cg, cg, rs.first, rs.second);
            c.sh = c.sw = st;
            c.dh = c.dw = dil;
            c.H = 3 + (c.R - 1) * dil;
            c.W = W + (c.S - 1) * dil;
            pad_variant(&c, padv);
            c.in_type = seed % 3 == 0 ? octet_datatype_s8 : octet_datatype_u8;
            c.x_zp = c.in_type == octet_datatype_s8 ? -100 : 200;
            c.seed = seed++;
            run(c);
          }
        }
      }
    }
  }
}

// Every mode x output type x bias type x clamp, input and weight zero points
// at the ends of their ranges, outputs far out of range.
TEST_P(GconvLanes, ModesZeroPoints) {
  const size_t cg = GetParam().cg;
  for (const ConvCase& c : mode_variant_cases(GetParam().seed + 300, 4, [&](int variant) {
         ConvCase l = gc(32, cg, cg);
         l.W = 5 + static_cast<size_t>(variant);
         return l;
       })) {
    run(c);
  }
}

TEST_P(GconvLanes, BatchStridesThreads) {
  const size_t cg = GetParam().cg;
  for (const ConvCase& c : batch_variant_cases(GetParam().seed + 600, {1, 3}, {0, 3, 32}, {1, 3}, 1, 1,
                                               [&](int, uint32_t s, size_t) {
                                                 ConvCase l = gc(24, cg, cg);
                                                 l.H = 7;
                                                 l.W = 6;
                                                 sometimes_s32(&l, s);
                                                 return l;
                                               })) {
    run(c);
  }
}

INSTANTIATE_TEST_SUITE_P(Paths, GconvLanes,
                         ::testing::Values(LanesPath{4, "gconv_lanes", 3200}, LanesPath{8, "gconv_lanes8", 5200}),
                         [](const ::testing::TestParamInfo<LanesPath>& p) { return std::string(p.param.path); });

// gconv_lanes_wino (x86: 4 input and 4 output channels per group, groups a
// multiple of 8, 3x3 stride 1 undilated: Winograd F(2x2, 3x3)).
ConvCase wc(size_t groups, size_t H, size_t W) {
  ConvCase c;
  c.groups = groups;
  c.C = c.K = groups * 4;
  c.H = H;
  c.W = W;
  return c;
}

void run_wino(const ConvCase& c) { run_all(c, "gconv_lanes_wino"); }

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
  for (const ConvCase& c : mode_variant_cases(4300, 6, [](int variant) {
         return wc(16, 4 + static_cast<size_t>(variant % 2), 5 + static_cast<size_t>(variant / 2));
       })) {
    run_wino(c);
  }
}

TEST(GconvWino, BatchStridesThreads) {
  for (const ConvCase& c : batch_variant_cases(4600, {1, 3}, {0, 3, 32}, {1, 2, 3}, 1, 1, [](int, uint32_t s, size_t N) {
         ConvCase l = wc(24, 5 + N, 7);
         sometimes_s32(&l, s);
         return l;
       })) {
    run_wino(c);
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
