// Every golden file through the GEMM convolution path on every x86 kernel:
// the real ones this CPU runs, and the SIMDe-emulated AVX-512 / AVX-VNNI copies
// (so the VNNI kernels meet the goldens on a machine without VNNI). Also checks
// that under each supported ISA cap the public API runs the goldens bit-exactly
// on a non-scalar path.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "octet/octet.h"
#include "src/api/conv2d_validate.h"
#include "src/core/gemm_conv_path.h"
#include "test/x86/x86_kernels.h"
#include "tools/golden/golden_case.h"

namespace octet::test {
namespace {

std::string golden_dir() {
  const char* src = std::getenv("OCTET_SOURCE_DIR");
  return std::string(src ? src : ".") + "/test/data/golden";
}

class GoldenGemmTest : public testing::TestWithParam<TestKernel> {};

TEST_P(GoldenGemmTest, AllFilesBitExact) {
  octet_initialize();
  const TestKernel& tk = GetParam();
  if (!octet_isa_supported(tk.needs)) GTEST_SKIP() << tk.label() << " needs " << octet_isa_name(tk.needs);
  const std::vector<std::string> files = golden::list_case_files({golden_dir()});
  ASSERT_GE(files.size(), 372u) << "golden files missing under " << golden_dir();
  size_t passed = 0, ran = 0;
  for (const std::string& f : files) {
    golden::Case c;
    std::string error;
    octet_requant_mode mode;
    ASSERT_TRUE(golden::load_case(f, &c, &error)) << error;
    ASSERT_TRUE(golden::mode_for_source(c.source, &mode)) << c.source;
    const octet_conv2d_params p = golden::make_params(c, mode);
    ConvConfig cfg;
    ASSERT_EQ(validate_conv2d(&p, &cfg), octet_status_success) << octet_last_error();
    const GemmConvMode gm = choose_gemm_mode(cfg);
    if (tk.kernel.pair_abs_limit != 0) {
      // A pair-limited kernel runs only the goldens whose weights it proves safe.
      size_t ks = 0, kc = 0;
      gemm_mode_reduction(cfg, gm, &ks, &kc);
      if (!gemm_weights_fit_pair_limit(tk.kernel, cfg, ks, kc)) continue;
    }
    ++ran;
    auto path = make_gemm_path_with(cfg, tk.kernel, gm);
    ASSERT_TRUE(path) << c.name;
    std::vector<uint8_t> ws(path->workspace_size(c.N, c.H, c.W, 1));
    std::vector<uint8_t> y(c.N * c.OH * c.OW * c.K);
    ConvRunArgs args{c.N, c.H, c.W, c.OH, c.OW, c.x.data(), c.C, y.data(), c.K, ws.data(), ws.size(), nullptr};
    path->run(args);
    size_t bad = 0, first = 0;
    for (size_t i = 0; i < y.size(); ++i) {
      if (y[i] != c.y[i] && bad++ == 0) first = i;
    }
    EXPECT_EQ(bad, 0u) << c.name << " [" << c.source << ", " << tk.label() << "/" << path->name()
                       << "]: first mismatch at " << first << ", expected " << int(c.y[first]) << ", got "
                       << int(y[first]);
    passed += bad == 0 ? 1 : 0;
  }
  EXPECT_EQ(passed, ran);
  EXPECT_GT(ran, 0u);
  if (tk.kernel.pair_abs_limit == 0) {
    EXPECT_EQ(ran, files.size());
  }
  std::printf("%s: %zu of %zu golden files run, all bit-exact\n", tk.label().c_str(), ran, files.size());
}

std::string kernel_label(const testing::TestParamInfo<TestKernel>& p) { return p.param.label(); }

INSTANTIATE_TEST_SUITE_P(X86, GoldenGemmTest, testing::ValuesIn(x86_test_kernels()), kernel_label);

class GoldenCapTest : public testing::TestWithParam<octet_isa> {};

TEST_P(GoldenCapTest, ApiBitExactOnSimdPaths) {
  octet_initialize();
  const octet_isa isa = GetParam();
  if (!octet_isa_supported(isa)) GTEST_SKIP() << "this CPU cannot run " << octet_isa_name(isa);
  ASSERT_EQ(octet_set_isa_cap(isa), octet_status_success);
  size_t passed = 0, simd = 0;
  const std::vector<std::string> files = golden::list_case_files({golden_dir()});
  for (const std::string& f : files) {
    golden::Case c;
    std::string error, path;
    octet_requant_mode mode;
    ASSERT_TRUE(golden::load_case(f, &c, &error)) << error;
    ASSERT_TRUE(golden::mode_for_source(c.source, &mode));
    std::vector<uint8_t> y;
    ASSERT_TRUE(golden::run_case(c, mode, &y, &error, &path)) << error;
    EXPECT_EQ(y, c.y) << c.name << " [" << path << "]";
    passed += y == c.y ? 1 : 0;
    simd += path.rfind("scalar/", 0) == 0 ? 0 : 1;
  }
  EXPECT_EQ(passed, files.size());
  EXPECT_EQ(simd, files.size()) << "some goldens ran on the scalar reference under " << octet_isa_name(isa);
  octet_set_isa_cap(octet_isa_best);
}

INSTANTIATE_TEST_SUITE_P(Caps, GoldenCapTest,
                         testing::Values(octet_isa_avx2, octet_isa_avx512bw, octet_isa_avxvnni, octet_isa_avx512vnni),
                         [](const testing::TestParamInfo<octet_isa>& p) { return std::string(octet_isa_name(p.param)); });

}  // namespace
}  // namespace octet::test
