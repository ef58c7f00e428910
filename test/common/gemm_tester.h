// GemmTester: runs one GEMM microkernel (src/core/gemm_ukernel.h) of any ISA,
// x86 or AArch64, on random but reproducible data against src/ref, XNNPACK
// style:
//
//   GemmTester(kernel).m(3).n(17).k(13).ks(3).x_zero_point(255).mode(octet_requant_pytorch_qnnpack).test();
//
// The tester builds everything the kernel reads from plain matrices, following
// the contract in src/core/gemm_ukernel.h and independently of the library's
// packer (gemm_pack_panel): the panels (folded bias and zero-point terms, w_zp,
// requantization words, weights in the kernel's KR layout, int8 [NR][KR] or
// int16 [KR/2][NR][2]), the per-row activation sums when some w_zp != 0, and
// the A row pointers. Every buffer the kernel touches sits flush against a
// guard page (one buffer per A row, the panels, the sums, the output tile), so
// a read past a row's kc bytes or a write past the tile faults. n may exceed
// NR: the tester packs ceil(n / NR) panels and calls the kernel once per panel,
// the last one with nc < NR; a kernel with a multi-panel entry
// (GemmKernel::fn_panels) is also run through it, all panels in one call, into
// a second output that must match the same way. The expected value of every output is
//   ref::requantize(channel, output, sum_t sum_i (x - x_zp) * (w - w_zp[n]))
// (or the raw accumulator plus the int32 bias for s32 output), computed in
// int64 from the stored values; every byte of the tile, and every byte of the
// gaps between rows (cm_stride > n), must be as expected.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "octet/octet.h"
#include "src/core/gemm_ukernel.h"
#include "test/common/guarded_buffer.h"

namespace octet::test {

class GemmTester {
 public:
  // Defaults: a full mr x nr tile, kc 16, ks 1, u8 input, pytorch_fbgemm, u8 output.
  explicit GemmTester(const GemmKernel& k) : k_(k), m_(k.mr), n_(k.nr) {}

  GemmTester& m(size_t v) { m_ = v; return *this; }
  GemmTester& n(size_t v) { n_ = v; return *this; }
  GemmTester& k(size_t v) { kc_ = v; return *this; }
  GemmTester& ks(size_t v) { ks_ = v; return *this; }
  GemmTester& input_type(octet_datatype t) { input_type_ = t; return *this; }
  // The input zero point as stored: 0..255 for u8 input, -128..127 for s8.
  GemmTester& x_zero_point(int32_t v) { x_zp_ = v; x_zp_set_ = true; return *this; }
  // false: all zero; true: nonzero per-channel weight zero points.
  GemmTester& w_zero_points(bool nonzero) { w_zp_nonzero_ = nonzero; return *this; }
  GemmTester& mode(octet_requant_mode v) { mode_ = v; return *this; }
  GemmTester& output_type(octet_datatype t) { out_type_ = t; return *this; }
  // f32 or s32 (default: s32 for fixedpoint, f32 otherwise).
  GemmTester& bias_type(octet_datatype t) { bias_type_ = t; return *this; }
  GemmTester& relu(bool v) { relu_ = v; return *this; }
  // Extra output elements between rows (cm_stride = (n + extra) * element size).
  GemmTester& cm_stride_extra(size_t v) { cm_extra_ = v; return *this; }
  GemmTester& guard(Guard g) { guard_ = g; return *this; }
  GemmTester& seed(uint32_t s) { seed_ = s; return *this; }
  // Runs this many data sets (seeds seed, seed + 1, ...).
  GemmTester& iterations(size_t v) { iterations_ = v; return *this; }
  // Output scale relative to the typical accumulator: >1 spreads results over
  // the whole output range (and clamps many), < 1 squeezes them near the zero
  // point; 3e8 takes f32(acc) * scale out of the int32 range.
  GemmTester& spread(double s) { spread_ = s; return *this; }
  // Extreme data: activations (0 / 255 as u8) and weights (-128 / 127) at the
  // ends of their ranges in most positions, the data on which a saturating
  // int16 pair sum would break.
  GemmTester& extremes(bool v) { extremes_ = v; return *this; }

  // Strided tiles (GemmParams::a_stride, w_taps, acc_init; kernels with
  // GemmKernel::strided_taps): the call runs a subset of the panel's ks taps
  // (in reverse order for odd seeds), one pointer per tap, its rows `gap`
  // bytes apart past their kc; the skipped taps count as rows of x_zp.
  GemmTester& strided(size_t gap) { strided_ = true; gap_ = gap; return *this; }

  std::string describe() const;

  // True when every output matched; mismatches (the first few) are reported as
  // gtest failures.
  bool test() const;

 private:
  bool test_once(uint32_t seed) const;
  int32_t x_zp() const;

  GemmKernel k_;
  size_t m_, n_, kc_ = 16, ks_ = 1;
  octet_datatype input_type_ = octet_datatype_u8;
  int32_t x_zp_ = 0;
  bool x_zp_set_ = false;
  bool w_zp_nonzero_ = false;
  octet_requant_mode mode_ = octet_requant_pytorch_fbgemm;
  octet_datatype out_type_ = octet_datatype_u8;
  octet_datatype bias_type_ = octet_datatype_none;
  bool relu_ = false;
  size_t cm_extra_ = 0;
  Guard guard_ = Guard::kAfter;
  uint32_t seed_ = 1;
  size_t iterations_ = 1;
  double spread_ = 1.0;
  bool extremes_ = false;
  bool strided_ = false;
  size_t gap_ = 0;
};

}  // namespace octet::test
