// Depthwise kernels (dwconv_3x3, dwconv_5x5, dwconv_rxs on every ISA of this
// build) against the reference, through the public C API.
#include <gtest/gtest.h>

#include "src/core/dwconv_path.h"
#include "test/dwconv/conv_tester.h"
#include "test/dwconv/direct_cases.h"
#include "test/dwconv/path_check.h"

namespace octet::test {
namespace {

void run_all(const ConvCase& c) {
  for (octet_isa isa : kernel_isas()) ConvTester::run(c, isa, "dwconv");
}

class DwIsa : public ::testing::TestWithParam<octet_isa> {};

// Channels 1..(several vector widths) + tails, for each unrolled kernel.
TEST(Dwconv, Channels3x3) {
  for (size_t C = 1; C <= 72; C += (C < 40 ? 1 : 7)) run_all(dw(C, 3, 3));
  for (size_t C : {95, 96, 97, 127, 128, 129}) run_all(dw(C, 3, 3));
}

TEST(Dwconv, Channels5x5) {
  for (size_t C : {1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 48, 63, 64, 65, 100}) {
    ConvCase c = dw(C, 5, 5);
    c.H = c.W = 9;
    run_all(c);
  }
}

TEST(Dwconv, ChannelsGeneric) {
  for (size_t C : {1, 5, 16, 17, 33, 64, 70}) {
    for (auto rs : {std::pair<size_t, size_t>{1, 1}, {2, 2}, {3, 1}, {1, 3}, {7, 7}, {4, 5}, {6, 2}}) {
      ConvCase c = dw(C, rs.first, rs.second);
      c.H = 9;
      c.W = 10;
      run_all(c);
    }
  }
}

// Strides, dilations and paddings (symmetric, asymmetric, larger than the kernel's half).
TEST(Dwconv, Geometry) {
  uint32_t seed = 100;
  for (auto rs : {std::pair<size_t, size_t>{3, 3}, {5, 5}, {3, 5}, {2, 3}}) {
    for (size_t sh : {1, 2, 3}) {
      for (size_t sw : {1, 2}) {
        for (size_t dil : {1, 2, 3}) {
          for (int padv = 0; padv < 3; ++padv) {
            ConvCase c = dw(24, rs.first, rs.second);
            c.sh = sh;
            c.sw = sw;
            c.dh = dil;
            c.dw = dil == 3 ? 1 : dil;
            c.H = 5 + (c.R - 1) * c.dh;
            c.W = 7 + (c.S - 1) * c.dw;
            if (padv == 0) c.pt = c.pl = c.pb = c.pr = 0;
            if (padv == 1) { c.pt = 0; c.pl = 2; c.pb = 3; c.pr = 1; }
            if (padv == 2) { c.pt = c.R; c.pl = 1; c.pb = 1; c.pr = c.S; }
            c.seed = seed++;
            run_all(c);
          }
        }
      }
    }
  }
}

// The 3x3 and 5x5 rows at dilations 2-4, strides 1-3, over every output
// width up to several four-pixel steps and their tails.
TEST(Dwconv, DilationWidths) {
  uint32_t seed = 200;
  for (auto rs : {std::pair<size_t, size_t>{3, 3}, {5, 5}}) {
    for (size_t dil : {2, 3, 4}) {
      for (size_t sw : {1, 2, 3}) {
        for (size_t W = (rs.second - 1) * dil + 1; W <= (rs.second - 1) * dil + 40; W += (W % 3 ? 1 : 4)) {
          ConvCase c = dw(seed % 2 ? 20 : 16, rs.first, rs.second);
          c.sw = sw;
          c.dh = 1 + seed % 2;
          c.dw = dil;
          c.H = 1 + (c.R - 1) * c.dh;
          c.W = W;
          c.pt = c.pb = 0;
          c.pl = seed % 3;
          c.pr = (seed / 3) % 3;
          c.seed = seed++;
          run_all(c);
        }
      }
    }
  }
}

// Channel multipliers 2 and 3 (K = m*C).
TEST(Dwconv, Multiplier) {
  for (size_t m : {2, 3}) {
    for (size_t C : {1, 3, 8, 9, 16, 17, 24, 40}) {
      for (auto rs : {std::pair<size_t, size_t>{3, 3}, {5, 5}, {1, 2}}) {
        ConvCase c = dw(C, rs.first, rs.second, m);
        c.sh = C % 2 ? 2 : 1;
        c.seed = static_cast<uint32_t>(C * 10 + m);
        run_all(c);
      }
    }
  }
}

// Input zero points at the ends of the range, int8 input, weight zero points.
TEST(Dwconv, ZeroPoints) {
  uint32_t seed = 300;
  for (octet_datatype in : {octet_datatype_u8, octet_datatype_s8}) {
    const std::vector<int32_t> zps = in == octet_datatype_u8 ? std::vector<int32_t>{0, 128, 255}
                                                              : std::vector<int32_t>{-128, 0, 127};
    for (int32_t zp : zps) {
      for (bool wzp : {false, true}) {
        for (bool pc : {false, true}) {
          for (auto rs : {std::pair<size_t, size_t>{3, 3}, {5, 5}, {2, 4}}) {
            ConvCase c = dw(37, rs.first, rs.second, seed % 2 ? 1 : 2);
            c.in_type = in;
            c.x_zp = zp;
            c.w_zp_nonzero = wzp;
            c.per_channel = pc;
            c.mode = wzp ? octet_requant_pytorch_qnnpack : octet_requant_pytorch_fbgemm;
            c.seed = seed++;
            run_all(c);
          }
        }
      }
    }
  }
}

// Every requantization mode x output type x bias type, with and without ReLU.
TEST(Dwconv, Modes) {
  uint32_t seed = 500;
  for (const auto& [mode, out, bias] : all_mode_out_bias()) {
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
        c.w_zp_nonzero = mode != octet_requant_pytorch_onednn && seed % 4 == 1;
        c.seed = seed++;
        run_all(c);
      }
    }
  }
}

// Outputs far outside the 8-bit range (and beyond int16 before the zero
// point) in every mode: the saturating steps of the fast epilogues.
TEST(Dwconv, Saturation) {
  uint32_t seed = 700;
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
        run_all(c);
      }
    }
  }
}

// Batch > 1, pixel strides wider than the channels, two threads.
TEST(Dwconv, BatchStridesThreads) {
  uint32_t seed = 900;
  for (size_t N : {1, 3}) {
    for (size_t extra : {0, 5}) {
      for (size_t threads : {1, 2}) {
        for (auto rs : {std::pair<size_t, size_t>{3, 3}, {5, 5}, {1, 1}}) {
          ConvCase c = dw(33, rs.first, rs.second, seed % 2 ? 1 : 2);
          c.N = N;
          c.H = 10;
          c.W = 9;
          c.in_extra = extra;
          c.out_extra = extra + 2;
          c.threads = threads;
          c.out_type = seed % 3 == 0 ? octet_datatype_s32 : octet_datatype_u8;
          if (c.out_type == octet_datatype_s32) c.bias_type = octet_datatype_s32;
          c.seed = seed++;
          run_all(c);
        }
      }
    }
  }
}

// Tiny and degenerate images: 1x1 input, output width 1 (no pixel pairs), kernel larger than the image.
TEST(Dwconv, SmallImages) {
  uint32_t seed = 1200;
  for (size_t H : {1, 2, 3}) {
    for (size_t W : {1, 2, 3, 4}) {
      for (auto rs : {std::pair<size_t, size_t>{3, 3}, {5, 5}, {7, 3}}) {
        ConvCase c = dw(20, rs.first, rs.second);
        c.H = H;
        c.W = W;
        c.pt = c.pb = c.R / 2;
        c.pl = c.pr = c.S / 2;
        c.seed = seed++;
        run_all(c);
      }
    }
  }
}

// The direct 3x3 kernels (x86: dilation 1, stride 1 or 2, multiplier 1 and C
// a multiple of 16 or multiplier 2 and C a multiple of 8). Through the API,
// dispatch picks its depthwise path (on a VNNI CPU the dot-product one takes
// most of these layers); then the direct path itself, made for every ISA this
// CPU has whatever dispatch prefers here, must be taken and match the
// reference too.
void run_direct(const ConvCase& c) {
  for (octet_isa isa : kernel_isas()) ConvTester::run(c, isa, "dwconv");
#if !defined(__aarch64__)
  SCOPED_TRACE(c.str());
  const ConvData d(c);
  const PathCheck check(d.p, d.x, c.N, c.H, c.W, d.ips, d.ops, d.es, c.threads);
  ASSERT_TRUE(check.ok());
  for (octet_isa isa : kernel_isas()) {
    SCOPED_TRACE(octet_isa_name(isa));
    const std::unique_ptr<ConvPath> path = make_dwconv_path(check.cfg(), isa);
    ASSERT_NE(path, nullptr);
    ASSERT_STREQ(path->name(), "dwconv_3x3_direct");
    check.run(*path);
  }
#endif
}

// The cases of direct_cases.h: widths 1..(several step pairs), heights,
// paddings, strides, multiplier 2, modes, batches, strides and threads.
TEST(Dwconv, Direct3x3Geometry) {
  for (const ConvCase& c : direct_geometry_cases(2000, {1, 2, 3, 4, 5, 6, 7, 8, 9, 14}, {1, 4})) run_direct(c);
}

TEST(Dwconv, Direct3x3Multiplier2) {
  for (const ConvCase& c : direct_mult2_cases(2300, {1, 2, 5, 8, 13})) run_direct(c);
}

TEST(Dwconv, Direct3x3Modes) {
  for (const ConvCase& c : direct_modes_cases(2500)) run_direct(c);
}

TEST(Dwconv, Direct3x3BatchStridesThreads) {
  for (const ConvCase& c : direct_batch_cases(2800)) run_direct(c);
}

}  // namespace
}  // namespace octet::test
