// The GEMM convolution path against ref::conv2d:
//  - through the public C API under every ISA cap this CPU has, on shapes that
//    select each path (1x1 direct, indirection, im2col, grouped, strided,
//    dilated, asymmetric padding, batch > 1, pixel strides, 2 threads);
//  - through make_gemm_path_with() for every x86 kernel (including the SIMDe
//    emulated AVX-512 / AVX-VNNI copies) and every A mode, on random shapes.
// Every buffer sits against a guard page (both placements).
#include <gtest/gtest.h>
#include <pthreadpool.h>

#include <random>
#include <string>
#include <vector>

#include "octet/octet.h"
#include "src/api/conv2d_shape.h"
#include "src/api/conv2d_validate.h"
#include "src/core/gemm_conv_path.h"
#include "src/core/kernel_table.h"
#include "src/ref/conv.h"
#include "test/common/conv_problem.h"
#include "test/common/guarded_buffer.h"
#include "test/x86/x86_kernels.h"

namespace octet::test {
namespace {

struct Shape {
  size_t N = 1, H = 8, W = 8, C = 16, K = 16, groups = 1, R = 3, S = 3;
  size_t sh = 1, sw = 1, dh = 1, dw = 1, pt = 1, pl = 1, pb = 1, pr = 1;
};

struct Problem : ConvProblem {
  Shape s;
};

// Fills a problem of shape s with random data in the given mode and types.
void make_problem(const Shape& s, octet_requant_mode mode, octet_datatype in_type, octet_datatype out_type,
                  bool w_zp, std::mt19937& rng, Problem* pr, int w_abs_max = 128) {
  pr->s = s;
  pr->p = conv2d_params_for_shape(
      ref::ConvShape{s.C, s.K, s.groups, s.R, s.S, s.sh, s.sw, s.dh, s.dw, s.pt, s.pl, s.pb, s.pr});
  const double input_scale = std::uniform_real_distribution<double>(0.005, 0.03)(rng);
  fill_random_operands(pr, mode, in_type, out_type, w_zp, input_scale, rng, w_abs_max);
}

size_t esize(octet_datatype t) { return t == octet_datatype_s32 ? 4 : 1; }

// Runs `run` (which fills y) and compares y with the reference, byte for byte.
template <class RunFn>
void compare(const Problem& pr, Guard guard, size_t in_extra, size_t out_extra, const std::string& what, RunFn run) {
  const Shape& s = pr.s;
  ConvConfig cfg;
  ASSERT_EQ(validate_conv2d(&pr.p, &cfg), octet_status_success) << octet_last_error();
  const size_t OH = cfg.shape.output_height(s.H), OW = cfg.shape.output_width(s.W);
  const size_t in_stride = s.C + in_extra, out_stride = s.K + out_extra;
  GuardedBuffer<uint8_t> x(s.N * s.H * s.W * in_stride, guard);
  std::mt19937 rng(static_cast<unsigned>(s.C * 7 + s.K * 13 + OH));
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<uint8_t>(rng());
  GuardedBuffer<uint8_t> y(s.N * OH * OW * out_stride * esize(pr.p.output_type), guard);
  for (size_t i = 0; i < y.size(); ++i) y[i] = static_cast<uint8_t>(i * 31);
  std::vector<uint8_t> expected = y.to_vector();
  ref::conv2d(cfg.ref_params(), s.N, s.H, s.W, x.data(), in_stride, expected.data(), out_stride);
  run(cfg, x.data(), in_stride, y.data(), out_stride, OH, OW);
  if (testing::Test::HasFatalFailure()) return;
  size_t bad = 0, first = 0;
  for (size_t i = 0; i < y.size(); ++i) {
    if (y[i] != expected[i] && bad++ == 0) first = i;
  }
  ASSERT_EQ(bad, 0u) << what << ": first differing byte " << first << " of " << y.size() << ", expected "
                     << int(expected[first]) << " got " << int(y[first]);
}

// Through the public API: the path must be `want_path` and match the reference.
void api_case(const Shape& s, const char* want_path, size_t threads, size_t in_extra, size_t out_extra,
              octet_datatype in_type = octet_datatype_u8, octet_datatype out_type = octet_datatype_u8,
              octet_requant_mode mode = octet_requant_pytorch_fbgemm, bool w_zp = false) {
  std::mt19937 rng(static_cast<unsigned>(s.C * 3 + s.K + s.R * 100 + threads));
  Problem pr;
  make_problem(s, mode, in_type, out_type, w_zp, rng, &pr);
  for (Guard guard : {Guard::kBefore, Guard::kAfter}) {
    compare(pr, guard, in_extra, out_extra, want_path ? want_path : "any path",
            [&](const ConvConfig&, const uint8_t* x, size_t in_stride, uint8_t* y, size_t out_stride, size_t,
                size_t) {
              octet_conv2d_t op = nullptr;
              ASSERT_EQ(octet_conv2d_create(&pr.p, &op), octet_status_success) << octet_last_error();
              // nullptr: a more specialised path (grouped, depthwise) may take the case.
              if (want_path) {
                EXPECT_STREQ(octet_conv2d_path(op), want_path);
              }
              EXPECT_NE(octet_conv2d_isa(op), octet_isa_scalar);
              size_t ws_size = 0;
              ASSERT_EQ(octet_conv2d_workspace_size(op, s.N, s.H, s.W, threads, &ws_size), octet_status_success);
              GuardedBuffer<uint8_t> ws(ws_size, guard);
              pthreadpool_t pool = threads > 1 ? pthreadpool_create(threads) : nullptr;
              const octet_status st = octet_conv2d_run(op, s.N, s.H, s.W, x, in_stride, y, out_stride,
                                                       ws_size ? ws.data() : nullptr, ws_size, pool);
              if (pool) pthreadpool_destroy(pool);
              octet_conv2d_destroy(op);
              ASSERT_EQ(st, octet_status_success) << octet_last_error();
            });
  }
}

class GemmConvApiTest : public testing::TestWithParam<octet_isa> {
 protected:
  void SetUp() override {
    octet_initialize();
    if (!octet_isa_supported(GetParam())) {
      GTEST_SKIP() << "this CPU cannot run " << octet_isa_name(GetParam());
    }
    ASSERT_EQ(octet_set_isa_cap(GetParam()), octet_status_success);
  }
  void TearDown() override { octet_set_isa_cap(octet_isa_best); }
};

Shape conv(size_t C, size_t K, size_t R, size_t pad, size_t stride = 1) {
  Shape s;
  s.C = C;
  s.K = K;
  s.R = s.S = R;
  s.pt = s.pl = s.pb = s.pr = pad;
  s.sh = s.sw = stride;
  return s;
}

TEST_P(GemmConvApiTest, Direct1x1) {
  api_case(conv(64, 40, 1, 0), "gemm_1x1", 1, 0, 0);
  Shape s = conv(33, 17, 1, 0);
  s.N = 2; s.H = 5; s.W = 7;
  api_case(s, "gemm_1x1", 1, 3, 5);  // batch, pixel strides
  api_case(conv(24, 70, 1, 0, 2), "gemm_1x1", 1, 0, 0);  // strided 1x1
}

TEST_P(GemmConvApiTest, Indirection) {
  api_case(conv(16, 24, 3, 1), "igemm", 1, 0, 0);
  Shape s = conv(32, 19, 3, 0, 2);  // strided, no padding
  s.H = 11; s.W = 9;
  api_case(s, "igemm", 1, 0, 0);
  s = conv(40, 16, 3, 0);  // dilated, asymmetric padding
  s.dh = 2; s.dw = 3; s.pt = 2; s.pl = 0; s.pb = 1; s.pr = 3; s.H = 10; s.W = 12;
  api_case(s, "igemm", 1, 0, 0);
  s = conv(64, 48, 3, 1);  // batch, strides, 2 threads
  s.N = 3; s.H = 9; s.W = 6;
  api_case(s, "igemm", 2, 5, 2);
  s = conv(20, 8, 5, 2);  // rectangular kernel, pads larger on one side
  s.S = 2; s.pl = 1; s.pr = 0;
  api_case(s, "igemm", 1, 0, 0);
}

TEST_P(GemmConvApiTest, RowIgemm) {
  Shape s = conv(3, 16, 7, 3, 2);  // the ResNet stem
  s.H = s.W = 20;
  api_case(s, "row_igemm", 1, 0, 0);
  s.N = 2;
  api_case(s, "row_igemm", 2, 1, 3);  // input pixel stride > C: every row copied
  api_case(conv(5, 9, 3, 1), "row_igemm", 1, 0, 0);
  s = conv(3, 8, 3, 0, 1);  // no padding: every row read in place
  s.dh = 2;
  api_case(s, "row_igemm", 1, 0, 0);
}

TEST_P(GemmConvApiTest, Im2col) {
  Shape s = conv(5, 9, 3, 1);
  s.dw = 2;  // dilated along W: a kernel row is not contiguous
  s.H = s.W = 11;
  api_case(s, "im2col_gemm", 1, 0, 0);
  s = conv(3, 40, 5, 2, 2);
  s.dw = 3;
  s.N = 2;
  s.H = s.W = 17;
  api_case(s, "im2col_gemm", 2, 1, 3);
}

TEST_P(GemmConvApiTest, Grouped) {
  Shape s = conv(32, 48, 3, 1);
  s.groups = 2;
  api_case(s, nullptr, 1, 0, 0);
  s = conv(64, 64, 1, 0);
  s.groups = 4;
  s.N = 2;
  api_case(s, nullptr, 2, 3, 1);
  s = conv(12, 24, 3, 1, 2);  // ResNeXt-like: 4 channels per group
  s.groups = 3;
  api_case(s, nullptr, 1, 0, 0);
}

TEST_P(GemmConvApiTest, TypesModesAndZeroPoints) {
  const octet_requant_mode modes[] = {octet_requant_pytorch_fbgemm, octet_requant_pytorch_qnnpack,
                                      octet_requant_pytorch_onednn, octet_requant_fixedpoint};
  for (octet_requant_mode mode : modes) {
    for (octet_datatype in : {octet_datatype_u8, octet_datatype_s8}) {
      for (octet_datatype out : {octet_datatype_u8, octet_datatype_s8, octet_datatype_s32}) {
        const bool wzp = mode != octet_requant_pytorch_onednn;
        api_case(conv(24, 20, 3, 1), "igemm", 1, 0, 0, in, out, mode, wzp);
        api_case(conv(3, 20, 3, 1), "row_igemm", 1, 0, 0, in, out, mode, wzp);
        Shape d = conv(3, 20, 3, 1);
        d.dw = 2;
        api_case(d, "im2col_gemm", 1, 0, 0, in, out, mode, wzp);
        Shape s = conv(20, 36, 1, 0);
        s.groups = 2;
        api_case(s, nullptr, 2, 0, 0, in, out, mode, wzp);
        if (HasFatalFailure()) return;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Caps, GemmConvApiTest,
                         testing::Values(octet_isa_avx2, octet_isa_avx512bw, octet_isa_avxvnni, octet_isa_avx512vnni),
                         [](const testing::TestParamInfo<octet_isa>& p) { return std::string(octet_isa_name(p.param)); });

// Every kernel (real when the CPU has it, emulated otherwise) x every A mode on
// random shapes, through the path object directly.
class GemmConvKernelTest : public testing::TestWithParam<TestKernel> {};

TEST_P(GemmConvKernelTest, RandomShapesEveryMode) {
  octet_initialize();
  const TestKernel& tk = GetParam();
  if (!octet_isa_supported(tk.needs)) GTEST_SKIP() << tk.label() << " needs " << octet_isa_name(tk.needs);
  std::mt19937 rng(42);
  auto pick = [&](int lo, int hi) { return static_cast<size_t>(std::uniform_int_distribution<int>(lo, hi)(rng)); };
  const octet_requant_mode modes[] = {octet_requant_pytorch_fbgemm, octet_requant_pytorch_qnnpack,
                                      octet_requant_pytorch_onednn, octet_requant_fixedpoint};
  for (int i = 0; i < 36; ++i) {
    Shape s;
    s.groups = pick(0, 2) == 0 ? pick(2, 4) : 1;
    s.C = pick(1, 40) * s.groups;
    s.K = pick(1, 45) * s.groups;
    s.R = pick(1, 4);
    s.S = pick(1, 4);
    s.sh = pick(1, 2); s.sw = pick(1, 3);
    s.dh = pick(1, 2); s.dw = pick(1, 2);
    s.pt = pick(0, 2); s.pl = pick(0, 2); s.pb = pick(0, 2); s.pr = pick(0, 2);
    s.N = pick(1, 2);
    s.H = s.dh * (s.R - 1) + 1 + pick(0, 7);
    s.W = s.dw * (s.S - 1) + 1 + pick(0, 7);
    const octet_requant_mode mode = modes[i % 4];
    const octet_datatype in = pick(0, 3) == 0 ? octet_datatype_s8 : octet_datatype_u8;
    const octet_datatype out = i % 5 == 0 ? octet_datatype_s32 : (i % 5 == 1 ? octet_datatype_s8 : octet_datatype_u8);
    const bool wzp = mode != octet_requant_pytorch_onednn && pick(0, 2) == 0;
    Problem pr;
    // A pair-limited kernel only ever runs weights that pass its check.
    make_problem(s, mode, in, out, wzp, rng, &pr, tk.kernel.pair_abs_limit ? tk.kernel.pair_abs_limit / 2 : 128);
    ConvConfig cfg0;
    ASSERT_EQ(validate_conv2d(&pr.p, &cfg0), octet_status_success) << octet_last_error();
    for (GemmConvMode gm : {GemmConvMode::kDirect1x1, GemmConvMode::kIndirect, GemmConvMode::kRowIndirect,
                             GemmConvMode::kIm2col}) {
      // Direct cannot run a padded or larger-than-1x1 kernel.
      if (!make_gemm_path_with(cfg0, tk.kernel, gm)) continue;
      // igemm: strided tiles forced on (where the kernel takes them) and off.
      for (GemmStrided st : gm == GemmConvMode::kIndirect ? std::vector<GemmStrided>{GemmStrided::kAlways, GemmStrided::kOff}
                                                          : std::vector<GemmStrided>{GemmStrided::kAuto})
      for (size_t threads : {size_t{1}, size_t{2}}) {
        const std::string what = tk.label() + " case " + std::to_string(i) + " mode " + std::to_string(int(gm)) +
                                 " strided " + std::to_string(int(st)) +
                                 " threads " + std::to_string(threads) + " C" + std::to_string(s.C) + " K" +
                                 std::to_string(s.K) + " g" + std::to_string(s.groups) + " " + std::to_string(s.R) +
                                 "x" + std::to_string(s.S);
        compare(pr, threads == 1 ? Guard::kAfter : Guard::kBefore, threads == 1 ? 0 : 3, threads == 1 ? 0 : 2, what,
                [&](const ConvConfig& cfg, const uint8_t* x, size_t in_stride, uint8_t* y, size_t out_stride,
                    size_t OH, size_t OW) {
                  auto path = make_gemm_path_with(cfg, tk.kernel, gm, nullptr, nullptr, nullptr, st);
                  ASSERT_TRUE(path);
                  const size_t ws_size = path->workspace_size(s.N, s.H, s.W, threads);
                  GuardedBuffer<uint8_t> ws(ws_size, Guard::kAfter);
                  pthreadpool_t pool = threads > 1 ? pthreadpool_create(threads) : nullptr;
                  ConvRunArgs args{s.N, s.H, s.W, OH, OW, x, in_stride, y, out_stride,
                                   ws_size ? ws.data() : nullptr, ws_size, pool};
                  path->run(args);
                  if (pool) pthreadpool_destroy(pool);
                });
        if (HasFatalFailure()) return;
      }
    }
  }
}

std::string kernel_label(const testing::TestParamInfo<TestKernel>& p) { return p.param.label(); }

// The ISAs with a pair-limited (vpmaddubsw) kernel, each test run under that
// ISA's cap: AVX2 3x32 and AVX-512BW 4x64.
class GemmConvPairLimit : public testing::TestWithParam<octet_isa> {
 protected:
  void SetUp() override {
    octet_initialize();
    if (!octet_isa_supported(GetParam())) GTEST_SKIP() << "this CPU cannot run " << octet_isa_name(GetParam());
    fast_ = KernelSelector::this_cpu().gemm_pair_limited(GetParam());
    ASSERT_NE(fast_, nullptr);
  }
  const GemmKernel* fast_ = nullptr;
};

// The pair-limited kernel: chosen exactly when every packed weight pair fits,
// and never otherwise (it would saturate: 255*127 + 255*127 > 2^15).
TEST_P(GemmConvPairLimit, SelectedOnlyForProvenWeights) {
  const octet_isa isa = GetParam();
  ASSERT_EQ(octet_set_isa_cap(isa), octet_status_success);
  std::mt19937 rng(5);
  for (int variant = 0; variant < 4; ++variant) {
    Shape s = variant < 2 ? conv(16, 40, 3, 1) : conv(32, 33, 1, 0);
    Problem pr;
    make_problem(s, octet_requant_pytorch_qnnpack, octet_datatype_u8, octet_datatype_u8, false, rng, &pr, 64);
    if (variant % 2 == 1) {
      pr.w[2] = 127;  // one pair (elements 2, 3 of the first tap) over the limit
      pr.w[3] = -2;
    } else {
      pr.w[2] = -128;  // exactly at the limit: still safe
      pr.w[3] = 0;
    }
    ConvConfig cfg;
    ASSERT_EQ(validate_conv2d(&pr.p, &cfg), octet_status_success);
    const size_t ks = s.R == 1 ? 1 : s.R * s.S;
    EXPECT_EQ(gemm_weights_fit_pair_limit(*fast_, cfg, ks, s.C), variant % 2 == 0) << "variant " << variant;
    auto path = make_gemm_path(cfg, isa);
    ASSERT_TRUE(path);
    const std::string kname = gemm_path_kernel_name(*path);
    EXPECT_EQ(kname == fast_->name, variant % 2 == 0) << kname;
    for (Guard guard : {Guard::kBefore, Guard::kAfter}) {
      compare(pr, guard, 0, 0, "pair limit variant " + std::to_string(variant),
              [&](const ConvConfig&, const uint8_t* x, size_t in_stride, uint8_t* y, size_t out_stride, size_t,
                  size_t) {
                octet_conv2d_t op = nullptr;
                ASSERT_EQ(octet_conv2d_create(&pr.p, &op), octet_status_success);
                EXPECT_EQ(std::string(octet_isa_name(octet_conv2d_isa(op))), octet_isa_name(isa));
                size_t ws_size = 0;
                octet_conv2d_workspace_size(op, s.N, s.H, s.W, 1, &ws_size);
                GuardedBuffer<uint8_t> ws(ws_size, guard);
                ASSERT_EQ(octet_conv2d_run(op, s.N, s.H, s.W, x, in_stride, y, out_stride,
                                           ws_size ? ws.data() : nullptr, ws_size, nullptr),
                          octet_status_success);
                octet_conv2d_destroy(op);
              });
    }
  }
  octet_set_isa_cap(octet_isa_best);
}

// Why the check exists: at the pair limit the kernel is exact even for the
// largest activations, one step beyond the check refuses the weights and the
// kernel would saturate; far beyond, it saturates whatever the pair.
TEST_P(GemmConvPairLimit, ExactAtTheLimitSaturatesBeyond) {
  struct Case {
    int8_t w0, w1;
    bool fits;
    int32_t kernel_result;  // of 255 * w0 + 255 * w1
  };
  const Case cases[] = {
      {127, 1, true, 32640},      // |127| + |1| = 128: 255 * 128 = 32640, exact
      {-128, 0, true, -32640},    // the limit with the most negative weight
      {127, 2, false, 32767},     // 129: exact 32895 saturates to 32767
      {-128, -1, false, -32768},  // 129: exact -32895 saturates to -32768
      {127, 127, false, 32767},   // 2*255*127 = 64770 saturates to 32767
  };
  for (const Case& t : cases) {
    ConvConfig cfg;
    cfg.shape.C = 4;
    cfg.shape.K = 1;
    cfg.output_type = octet_datatype_s32;
    cfg.weights = {t.w0, t.w1, 0, 0};
    cfg.w_zero_points = {0};
    cfg.requant.resize(1);
    cfg.output = ref::OutputQuant{octet_requant_pytorch_fbgemm, 0, INT32_MIN, INT32_MAX};
    EXPECT_EQ(gemm_weights_fit_pair_limit(*fast_, cfg, 1, 4), t.fits) << int(t.w0) << ", " << int(t.w1);
    std::vector<char> panel(gemm_panel_bytes(*fast_, 1, 4) + 64);
    void* aligned = reinterpret_cast<void*>((reinterpret_cast<uintptr_t>(panel.data()) + 63) & ~uintptr_t{63});
    gemm_pack_panel(*fast_, cfg, 0, 0, 1, 4, 0, aligned);
    const uint8_t x[4] = {255, 255, 0, 0};
    const void* a[1] = {x};
    int32_t c = 0;
    GemmParams params{};
    params.out_type = octet_datatype_s32;
    fast_->fn(1, 1, 4, 1, a, aligned, &c, 4, &params);
    EXPECT_EQ(c, t.kernel_result) << int(t.w0) << ", " << int(t.w1);
  }
}

// u8 activations that all lie in 0..127 run on the vpmaddubsw kernel whatever
// the weights (2*127*128 < 2^15); a single byte above 127, or a zero point
// above 127, keeps the exact kernel. Weights are at the extremes, so a wrong
// choice would saturate.
TEST_P(GemmConvPairLimit, RangeKernelChosenPerRunFromTheInput) {
  std::mt19937 rng(11);
  for (int32_t x_zp : {0, 127, 128}) {
    for (int data : {0, 1, 2}) {  // 0: all in 0..127 (many 127), 1: one 128, 2: mostly 255
      Shape s = conv(32, 64, 3, 1);
      s.N = 2;
      s.H = 7;
      s.W = 9;
      Problem pr;
      make_problem(s, octet_requant_pytorch_fbgemm, octet_datatype_u8, octet_datatype_s32, false, rng, &pr);
      for (int8_t& w : pr.w) w = (rng() & 1) ? 127 : -128;
      pr.p.input_zero_point = x_zp;
      ConvConfig cfg;
      ASSERT_EQ(validate_conv2d(&pr.p, &cfg), octet_status_success) << octet_last_error();
      auto path = make_gemm_path(cfg, GetParam());
      ASSERT_TRUE(path);
      const size_t OH = cfg.shape.output_height(s.H), OW = cfg.shape.output_width(s.W);
      for (Guard guard : {Guard::kBefore, Guard::kAfter}) {
        const size_t in_stride = s.C + 3;
        GuardedBuffer<uint8_t> x(s.N * s.H * s.W * in_stride, guard);
        for (size_t i = 0; i < x.size(); ++i) {
          x[i] = data == 2 ? (rng() % 4 ? 255 : static_cast<uint8_t>(rng()))
                           : static_cast<uint8_t>(rng() % 2 ? 127 : rng() % 128);
        }
        if (data == 1) x[x.size() / 2 - (x.size() / 2) % in_stride + 5] = 128;  // one channel byte of one pixel
        GuardedBuffer<int32_t> y(s.N * OH * OW * s.K, guard);
        std::vector<int32_t> expected(y.size());
        ref::conv2d(cfg.ref_params(), s.N, s.H, s.W, x.data(), in_stride, expected.data(), s.K);
        GuardedBuffer<uint8_t> ws(path->workspace_size(s.N, s.H, s.W, 2), guard);
        pthreadpool_t pool = pthreadpool_create(2);
        ConvRunArgs args{s.N, s.H, s.W, OH, OW, x.data(), in_stride, y.data(), s.K, ws.data(), ws.size(), pool};
        const std::string kname = gemm_path_kernel_name_for_run(*path, args);
        const bool want_fast = data == 0 && x_zp <= 127;
        EXPECT_EQ(kname == fast_->name, want_fast) << kname << " x_zp " << x_zp << " data " << data;
        path->run(args);
        pthreadpool_destroy(pool);
        EXPECT_EQ(y.to_vector(), expected) << kname << " x_zp " << x_zp << " data " << data;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Isas, GemmConvPairLimit, testing::Values(octet_isa_avx2, octet_isa_avx512bw),
                         [](const testing::TestParamInfo<octet_isa>& p) { return std::string(octet_isa_name(p.param)); });

// The emulated copy of the x86 kernel `name` in `all` (the run-time kernel
// choices are tested on them, wherever AVX2 runs), or nullptr.
const GemmKernel* emulated_kernel(const std::vector<TestKernel>& all, const char* name) {
  for (const TestKernel& tk : all) {
    if (tk.emulated && std::string(tk.kernel.name) == name) return &tk.kernel;
  }
  return nullptr;
}

// The emulated avx512vnni 7x64 kernel and its 6x64 rows kernel.
void vnni_7_and_6_rows(const GemmKernel** k7, const GemmKernel** k6) {
  static const std::vector<TestKernel> all = x86_test_kernels();
  *k7 = emulated_kernel(all, "gemm_u8s8_7x64c4_avx512vnni");
  *k6 = emulated_kernel(all, "gemm_u8s8_6x64c4_avx512vnni");
  ASSERT_NE(*k7, nullptr);
  ASSERT_NE(*k6, nullptr);
}

// A 3x3 pad 1 layer of C -> K channels on an N x H x W input (in: u8 or s8),
// u8 output, with weight zero points (a_sums), and its config.
void image_problem(size_t C, size_t K, const size_t (&nhw)[3], octet_datatype in, std::mt19937& rng, Problem* pr,
                   ConvConfig* cfg) {
  Shape s = conv(C, K, 3, 1);
  s.N = nhw[0];
  s.H = nhw[1];
  s.W = nhw[2];
  make_problem(s, octet_requant_pytorch_fbgemm, in, octet_datatype_u8, true, rng, pr);
  ASSERT_EQ(validate_conv2d(&pr->p, cfg), octet_status_success) << octet_last_error();
}

// Runs `path` on pr on 2 threads against the reference; the kernel the path
// names for the run must be `want`.
void compare_on_2_threads(const Problem& pr, const ConvPath& path, const char* want, const std::string& what) {
  const Shape& s = pr.s;
  compare(pr, Guard::kAfter, 0, 0, what,
          [&](const ConvConfig&, const uint8_t* x, size_t in_stride, uint8_t* y, size_t out_stride, size_t OH,
              size_t OW) {
            GuardedBuffer<uint8_t> ws(path.workspace_size(s.N, s.H, s.W, 2), Guard::kAfter);
            pthreadpool_t pool = pthreadpool_create(2);
            ConvRunArgs args{s.N, s.H, s.W, OH, OW, x, in_stride, y, out_stride, ws.data(), ws.size(), pool};
            EXPECT_STREQ(gemm_path_kernel_name_for_run(path, args), want) << what;
            path.run(args);
            pthreadpool_destroy(pool);
          });
}

// A run of fewer output pixels than the AMX row's min_m runs the VNNI 8x32
// tile on the AMX panels (GemmKernel::min_m, plan_gemm), bit-exact either way:
// the emulated copies of both, with weight zero points (a_sums) and s8 input,
// threads, and pixel counts on both sides of min_m.
TEST(GemmConvFewRows, ChosenPerRunFromThePixels) {
  octet_initialize();
  if (!octet_isa_supported(octet_isa_avx2)) GTEST_SKIP() << "this CPU cannot run avx2";
  const std::vector<TestKernel> all = x86_test_kernels();
  const GemmKernel* amx = emulated_kernel(all, "gemm_u8s8_32x32c4_amx");
  const GemmKernel* vnni = emulated_kernel(all, "gemm_u8s8_8x32c4_avx512vnni");
  ASSERT_NE(amx, nullptr);
  ASSERT_NE(vnni, nullptr);
  ASSERT_GT(amx->min_m, 1u);
  std::mt19937 rng(5);
  for (octet_datatype in : {octet_datatype_u8, octet_datatype_s8}) {
    // (N, H, W) of a 3x3 pad 1 layer: 1, 6, 7 pixels below min_m, 8 and 2x9 at or above.
    const size_t sizes[][3] = {{1, 1, 1}, {1, 2, 3}, {1, 1, 7}, {1, 2, 4}, {2, 3, 3}};
    for (const auto& nhw : sizes) {
      Problem pr;
      ConvConfig cfg;
      ASSERT_NO_FATAL_FAILURE(image_problem(64, 40, nhw, in, rng, &pr, &cfg));
      auto path = make_gemm_path_with(cfg, *amx, GemmConvMode::kIndirect, nullptr, vnni);
      ASSERT_TRUE(path);
      const size_t pixels = nhw[0] * nhw[1] * nhw[2];
      const std::string what = "pixels " + std::to_string(pixels) + (in == octet_datatype_s8 ? " s8" : " u8");
      compare_on_2_threads(pr, *path, pixels < amx->min_m ? vnni->name : amx->name, what);
    }
  }
}

// avx512vnni's 7x64 with 6x64 as its rows kernel (GemmPlan::rows_kernel):
// each run takes the tile height that computes fewer rows on its pixels and
// threads, bit-exact either way: the emulated copies of both, with weight zero
// points (a_sums), s8 input, 2 threads (tasks split by rows and panels), 80
// channels (a partial second panel) and pixel counts that pick each.
TEST(GemmConvRowsKernel, ChosenPerRunFromThePixels) {
  octet_initialize();
  if (!octet_isa_supported(octet_isa_avx2)) GTEST_SKIP() << "this CPU cannot run avx2";
  const GemmKernel *k7 = nullptr, *k6 = nullptr;
  ASSERT_NO_FATAL_FAILURE(vnni_7_and_6_rows(&k7, &k6));
  std::mt19937 rng(9);
  for (octet_datatype in : {octet_datatype_u8, octet_datatype_s8}) {
    // (N, H, W) of a 3x3 pad 1 layer on 2 threads and the tile height it
    // takes: 49 pixels compute 49 rows in 7-row tiles against 54; 36: 36
    // against 42; 64: 66 against 70; 2 x 49: 98 against 102.
    const size_t sizes[][3] = {{1, 7, 7}, {1, 6, 6}, {1, 8, 8}, {2, 7, 7}};
    const size_t rows[] = {7, 6, 6, 7};
    for (size_t i = 0; i < 4; ++i) {
      Problem pr;
      ConvConfig cfg;
      ASSERT_NO_FATAL_FAILURE(image_problem(64, 80, sizes[i], in, rng, &pr, &cfg));
      auto path = make_gemm_path_with(cfg, *k7, GemmConvMode::kIndirect, nullptr, nullptr, k6);
      ASSERT_TRUE(path);
      const std::string what = "pixels " + std::to_string(sizes[i][0] * sizes[i][1] * sizes[i][2]) +
                               (in == octet_datatype_s8 ? " s8" : " u8");
      compare_on_2_threads(pr, *path, rows[i] == 7 ? k7->name : k6->name, what);
    }
  }
}

// Strided tiles (src/core/gemm_strided_plan.h) on avx512vnni's 7x64 with 6x64
// beside it (emulated copies): the geometries whose padding makes every kind
// of rectangle class (corners, edge strips tiled along rows and along
// columns, classes with no tap inside the input), asymmetric padding,
// strides, dilation, a kernel taller than the input, two images, s8 input,
// 80 channels (two panels), pixel strides, run() on 2 threads and every share
// of run_thread. Each geometry also runs with the tiles forced off, and the
// automatic choice must take strided tiles where they compute less: the
// 14x14 and 28x28 3x3 layers, not 7x7.
TEST(GemmConvStrided, EveryClassOfTile) {
  octet_initialize();
  if (!octet_isa_supported(octet_isa_avx2)) GTEST_SKIP() << "this CPU cannot run avx2";
  const GemmKernel *k7 = nullptr, *k6 = nullptr;
  ASSERT_NO_FATAL_FAILURE(vnni_7_and_6_rows(&k7, &k6));
  std::mt19937 rng(11);
  struct Case {
    Shape s;
    int auto_strided;  // -1: not checked
  };
  auto conv3 = [](size_t H, size_t W, size_t pad, size_t stride, size_t dil) {
    Shape s = conv(24, 80, 3, pad);
    s.H = H;
    s.W = W;
    s.sh = s.sw = stride;
    s.dh = s.dw = dil;
    return s;
  };
  std::vector<Case> cases = {
      {conv3(14, 14, 1, 1, 1), 1}, {conv3(28, 28, 1, 1, 1), 1}, {conv3(7, 7, 1, 1, 1), 0},
      {conv3(28, 28, 2, 1, 2), 1}, {conv3(17, 13, 1, 2, 1), -1}, {conv3(9, 30, 2, 1, 2), -1},
      {conv3(2, 2, 2, 1, 1), -1},  // every window mostly padding; rows with a single tap
      {conv3(1, 40, 3, 1, 1), -1}, // a 3x3 taller than the padded input's rows: classes with no tap
  };
  // {N, H, W, C, K, groups, R, S, sh, sw, dh, dw, pt, pl, pb, pr}
  cases.push_back({Shape{2, 12, 11, 24, 80, 1, 5, 2, 1, 1, 1, 1, 3, 0, 0, 1}, -1});   // asymmetric, 5x2
  cases.push_back({Shape{1, 15, 16, 24, 80, 1, 3, 3, 3, 2, 2, 1, 4, 1, 2, 3}, -1});   // strides 3x2, dilation 2x1
  for (size_t ci = 0; ci < cases.size(); ++ci) {
    for (octet_datatype in : {octet_datatype_u8, octet_datatype_s8}) {
      Problem pr;
      make_problem(cases[ci].s, octet_requant_pytorch_fbgemm, in, octet_datatype_u8, false, rng, &pr);
      const Shape& s = pr.s;
      for (GemmStrided st : {GemmStrided::kAlways, GemmStrided::kOff, GemmStrided::kAuto}) {
        const std::string what = "case " + std::to_string(ci) + " strided " + std::to_string(int(st)) +
                                 (in == octet_datatype_s8 ? " s8" : " u8");
        for (size_t share = 0; share <= 2; ++share) {  // 2: run() on the pool; 0, 1: run_thread shares
          compare(pr, share == 1 ? Guard::kBefore : Guard::kAfter, share, 2 * share, what + " share " + std::to_string(share),
                  [&](const ConvConfig& cfg, const uint8_t* x, size_t in_stride, uint8_t* y, size_t out_stride,
                      size_t OH, size_t OW) {
                    auto path = make_gemm_path_with(cfg, *k7, GemmConvMode::kIndirect, nullptr, nullptr, k6, st);
                    ASSERT_TRUE(path);
                    pthreadpool_t pool = pthreadpool_create(2);
                    ConvRunArgs args{s.N, s.H, s.W, OH, OW, x, in_stride, y, out_stride, nullptr, 0, pool};
                    const bool runs = gemm_path_runs_strided(*path, args);
                    if (st != GemmStrided::kAuto) {
                      EXPECT_EQ(runs, st == GemmStrided::kAlways) << what;
                    }
                    if (st == GemmStrided::kAuto && cases[ci].auto_strided >= 0) {
                      EXPECT_EQ(runs, cases[ci].auto_strided == 1) << what;
                    }
                    if (share == 2) {
                      path->run(args);
                    } else {
                      // Both shares of a 2-thread run, in reverse order, no pool.
                      args.threadpool = pool;
                      for (size_t t = 2; t-- > 0;) path->run_thread(args, t, 2);
                    }
                    pthreadpool_destroy(pool);
                  });
          if (HasFatalFailure()) return;
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(X86, GemmConvKernelTest, testing::ValuesIn(x86_test_kernels()), kernel_label);

}  // namespace
}  // namespace octet::test
