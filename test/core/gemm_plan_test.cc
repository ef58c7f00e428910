// The GEMM plan (plan_gemm, src/core/gemm_conv_path.h) where a kernel row says
// it stops paying (GemmKernel::min_kc, min_m), on this architecture's real
// table and a pretend CPU with every ISA: on x86 under the amx cap, the C = 3
// stem and short per-tap reductions run avx512vnni, the ResNet 3x3 layers
// AMX, with the VNNI tile on the same panels for runs of few pixels; depthwise
// and grouped layers keep their VNNI sets. Only the plan is checked here (no
// kernel runs): the kernels themselves are tested bit-exact by test/x86.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "src/api/conv2d_shape.h"
#include "src/api/conv2d_validate.h"
#include "src/core/dwconv.h"
#include "src/core/dwconv_dot.h"
#include "src/core/gemm_conv_path.h"
#include "src/core/kernel_table.h"
#include "src/core/smallgroup.h"
#include "test/common/conv_problem.h"

namespace octet {
namespace {

bool every_isa(octet_isa) { return true; }

// A valid operator configuration of this shape (u8 in and out).
struct Layer {
  test::ConvProblem pr;
  ConvConfig cfg;
  explicit Layer(const ref::ConvShape& s) {
    pr.p = conv2d_params_for_shape(s);
    std::mt19937 rng(7);
    test::fill_random_operands(&pr, octet_requant_pytorch_fbgemm, octet_datatype_u8, octet_datatype_u8, false, 0.01, rng);
    EXPECT_EQ(validate_conv2d(&pr.p, &cfg), octet_status_success);
  }
};

class GemmPlanX86 : public ::testing::Test {
 protected:
  void SetUp() override {
    const KernelTable& t = arch_kernel_table();
    if (t.isa_count == 0 || t.isas[0] != octet_isa_amx) GTEST_SKIP() << "no amx in the " << t.arch << " table";
  }
  const KernelSelector sel{arch_kernel_table(), every_isa};

  GemmPlan plan(const ref::ConvShape& s, octet_isa cap = octet_isa_amx) {
    Layer l(s);
    return plan_gemm(l.cfg, cap, sel);
  }
};

std::string name_of(const GemmKernel* k) { return k ? k->name : "none"; }

TEST_F(GemmPlanX86, StemRunsVnni) {
  // rn50_conv1: 7x7 stride 2 on 3 channels: row_igemm, kc = S*C = 21 < 48.
  const GemmPlan p = plan(symmetric_conv_shape(3, 64, 1, 7, 7, 2, 3));
  ASSERT_NE(p.kernel, nullptr);
  EXPECT_EQ(p.kernel->isa, octet_isa_avx512vnni) << p.kernel->name;
  EXPECT_EQ(p.mode, GemmConvMode::kRowIndirect);
  EXPECT_EQ(p.few_rows_kernel, nullptr) << "a VNNI kernel needs no few-rows kernel";
  // A 3x3 stem: kc = 9.
  EXPECT_EQ(plan(symmetric_conv_shape(3, 32, 1, 3, 3, 2, 1)).kernel->isa, octet_isa_avx512vnni);
}

TEST_F(GemmPlanX86, ResNetLayersRunAmx) {
  // rn50_res2_3x3 (kc = C = 64 per tap), res4_1x1 (1x1, kc = 1024).
  for (const ref::ConvShape& s : {symmetric_conv_shape(64, 64, 1, 3, 3, 1, 1),
                                  symmetric_conv_shape(1024, 256, 1, 1, 1, 1, 0),
                                  symmetric_conv_shape(128, 128, 1, 3, 3, 2, 1)}) {
    const GemmPlan p = plan(s);
    ASSERT_NE(p.kernel, nullptr);
    EXPECT_EQ(p.kernel->isa, octet_isa_amx) << p.kernel->name << " C " << s.C;
    // Runs of few pixels: the VNNI tile that reads the AMX panels (32 wide, c4).
    ASSERT_NE(p.few_rows_kernel, nullptr);
    EXPECT_STREQ(p.few_rows_kernel->name, "gemm_u8s8_8x32c4_avx512vnni");
    EXPECT_TRUE(gemm_same_panels(*p.few_rows_kernel, *p.kernel));
  }
}

TEST_F(GemmPlanX86, ShortReductionsRunVnni) {
  // 1x1 layers: kc = C. 47 and 32 (MobileNet's pw on 32 channels) below min_kc.
  for (size_t C : {16, 32, 47}) {
    EXPECT_EQ(plan(symmetric_conv_shape(C, 64, 1, 1, 1, 1, 0)).kernel->isa, octet_isa_avx512vnni) << "C " << C;
  }
  for (size_t C : {48, 64, 96}) {
    EXPECT_EQ(plan(symmetric_conv_shape(C, 64, 1, 1, 1, 1, 0)).kernel->isa, octet_isa_amx) << "C " << C;
  }
  // A 3x3 on 16 channels: indirection gives kc = 16 per tap, whatever R*S*C.
  EXPECT_EQ(plan(symmetric_conv_shape(16, 64, 1, 3, 3, 1, 1)).kernel->isa, octet_isa_avx512vnni);
}

TEST_F(GemmPlanX86, CapsAndCpusStillRule) {
  const ref::ConvShape res2 = symmetric_conv_shape(64, 64, 1, 3, 3, 1, 1);
  EXPECT_EQ(plan(res2, octet_isa_avx512vnni).kernel->isa, octet_isa_avx512vnni);
  EXPECT_EQ(plan(res2, octet_isa_best).kernel->isa, octet_isa_amx);
  // Under an avx2 cap the AMX row has no same-panel kernel to fall back to
  // (and is not chosen at all).
  const GemmKernel* amx = plan(res2).kernel;
  ASSERT_NE(amx, nullptr);
  EXPECT_EQ(sel.gemm_few_rows(*amx, octet_isa_avx2), nullptr);
  EXPECT_EQ(name_of(sel.gemm_few_rows(*amx, octet_isa_avx512vnni)), "gemm_u8s8_8x32c4_avx512vnni");
}

TEST_F(GemmPlanX86, DepthwiseAndGroupedKeepVnniSets) {
  EXPECT_EQ(sel.dwconv(octet_isa_amx)->isa, octet_isa_avx512vnni);
  EXPECT_EQ(sel.dwconv_dot(octet_isa_amx)->isa, octet_isa_avx512vnni);
  EXPECT_EQ(sel.gconv(octet_isa_amx)->isa, octet_isa_avx512vnni);
}

TEST_F(GemmPlanX86, FewPixelRunsNameTheVnniKernel) {
  Layer l(symmetric_conv_shape(64, 64, 1, 3, 3, 1, 1));
  const GemmPlan p = plan_gemm(l.cfg, octet_isa_amx, sel);
  ASSERT_NE(p.kernel, nullptr);
  ASSERT_NE(p.few_rows_kernel, nullptr);
  auto path = make_gemm_path_with(l.cfg, *p.kernel, p.mode, p.range_kernel, p.few_rows_kernel);
  ASSERT_NE(path, nullptr);
  // N x OH x OW output pixels against min_m (8); nothing runs.
  auto run_of = [](size_t N, size_t OH, size_t OW) {
    return ConvRunArgs{N, OH, OW, OH, OW, nullptr, 64, nullptr, 64, nullptr, 0, nullptr};
  };
  EXPECT_EQ(p.kernel->min_m, 8u);
  EXPECT_STREQ(gemm_path_kernel_name_for_run(*path, run_of(1, 1, 7)), "gemm_u8s8_8x32c4_avx512vnni");
  EXPECT_STREQ(gemm_path_kernel_name_for_run(*path, run_of(1, 2, 3)), "gemm_u8s8_8x32c4_avx512vnni");
  EXPECT_STREQ(gemm_path_kernel_name_for_run(*path, run_of(1, 2, 4)), "gemm_u8s8_32x32c4_amx");
  EXPECT_STREQ(gemm_path_kernel_name_for_run(*path, run_of(2, 2, 2)), "gemm_u8s8_32x32c4_amx");
  EXPECT_STREQ(gemm_path_kernel_name(*path), "gemm_u8s8_32x32c4_amx");
}

// avx512vnni has two tiles on the same 64-wide panels, 7x64 (the plan's
// kernel) and 6x64 (its rows kernel): each run takes the one that computes
// fewer rows on its pixels (GemmPlan::rows_kernel). AMX and AVX2 have no such
// pair. Nothing runs here; test/x86/gemm_conv_test.cc runs both bit-exact.
TEST_F(GemmPlanX86, VnniTileHeightFollowsThePixels) {
  const ref::ConvShape res5 = symmetric_conv_shape(512, 512, 1, 3, 3, 1, 1);
  const GemmPlan p = plan(res5, octet_isa_avx512vnni);
  EXPECT_EQ(name_of(p.kernel), "gemm_u8s8_7x64c4_avx512vnni");
  EXPECT_EQ(name_of(p.rows_kernel), "gemm_u8s8_6x64c4_avx512vnni");
  EXPECT_EQ(plan(res5, octet_isa_amx).rows_kernel, nullptr);
  EXPECT_EQ(plan(res5, octet_isa_avx2).rows_kernel, nullptr);
  EXPECT_EQ(plan(symmetric_conv_shape(64, 32, 1, 3, 3, 1, 1), octet_isa_avx512vnni).rows_kernel, nullptr)
      << "the 32-wide 8x32 has no other height";
  Layer l(res5);
  auto path = make_gemm_path_with(l.cfg, *p.kernel, p.mode, p.range_kernel, p.few_rows_kernel, p.rows_kernel);
  ASSERT_NE(path, nullptr);
  auto kernel_for = [&](size_t N, size_t OH, size_t OW) {
    const ConvRunArgs run{N, OH, OW, OH, OW, nullptr, 512, nullptr, 512, nullptr, 0, nullptr};
    return std::string(gemm_path_kernel_name_for_run(*path, run));
  };
  // One thread: 49 pixels are 7 tiles of 7 (9 of 6 compute 54 rows); 196 and
  // 2 x 49 are 63-row tasks of 7-row tiles; 36 and 64 pixels take 6 rows (36
  // against 42; 66 against 70).
  EXPECT_EQ(kernel_for(1, 7, 7), "gemm_u8s8_7x64c4_avx512vnni");
  EXPECT_EQ(kernel_for(2, 7, 7), "gemm_u8s8_7x64c4_avx512vnni");
  EXPECT_EQ(kernel_for(1, 14, 14), "gemm_u8s8_7x64c4_avx512vnni");
  EXPECT_EQ(kernel_for(1, 6, 6), "gemm_u8s8_6x64c4_avx512vnni");
  EXPECT_EQ(kernel_for(1, 8, 8), "gemm_u8s8_6x64c4_avx512vnni");
  // Equal rows keep the plan's kernel: 42 pixels are 6 x 7 and 7 x 6.
  EXPECT_EQ(kernel_for(1, 6, 7), "gemm_u8s8_7x64c4_avx512vnni");
}

// A kernel that does not read the same panels is never taken as the few-rows kernel.
TEST_F(GemmPlanX86, FewRowsKernelMustReadTheSamePanels) {
  Layer l(symmetric_conv_shape(64, 64, 1, 3, 3, 1, 1));
  const GemmPlan p = plan_gemm(l.cfg, octet_isa_amx, sel);
  ASSERT_NE(p.kernel, nullptr);
  const GemmKernel* wide = sel.gemm(octet_isa_avx512vnni, 64, false, 64);  // 6x64: other panels
  ASSERT_NE(wide, nullptr);
  ASSERT_FALSE(gemm_same_panels(*wide, *p.kernel));
  auto path = make_gemm_path_with(l.cfg, *p.kernel, p.mode, nullptr, wide);
  ASSERT_NE(path, nullptr);
  const ConvRunArgs tiny{1, 1, 1, 1, 1, nullptr, 64, nullptr, 64, nullptr, 0, nullptr};
  EXPECT_STREQ(gemm_path_kernel_name_for_run(*path, tiny), p.kernel->name);
}

// Under the avx512bw cap the pair-limited 4x64 runs only weights the pack
// proves (|w_a| + |w_b| <= 128) and only where its tile is not mostly padding
// (32 channels keep the exact 8x32); unproven weights keep the exact 4x64
// with the pair-limited one beside it as the per-run range kernel.
TEST_F(GemmPlanX86, Avx512bwPairLimitedOnlyOnProvenWeights) {
  for (size_t K : {64, 32}) {
    Layer l(symmetric_conv_shape(64, K, 1, 3, 3, 1, 1));
    const GemmPlan full = plan_gemm(l.cfg, octet_isa_avx512bw, sel);
    ASSERT_NE(full.kernel, nullptr);
    EXPECT_EQ(full.kernel->pair_abs_limit, 0) << full.kernel->name;
    EXPECT_EQ(name_of(full.range_kernel), K == 64 ? "gemm_u8s8_4x64c4_avx512bw_maddubs" : "none");
    for (int8_t& w : l.cfg.weights) w = static_cast<int8_t>(w / 2);  // -64..63: every pair fits
    const GemmPlan proven = plan_gemm(l.cfg, octet_isa_avx512bw, sel);
    EXPECT_EQ(name_of(proven.kernel), K == 64 ? "gemm_u8s8_4x64c4_avx512bw_maddubs" : "gemm_u8s8_8x32c4_avx512bw");
    l.cfg.weights[0] = 127;  // one pair one step beyond the limit: 127 + 2 = 129
    l.cfg.weights[1] = 2;
    EXPECT_EQ(plan_gemm(l.cfg, octet_isa_avx512bw, sel).kernel->pair_abs_limit, 0);
  }
}

}  // namespace
}  // namespace octet
