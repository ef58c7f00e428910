// The kernel-level tester of the depthwise and small-group families: one
// layer through the path of every kernel table of a family
// (test/dwconv/kernel_tables.h) that this CPU can run, against ref::conv2d,
// byte for byte, with every buffer flush against a guard page (both
// placements, test/dwconv/path_check.h) and the bytes between output pixels
// untouched. Each table's path must be the expected one (name prefix); a
// table whose kernels for the layer are those of a table already run is not
// run again, the others must report their ISA.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "octet/octet.h"
#include "test/dwconv/conv_cases.h"
#include "test/dwconv/conv_tester.h"
#include "test/dwconv/kernel_tables.h"
#include "test/dwconv/path_check.h"

namespace octet::test {

// The path name a table must take for a layer (a prefix).
using ExpectPath = std::function<std::string(const KernelTable&, const ConvConfig&)>;

class TableTester {
 public:
  TableTester(std::vector<KernelTable> tables, ExpectPath expect) : tables_(std::move(tables)), expect_(std::move(expect)) {}

  // Whether this CPU runs any table of the family.
  bool runnable() const {
    octet_initialize();
    for (const KernelTable& t : tables_) {
      if (octet_isa_supported(t.needs)) return true;
    }
    return false;
  }

  // The operator p on N x H x W pixels (pixel strides ips in, ops out, es bytes
  // per output element), threads wide. False after the first mismatch.
  bool run(const octet_conv2d_params& p, const std::vector<uint8_t>& x, size_t N, size_t H, size_t W, size_t ips,
           size_t ops, size_t es, size_t threads) const {
    const PathCheck check(p, x, N, H, W, ips, ops, es, threads);
    EXPECT_TRUE(check.ok());
    if (!check.ok()) return false;
    std::set<std::vector<uintptr_t>> done;
    for (const KernelTable& t : tables_) {
      if (!octet_isa_supported(t.needs)) continue;
      SCOPED_TRACE(t.label);
      const std::unique_ptr<ConvPath> path = t.make(check.cfg());
      EXPECT_NE(path, nullptr);
      if (path == nullptr) return false;
      const std::string name = path->name(), want = expect_(t, check.cfg());
      EXPECT_EQ(name.rfind(want, 0), 0u) << "path " << name << ", expected " << want;
      if (!done.insert(t.kernels(name)).second) continue;
      EXPECT_EQ(path->isa(), t.reports);
      if (!check.run(*path)) return false;
    }
    return !testing::Test::HasFailure();
  }

  bool run(const ConvCase& c) const {
    SCOPED_TRACE(c.str());
    const ConvData d(c);
    return run(d.p, d.x, c.N, c.H, c.W, d.ips, d.ops, d.es, c.threads);
  }

  // Every case; stops at the first failing one.
  void run(const std::vector<ConvCase>& cases) const {
    for (const ConvCase& c : cases) {
      if (!run(c)) return;
    }
  }

  const std::vector<KernelTable>& tables() const { return tables_; }

 private:
  std::vector<KernelTable> tables_;
  ExpectPath expect_;
};

// A family's catalogue test: each parameter one case set, run on every table.
class FamilyTest : public testing::TestWithParam<CaseSet> {
 protected:
  void run_on(const TableTester& tester) const {
    if (!tester.runnable()) GTEST_SKIP() << "this CPU runs no kernel table of the family";
    tester.run(GetParam().make());
  }
};

}  // namespace octet::test
