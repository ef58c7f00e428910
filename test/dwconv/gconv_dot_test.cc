// The byte-quad small-group kernels (gconv::kGroupDot: AVX-512 VNNI vpdpbusd,
// src/x86/avx512vnni/gconv_x8s8_16g4_avx512vnni.cc) against the reference,
// through TableTester on every set this build has (test/dwconv/kernel_tables.h:
// avx512vnni and its SIMDe-emulated copy, which runs on AVX2): every group
// size and output count they take, partial blocks of 16 groups, pixel-step
// tails, strides, dilations, paddings, modes, zero points (weight zero points
// that keep w - w_zp in int8), batches, pixel strides and threads. Each case
// must take the path. Through the public C API: the avx512vnni cap selects it
// for ResNeXt's layers, and layers it declines come out exact from the int16
// kernels under the same cap.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "test/dwconv/conv_cases.h"
#include "test/dwconv/conv_tester.h"
#include "test/dwconv/table_tester.h"

namespace octet::test {
namespace {

constexpr octet_isa kIsa = octet_isa_avx512vnni;

const TableTester& dot_tester() {
  static const TableTester t(gconv_dot_tables(), [](const KernelTable&, const ConvConfig&) { return "gconv_dot"; });
  return t;
}

// Runs c on every set, with weights that keep w - w_zp in int8 when it has
// weight zero points (each channel's weights reach both ends of its range,
// zero points at the extremes first). False after a failure.
bool run_dot(const ConvCase& c) {
  SCOPED_TRACE(c.str());
  ConvData d(c);
  if (c.w_zp_nonzero) {
    std::mt19937 rng(c.seed);
    const size_t n = d.w.size() / d.wzp.size();  // weights per zero point
    const int32_t extremes[] = {-128, 127, -1, 1, 0};
    for (size_t k = 0; k < d.wzp.size(); ++k) {
      d.wzp[k] = k < 5 ? extremes[k] : std::uniform_int_distribution<int>(-128, 127)(rng);
      const int lo = std::max(-128, d.wzp[k] - 128), hi = std::min(127, d.wzp[k] + 127);
      for (size_t i = 0; i < n; ++i)
        d.w[k * n + i] = static_cast<int8_t>(std::uniform_int_distribution<int>(lo, hi)(rng));
      d.w[k * n] = static_cast<int8_t>(lo);
      d.w[k * n + n - 1] = static_cast<int8_t>(hi);
    }
  }
  return dot_tester().run(d.p, d.x, c.N, c.H, c.W, d.ips, d.ops, d.es, c.threads);
}

#define OCTET_DOT_RUNNABLE() \
  if (!dot_tester().runnable()) GTEST_SKIP() << "this CPU runs no byte-quad small-group kernel set"

// Every group size (channels a multiple of 4 up to the path's 16) and output
// count (4, 8, 16), group counts with partial blocks of 16, widths that leave
// every tail of the pixel step, both strides.
TEST(GconvDot, GroupSizes) {
  OCTET_DOT_RUNNABLE();
  uint32_t seed = 7000;
  for (size_t cg : {4, 8, 12, 16}) {
    for (size_t kg : {4, 8, 16}) {
      for (size_t groups : {2, 16, 21, 35}) {
        for (size_t stride : {1, 2}) {
          ConvCase c = grouped(groups, cg, kg);
          c.sh = c.sw = stride;
          c.W = 7 + seed % 5;
          c.in_type = seed % 2 ? octet_datatype_u8 : octet_datatype_s8;
          c.x_zp = c.in_type == octet_datatype_u8 ? 140 : -7;
          c.seed = seed++;
          if (!run_dot(c)) return;
        }
      }
    }
  }
}

// Kernel sizes, strides (3: rows only), dilations, paddings, widths 1..8.
TEST(GconvDot, Geometry) {
  OCTET_DOT_RUNNABLE();
  uint32_t seed = 7300;
  for (auto rs : {std::pair<size_t, size_t>{3, 3}, {1, 1}, {5, 3}, {2, 4}}) {
    for (size_t st : {1, 2, 3}) {
      for (size_t dil : {1, 2}) {
        for (int padv = 0; padv < 3; ++padv) {
          ConvCase c = grouped(seed % 2 ? 32 : 18, seed % 3 ? 4 : 8, seed % 3 ? 4 : 8, rs.first, rs.second);
          c.sh = st;
          c.sw = st == 3 ? 1 : st;
          c.dh = c.dw = dil;
          c.H = 3 + (c.R - 1) * dil;
          c.W = 1 + seed % 8 + (c.S - 1) * dil;
          pad_variant(&c, padv);
          c.in_type = seed % 3 == 0 ? octet_datatype_s8 : octet_datatype_u8;
          c.x_zp = c.in_type == octet_datatype_s8 ? -100 : 200;
          c.seed = seed++;
          if (!run_dot(c)) return;
        }
      }
    }
  }
}

// Every mode x output type x bias type x clamp, input and weight zero points
// at the ends of their ranges, outputs far out of range; (8, 8) takes the
// unrolled 3x3 taps, the others the loops.
TEST(GconvDot, ModesZeroPoints) {
  OCTET_DOT_RUNNABLE();
  for (auto gk : {std::pair<size_t, size_t>{4, 4}, {8, 16}, {8, 8}}) {
    const size_t cg = gk.first, kg = gk.second;  // (a lambda cannot capture a structured binding in C++17)
    const uint32_t seed = 7600 + static_cast<uint32_t>(cg + (kg == 8 ? 100 : 0));
    for (const ConvCase& c : mode_variant_cases(seed, 4, [&](int variant) {
           ConvCase l = grouped(cg == 4 ? 32 : 20, cg, kg);
           l.W = 5 + static_cast<size_t>(variant);
           return l;
         })) {
      if (!run_dot(c)) return;
    }
  }
}

TEST(GconvDot, BatchStridesThreads) {
  OCTET_DOT_RUNNABLE();
  for (const ConvCase& c : batch_variant_cases(7900, {1, 3}, {0, 3, 32}, {1, 3}, 1, 1, [](int, uint32_t s, size_t) {
         ConvCase l = grouped(24, s % 2 ? 4 : 8, s % 2 ? 4 : 8);
         l.H = 7;
         l.W = 6;
         sometimes_s32(&l, s);
         return l;
       })) {
    if (!run_dot(c)) return;
  }
}

// The direct mode (u8 input, 8 channels and 8 outputs per group, whole
// blocks of 16 groups, strides >= 2; src/core/smallgroup.h): kernel sizes, strides,
// dilations and paddings with widths 1..12, so that rows and columns read the
// padding copies, the input rows or both, with every pixel-step tail and
// partial copy chunk.
TEST(GconvDot, DirectGeometry) {
  OCTET_DOT_RUNNABLE();
  uint32_t seed = 8400;
  for (auto rs : {std::pair<size_t, size_t>{3, 3}, {1, 1}, {5, 3}, {2, 4}}) {
    for (auto st : {std::pair<size_t, size_t>{2, 2}, {3, 3}, {2, 3}, {3, 2}}) {
      for (size_t dil : {1, 2}) {
        for (int padv = 0; padv < 4; ++padv) {
          ConvCase c = grouped(seed % 3 == 0 ? 48 : (seed % 3 == 1 ? 16 : 32), 8, 8, rs.first, rs.second);
          c.sh = st.first;
          c.sw = st.second;
          c.dh = c.dw = dil;
          c.H = 2 + (c.R - 1) * dil + seed % 3;
          c.W = 1 + seed % 12 + (c.S - 1) * dil;
          pad_variant(&c, padv);
          c.x_zp = static_cast<int32_t>(seed * 37 % 256);
          c.seed = seed++;
          if (!run_dot(c)) return;
        }
      }
    }
  }
}

// Every mode x output type x bias type x clamp in the direct mode, with
// weight zero points and the input zero point at its ends.
TEST(GconvDot, DirectModes) {
  OCTET_DOT_RUNNABLE();
  for (const ConvCase& c : mode_variant_cases(8500, 4, [&](int variant) {
         ConvCase l = grouped(32, 8, 8);
         l.W = 5 + 2 * static_cast<size_t>(variant);
         l.sh = l.sw = 2 + static_cast<size_t>(variant) % 2;
         return l;
       })) {
    if (c.in_type != octet_datatype_u8) continue;  // s8 input takes the prep (GconvDot.ModesZeroPoints)
    if (!run_dot(c)) return;
  }
}

// Batches, pixel strides wider than the channels and threads in the direct
// mode (a share starting or ending inside a row, inside or beside the padding).
TEST(GconvDot, DirectBatchStridesThreads) {
  OCTET_DOT_RUNNABLE();
  for (const ConvCase& c : batch_variant_cases(8600, {1, 3}, {0, 3, 32}, {1, 2, 3}, 1, 2, [](int var, uint32_t s, size_t) {
         ConvCase l = grouped(16 * (1 + static_cast<size_t>(var)), 8, 8);
         l.H = 7;
         l.W = 9;
         l.sh = l.sw = 2 + s % 2;
         l.x_zp = 77;
         sometimes_s32(&l, s);
         return l;
       })) {
    if (!run_dot(c)) return;
  }
}

// The cap selects the kernels for ResNeXt's grouped layers (4 and 8 channels
// per group, stride 1 and 2).
TEST(GconvDot, Selected) {
  uint32_t seed = 8100;
  for (size_t cg : {4, 8}) {
    for (size_t stride : {1, 2}) {
      ConvCase c = grouped(32, cg, cg);
      c.sh = c.sw = stride;
      c.H = c.W = 12;
      c.seed = seed++;
      ConvTester::run(c, kIsa, "gconv_dot");
    }
  }
}

// Layers the dot kernels decline (w - w_zp outside int8, channels or outputs
// per group they do not take) run the int16 kernels under the same cap, and
// report their ISA.
TEST(GconvDot, Declined) {
  if (!octet_isa_supported(kIsa)) GTEST_SKIP() << "CPU lacks " << octet_isa_name(kIsa);
  uint32_t seed = 8200;
  for (auto gk : {std::pair<size_t, size_t>{4, 4}, {8, 8}, {6, 4}, {4, 2}, {4, 12}}) {
    ConvCase c = grouped(16, gk.first, gk.second);
    c.w_zp_nonzero = true;  // random zero points: some w - w_zp leave int8
    c.seed = seed++;
    ConvTester::run(c, kIsa, "gconv_");
    const ConvData d(c);
    ASSERT_EQ(octet_set_isa_cap(kIsa), octet_status_success);
    octet_conv2d_t op = nullptr;
    ASSERT_EQ(octet_conv2d_create(&d.p, &op), octet_status_success) << octet_last_error();
    octet_set_isa_cap(octet_isa_best);
    EXPECT_STRNE(octet_conv2d_path(op), "gconv_dot") << c.str();
    EXPECT_EQ(octet_conv2d_isa(op), octet_isa_avx2) << c.str();  // the int16 kernels are the AVX2 set's
    octet_conv2d_destroy(op);
  }
}

}  // namespace
}  // namespace octet::test
