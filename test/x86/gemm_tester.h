// GemmTester: runs one GEMM microkernel (src/core/gemm_ukernel.h) on random
// data against the scalar reference (src/ref), XNNPACK style:
//
//   GemmTester().m(3).n(17).k(13).ks(3).x_zero_point(255).mode(octet_requant_pytorch_qnnpack)
//               .test(kernel);
//
// n may exceed the kernel's NR: the tester packs ceil(n / NR) panels and calls
// the kernel once per panel. Every activation row and the output live in
// guard-page buffers, so any read past a row's kc bytes or write past the tile
// faults.
#pragma once

#include <cstddef>
#include <cstdint>

#include "octet/octet.h"
#include "src/core/gemm_ukernel.h"
#include "test/common/guarded_buffer.h"

namespace octet::test {

class GemmTester {
 public:
  GemmTester& m(size_t v) { m_ = v; return *this; }
  GemmTester& n(size_t v) { n_ = v; return *this; }
  GemmTester& k(size_t v) { k_ = v; return *this; }
  GemmTester& ks(size_t v) { ks_ = v; return *this; }
  // Extra output elements between rows (0: rows of exactly n).
  GemmTester& cm_extra(size_t v) { cm_extra_ = v; return *this; }
  GemmTester& x_zero_point(int32_t v) { x_zp_ = v; return *this; }
  GemmTester& w_zero_points(bool v) { w_zp_ = v; return *this; }
  GemmTester& mode(octet_requant_mode v) { mode_ = v; return *this; }
  GemmTester& out_type(octet_datatype v) { out_type_ = v; return *this; }
  GemmTester& input_s8(bool v) { input_s8_ = v; return *this; }
  GemmTester& relu(bool v) { relu_ = v; return *this; }
  // Extreme values (x at 0/255, w at -128/127) in most positions: the data on
  // which a saturating int16 pair sum would break.
  GemmTester& extremes(bool v) { extremes_ = v; return *this; }
  GemmTester& guard(Guard v) { guard_ = v; return *this; }
  GemmTester& seed(uint32_t v) { seed_ = v; return *this; }
  GemmTester& iterations(size_t v) { iterations_ = v; return *this; }

  // Adds a gtest failure (with the first mismatch) on any difference.
  void test(const GemmKernel& kernel) const;

 private:
  size_t m_ = 1, n_ = 1, k_ = 1, ks_ = 1, cm_extra_ = 0;
  int32_t x_zp_ = 0;
  bool w_zp_ = false, input_s8_ = false, relu_ = false, extremes_ = false;
  octet_requant_mode mode_ = octet_requant_pytorch_fbgemm;
  octet_datatype out_type_ = octet_datatype_u8;
  Guard guard_ = Guard::kAfter;
  uint32_t seed_ = 1;
  size_t iterations_ = 1;
};

}  // namespace octet::test
