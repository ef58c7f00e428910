// Small-group convolution (window, gather and groups-in-lanes paths) against the
// reference, through the public C API.
#include <gtest/gtest.h>

#include <string>

#include "test/dwconv/conv_tester.h"

namespace octet::test {
namespace {

ConvCase gc(size_t groups, size_t cg, size_t kg, size_t R = 3, size_t S = 3) {
  ConvCase c;
  c.groups = groups;
  c.C = groups * cg;
  c.K = groups * kg;
  c.R = R;
  c.S = S;
  c.pt = c.pb = R / 2;
  c.pl = c.pr = S / 2;
  c.H = 6;
  c.W = 7;
  return c;
}

void run_all(const ConvCase& c) {
  for (octet_isa isa : kernel_isas()) {
#if defined(__aarch64__)
    ConvTester::run(c, isa, "");  // no ARM small-group kernels yet
#else
    ConvTester::run(c, isa, "gconv");
#endif
  }
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
          if (padv == 0) c.pt = c.pl = c.pb = c.pr = 0;
          if (padv == 1) { c.pt = 0; c.pl = 2; c.pb = 3; c.pr = 1; }
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
  uint32_t seed = 3000;
  for (size_t N : {1, 2}) {
    for (size_t extra : {0, 3}) {
      for (size_t threads : {1, 2}) {
        ConvCase c = gc(8, 4, 4);
        c.N = N;
        c.H = 9;
        c.W = 5;
        c.in_extra = extra;
        c.out_extra = extra + 1;
        c.threads = threads;
        c.seed = seed++;
        run_all(c);
      }
    }
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
  void run(const ConvCase& c) const {
    for (octet_isa isa : kernel_isas()) {
#if defined(__aarch64__)
      ConvTester::run(c, isa, "");
#else
      ConvTester::run(c, isa, GetParam().path);
#endif
    }
  }
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
            if (padv == 0) c.pt = c.pl = c.pb = c.pr = 0;
            if (padv == 1) { c.pt = 0; c.pl = 2; c.pb = 3; c.pr = 1; }
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
  uint32_t seed = GetParam().seed + 300;
  for (const auto& [mode, out, bias] : all_mode_out_bias()) {
    for (int variant = 0; variant < 4; ++variant) {
      ConvCase c = gc(32, cg, cg);
      c.W = 5 + variant;
      c.mode = mode;
      c.out_type = out;
      c.bias_type = bias;
      c.in_type = variant >= 2 ? octet_datatype_s8 : octet_datatype_u8;
      c.x_zp = c.in_type == octet_datatype_s8 ? (variant == 2 ? -128 : 127) : (variant == 0 ? 0 : 255);
      c.y_zp = out == octet_datatype_s8 ? 9 : 77;
      c.w_zp_nonzero = mode != octet_requant_pytorch_onednn && variant % 2 == 1;
      c.per_channel = variant != 2;
      c.relu = variant % 2 == 0;
      c.y_scale_mul = variant == 3 ? 1e-3 : 1.0;
      c.seed = seed++;
      run(c);
    }
  }
}

TEST_P(GconvLanes, BatchStridesThreads) {
  const size_t cg = GetParam().cg;
  uint32_t seed = GetParam().seed + 600;
  for (size_t N : {1, 3}) {
    for (size_t extra : {0, 3, 32}) {
      for (size_t threads : {1, 3}) {
        ConvCase c = gc(24, cg, cg);
        c.N = N;
        c.H = 7;
        c.W = 6;
        c.in_extra = extra;
        c.out_extra = extra + 1;
        c.threads = threads;
        c.out_type = seed % 3 == 0 ? octet_datatype_s32 : octet_datatype_u8;
        if (c.out_type == octet_datatype_s32) c.bias_type = octet_datatype_s32;
        c.seed = seed++;
        run(c);
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Paths, GconvLanes,
                         ::testing::Values(LanesPath{4, "gconv_lanes", 3200}, LanesPath{8, "gconv_lanes8", 5200}),
                         [](const ::testing::TestParamInfo<LanesPath>& p) { return std::string(p.param.path); });

}  // namespace
}  // namespace octet::test
