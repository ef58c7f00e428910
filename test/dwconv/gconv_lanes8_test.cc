// gconv_lanes8 (8 input and 8 output channels per group) against the
// reference, through the public C API.
#include <gtest/gtest.h>

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

// gconv_lanes8 (x86: 8 input and 8 output channels per group, groups a
// multiple of 8): the path must be taken, and match the reference.
void run_lanes8(const ConvCase& c) {
  for (octet_isa isa : kernel_isas()) {
#if defined(__aarch64__)
    ConvTester::run(c, isa, "");
#else
    ConvTester::run(c, isa, "gconv_lanes8");
#endif
  }
}

// Kernel sizes, strides, dilations, paddings, widths (odd: the single-pixel
// tail), several blocks of 8 groups.
TEST(GconvLanes8, Geometry) {
  uint32_t seed = 5200;
  for (auto rs : {std::pair<size_t, size_t>{3, 3}, {1, 1}, {5, 3}, {2, 4}}) {
    for (size_t st : {1, 2}) {
      for (size_t dil : {1, 2}) {
        for (size_t W : {1, 2, 5, 8}) {
          for (int padv = 0; padv < 3; ++padv) {
            ConvCase c = gc(seed % 2 ? 16 : 8, 8, 8, rs.first, rs.second);
            c.sh = c.sw = st;
            c.dh = c.dw = dil;
            c.H = 3 + (c.R - 1) * dil;
            c.W = W + (c.S - 1) * dil;
            if (padv == 0) c.pt = c.pl = c.pb = c.pr = 0;
            if (padv == 1) { c.pt = 0; c.pl = 2; c.pb = 3; c.pr = 1; }
            c.in_type = seed % 3 == 0 ? octet_datatype_s8 : octet_datatype_u8;
            c.x_zp = c.in_type == octet_datatype_s8 ? -100 : 200;
            c.seed = seed++;
            run_lanes8(c);
          }
        }
      }
    }
  }
}

// Every mode x output type x bias type x clamp, input and weight zero points
// at the ends of their ranges, outputs far out of range.
TEST(GconvLanes8, ModesZeroPoints) {
  uint32_t seed = 5500;
  for (octet_requant_mode mode : {octet_requant_pytorch_fbgemm, octet_requant_pytorch_qnnpack,
                                  octet_requant_pytorch_onednn, octet_requant_fixedpoint}) {
    for (octet_datatype out : {octet_datatype_u8, octet_datatype_s8, octet_datatype_s32}) {
      for (octet_datatype bias : {octet_datatype_none, octet_datatype_f32, octet_datatype_s32}) {
        if (mode == octet_requant_fixedpoint && bias == octet_datatype_f32) continue;
        if (out == octet_datatype_s32 && bias == octet_datatype_f32) continue;
        for (int variant = 0; variant < 4; ++variant) {
          ConvCase c = gc(32, 8, 8);
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
          run_lanes8(c);
        }
      }
    }
  }
}

TEST(GconvLanes8, BatchStridesThreads) {
  uint32_t seed = 5800;
  for (size_t N : {1, 3}) {
    for (size_t extra : {0, 3, 32}) {
      for (size_t threads : {1, 3}) {
        ConvCase c = gc(24, 8, 8);
        c.N = N;
        c.H = 7;
        c.W = 6;
        c.in_extra = extra;
        c.out_extra = extra + 1;
        c.threads = threads;
        c.out_type = seed % 3 == 0 ? octet_datatype_s32 : octet_datatype_u8;
        if (c.out_type == octet_datatype_s32) c.bias_type = octet_datatype_s32;
        c.seed = seed++;
        run_lanes8(c);
      }
    }
  }
}

}  // namespace
}  // namespace octet::test
