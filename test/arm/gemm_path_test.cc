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
#include "src/api/conv2d_shape.h"
#include "src/api/conv2d_validate.h"
#include "src/arm/gemm_kernels.h"
#include "src/core/gemm_conv_path.h"
#include "src/ref/conv.h"
#include "test/common/conv_problem.h"

namespace octet::test {
namespace {

struct Shape {
  size_t H, W, C, K, groups, R, stride, pad;
};

using Problem = ConvProblem;

void make_problem(const Shape& s, octet_datatype in, octet_datatype out, bool w_zp, std::mt19937& rng,
                  Problem* pr) {
  pr->p = conv2d_params_for_shape(symmetric_conv_shape(s.C, s.K, s.groups, s.R, s.R, s.stride, s.pad));
  fill_random_operands(pr, octet_requant_pytorch_fbgemm, in, out, w_zp, 0.02, rng);
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
    case octet_isa_neondot: return "gemm_u8s8_4x16c4_neondot";
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
