// Every golden file (PyTorch 1.13 qnnpack/onednn, FBGEMM) through the public
// API, bit-exact, under every ISA cap this CPU can run.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "octet/octet.h"
#include "test/common/isa_list.h"
#include "tools/golden/golden_case.h"

namespace {

std::string data_dir(const char* name) {
  const char* src = std::getenv("OCTET_SOURCE_DIR");
  return std::string(src ? src : ".") + "/test/data/" + name;
}

struct GoldenSet {
  const char* dir;
  size_t min_files;
};

// The public set (PyTorch qnnpack/onednn and FBGEMM) and our own extra cases
// from PyTorch on other seeds and wider ranges (tools/gen_golden_torch.py).
const GoldenSet kSets[] = {{"golden", 372}, {"golden-extra", 160}};

class GoldenTest : public testing::TestWithParam<octet_isa> {};

TEST_P(GoldenTest, AllFilesBitExact) {
  ASSERT_EQ(octet_initialize(), octet_status_success);
  const octet_isa isa = GetParam();
  if (!octet_isa_supported(isa)) GTEST_SKIP() << "this CPU cannot run " << octet_isa_name(isa);
  ASSERT_EQ(octet_set_isa_cap(isa), octet_status_success) << octet_last_error();
  for (const GoldenSet& set : kSets) {
    const std::vector<std::string> files = octet::golden::list_case_files({data_dir(set.dir)});
    ASSERT_GE(files.size(), set.min_files) << "golden files missing under " << data_dir(set.dir);
    size_t passed = 0;
    for (const std::string& f : files) {
      octet::golden::Case c;
      std::string error;
      octet_requant_mode mode;
      ASSERT_TRUE(octet::golden::load_case(f, &c, &error)) << error;
      ASSERT_TRUE(octet::golden::mode_for_source(c.source, &mode)) << c.source;
      std::vector<uint8_t> y;
      std::string path;
      ASSERT_TRUE(octet::golden::run_case(c, mode, &y, &error, &path)) << c.name << ": " << error;
      size_t first = y.size(), bad = 0;
      for (size_t i = 0; i < y.size(); ++i) {
        if (y[i] != c.y[i]) {
          bad += 1;
          if (first == y.size()) first = i;
        }
      }
      EXPECT_EQ(bad, 0u) << c.name << " [" << c.source << ", " << path << "]: first mismatch at " << first
                         << ", expected " << int(c.y[first]) << ", got " << int(y[first]);
      passed += bad == 0 ? 1 : 0;
    }
    EXPECT_EQ(passed, files.size()) << set.dir;
  }
  octet_set_isa_cap(octet_isa_best);
}

INSTANTIATE_TEST_SUITE_P(Caps, GoldenTest, testing::ValuesIn(octet::test::arch_isas()),
                         [](const testing::TestParamInfo<octet_isa>& p) {
                           return std::string(octet_isa_name(p.param));
                         });

}  // namespace
