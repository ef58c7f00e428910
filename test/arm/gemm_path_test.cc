// The AArch64 kernel choice of the GEMM convolution path (make_gemm_path, the
// ARM hook in src/core/gemm_conv_path.cc) and the path's output against
// ref::conv2d, byte for byte, under each ARM ISA the (emulated) CPU has:
//  - neoni8mm runs gemm_s8s8_4x24c8 (smmla) on s8 input and gemm_u8s8_4x24c8
//    (usmmla) on u8 input; neondot and neon have one kernel each;
//  - on neoni8mm the other variant (which flips the input's sign bit) gives
//    the same bytes, through make_gemm_path_with in every A mode.
// Shapes: 1x1 direct, 3x3 indirect with padding, the C=3 im2col stem, grouped,
// strided; u8/s8 input, u8/s8/s32 output, zero and nonzero weight zero points.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "octet/octet.h"
#include "src/api/conv2d_validate.h"
#include "src/arm/gemm_kernels.h"
#include "src/core/gemm_conv_path.h"
#include "src/ref/conv.h"

namespace octet::test {
namespace {

struct Shape {
  size_t H, W, C, K, groups, R, stride, pad;
};

struct Problem {
  octet_conv2d_params p;
  std::vector<int8_t> w;
  std::vector<double> scales;
  std::vector<int32_t> zps;
  std::vector<float> bias_f;
  std::vector<int32_t> bias_i;
};

void make_problem(const Shape& s, octet_datatype in, octet_datatype out, bool w_zp, std::mt19937& rng,
                  Problem* pr) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  octet_conv2d_params& p = pr->p;
  octet_conv2d_params_init(&p);
  p.input_channels = s.C;
  p.output_channels = s.K;
  p.groups = s.groups;
  p.kernel_height = p.kernel_width = s.R;
  p.stride_height = p.stride_width = s.stride;
  p.pad_top = p.pad_left = p.pad_bottom = p.pad_right = s.pad;
  p.input_type = in;
  p.input_zero_point = in == octet_datatype_u8 ? pick(0, 255) : pick(-128, 127);
  p.input_scale = 0.02;
  pr->w.resize(s.K * s.R * s.R * (s.C / s.groups));
  for (int8_t& v : pr->w) v = static_cast<int8_t>(pick(-128, 127));
  p.weights = pr->w.data();
  pr->scales.resize(s.K);
  for (double& v : pr->scales) v = std::uniform_real_distribution<double>(0.002, 0.01)(rng);
  p.weight_scale_count = s.K;
  p.weight_scales = pr->scales.data();
  if (w_zp) {
    pr->zps.resize(s.K);
    for (int32_t& z : pr->zps) z = pick(-30, 30);
    p.weight_zero_points = pr->zps.data();
  }
  if (out == octet_datatype_s32) {
    pr->bias_i.resize(s.K);
    for (int32_t& b : pr->bias_i) b = pick(-3000, 3000);
    p.bias_type = octet_datatype_s32;
    p.bias = pr->bias_i.data();
  } else {
    pr->bias_f.resize(s.K);
    for (float& b : pr->bias_f) b = std::uniform_real_distribution<float>(-4.0f, 4.0f)(rng);
    p.bias_type = octet_datatype_f32;
    p.bias = pr->bias_f.data();
  }
  p.output_type = out;
  if (out == octet_datatype_u8) p.output_zero_point = pick(0, 255);
  if (out == octet_datatype_s8) p.output_zero_point = pick(-128, 127);
  const double taps = static_cast<double>(s.R * s.R * s.C / s.groups);
  p.output_scale = p.input_scale * 0.006 * std::sqrt(taps) * 100.0;
  p.requant_mode = octet_requant_pytorch_fbgemm;
}

// Runs `path` on x (N = 1) into a fresh output buffer.
std::vector<uint8_t> run_path(const ConvPath& path, const ConvConfig& cfg, const Shape& s, const std::vector<uint8_t>& x,
                              size_t out_bytes) {
  const size_t OH = cfg.shape.output_height(s.H), OW = cfg.shape.output_width(s.W);
  std::vector<uint8_t> y(out_bytes, 0xA5);
  std::vector<uint8_t> ws(path.workspace_size(1, s.H, s.W, 1));
  ConvRunArgs args{1, s.H, s.W, OH, OW, x.data(), s.C, y.data(), s.K, ws.empty() ? nullptr : ws.data(), ws.size(),
                   nullptr};
  path.run(args);
  return y;
}

const char* expected_kernel(octet_isa isa, octet_datatype in) {
  switch (isa) {
    case octet_isa_neoni8mm:
      return in == octet_datatype_s8 ? "gemm_s8s8_4x24c8_neoni8mm" : "gemm_u8s8_4x24c8_neoni8mm";
    case octet_isa_neondot: return "gemm_s8s8_4x16c4_neondot";
    case octet_isa_neon: return "gemm_u8s8_8x8c1_neon";
    default: return "";
  }
}

TEST(ArmGemmPath, KernelChoiceAndOutput) {
  ASSERT_EQ(octet_initialize(), octet_status_success);
  const Shape shapes[] = {
      {7, 5, 40, 50, 1, 1, 1, 0},   // 1x1 direct
      {6, 7, 32, 30, 1, 3, 1, 1},   // 3x3 indirect, padding
      {9, 9, 3, 24, 1, 3, 2, 1},    // stem: im2col, stride 2
      {6, 6, 32, 48, 2, 3, 1, 1},   // grouped
      {8, 6, 17, 23, 1, 1, 2, 0},   // strided 1x1, odd channel counts
  };
  std::mt19937 rng(17);
  size_t checked = 0;
  for (octet_isa isa : {octet_isa_neon, octet_isa_neondot, octet_isa_neoni8mm}) {
    if (!octet_isa_supported(isa)) continue;
    for (const Shape& s : shapes) {
      for (octet_datatype in : {octet_datatype_u8, octet_datatype_s8}) {
        for (octet_datatype out : {octet_datatype_u8, octet_datatype_s8, octet_datatype_s32}) {
          for (bool w_zp : {false, true}) {
            Problem pr;
            make_problem(s, in, out, w_zp, rng, &pr);
            ConvConfig cfg;
            ASSERT_EQ(validate_conv2d(&pr.p, &cfg), octet_status_success) << octet_last_error();
            const std::string what = std::string(octet_isa_name(isa)) + " C=" + std::to_string(s.C) +
                                     " K=" + std::to_string(s.K) + " R=" + std::to_string(s.R) +
                                     " in=" + (in == octet_datatype_s8 ? "s8" : "u8") +
                                     " out=" + std::to_string(out) + (w_zp ? " w_zp" : "");
            auto path = make_gemm_path(cfg, isa);
            ASSERT_TRUE(path) << what;
            EXPECT_STREQ(gemm_path_kernel_name(*path), expected_kernel(isa, in)) << what;

            std::vector<uint8_t> x(s.H * s.W * s.C);
            for (uint8_t& v : x) v = static_cast<uint8_t>(rng());
            const size_t OH = cfg.shape.output_height(s.H), OW = cfg.shape.output_width(s.W);
            const size_t out_bytes = OH * OW * s.K * (out == octet_datatype_s32 ? 4 : 1);
            std::vector<uint8_t> want(out_bytes, 0xA5);
            ref::conv2d(cfg.ref_params(), 1, s.H, s.W, x.data(), s.C, want.data(), s.K);
            EXPECT_EQ(run_path(*path, cfg, s, x, out_bytes), want) << what;
            ++checked;

            // neoni8mm: the other variant, in every A mode that applies.
            if (isa != octet_isa_neoni8mm) continue;
            size_t count = 0;
            const GemmKernel* all = arm::gemm_kernels(&count);
            for (size_t i = 0; i < count; ++i) {
              if (all[i].isa != isa) continue;
              for (GemmConvMode mode : {GemmConvMode::kDirect1x1, GemmConvMode::kIndirect, GemmConvMode::kRowIndirect,
                             GemmConvMode::kIm2col}) {
                auto other = make_gemm_path_with(cfg, all[i], mode);
                if (!other) continue;
                EXPECT_EQ(run_path(*other, cfg, s, x, out_bytes), want)
                    << what << " kernel " << all[i].name << " mode " << static_cast<int>(mode);
              }
            }
          }
        }
      }
    }
  }
  EXPECT_GT(checked, 0u);
}

}  // namespace
}  // namespace octet::test
