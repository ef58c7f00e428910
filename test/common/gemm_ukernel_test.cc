// Every GEMM microkernel of this build (test/common/gemm_test_kernels.h: the
// x86 table with the SIMDe-emulated AVX-512 / AVX-VNNI copies, or the AArch64
// table) against src/ref through GemmTester: every mr <= MR, nc from 1 through
// NR and past it (several panels, the last one partial), kc from 1 through
// several KR groups and long reductions (multiples of KR and not), ks 1..25,
// row strides, input zero points at both ends, u8 and s8 input, nonzero weight
// zero points, every requantization mode x output type x bias type with and
// without ReLU, clamping spreads, out-of-range float conversions, extreme data,
// and guard pages on either side of every buffer. A kernel whose ISA the
// (emulated) CPU lacks is skipped. The same source builds the x86 and the
// AArch64 test.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "octet/octet.h"
#include "test/common/gemm_test_kernels.h"
#include "test/common/gemm_tester.h"

namespace octet::test {
namespace {

const octet_requant_mode kModes[] = {octet_requant_pytorch_fbgemm, octet_requant_pytorch_qnnpack,
                                     octet_requant_pytorch_onednn, octet_requant_fixedpoint};
const octet_datatype kOutTypes[] = {octet_datatype_u8, octet_datatype_s8, octet_datatype_s32};
const octet_datatype kInTypes[] = {octet_datatype_u8, octet_datatype_s8};

// Input zero points at both ends of each input type's range and next to its middle.
std::vector<int32_t> input_zero_points(octet_datatype in) {
  if (in == octet_datatype_s8) return {-128, -1, 0, 1, 127};
  return {0, 1, 127, 128, 254, 255};
}

class GemmUkernel : public testing::TestWithParam<TestKernel> {
 protected:
  void SetUp() override {
    ASSERT_EQ(octet_initialize(), octet_status_success);
    if (!octet_isa_supported(GetParam().needs)) {
      GTEST_SKIP() << GetParam().label() << " needs " << octet_isa_name(GetParam().needs)
                   << ", which this CPU lacks" << (GetParam().emulated ? "" : " (an _emu copy may test its logic)");
    }
  }
  const GemmKernel& kernel() const { return GetParam().kernel; }
  GemmTester tester() const { return GemmTester(kernel()); }
  size_t MR() const { return kernel().mr; }
  size_t NR() const { return kernel().nr; }
  size_t below_MR() const { return MR() > 1 ? MR() - 1 : 1; }
};

// Every mr x nc tile, nc up to two panels and a tail; densely in kc for the
// nc at the panel edges and in the middle.
TEST_P(GemmUkernel, TileEdges) {
  uint32_t seed = 1;
  const std::vector<size_t> edge_n = {1, NR() / 2 + 1, NR() - 1, NR(), NR() + 1, 2 * NR() + 1, 2 * NR() + 3};
  std::vector<size_t> ns;
  for (size_t n = 1; n <= NR() + 1; ++n) ns.push_back(n);
  ns.push_back(2 * NR() + 1);
  ns.push_back(2 * NR() + 3);
  for (size_t m = 1; m <= MR(); ++m) {
    for (size_t n : ns) {
      const bool edge = std::find(edge_n.begin(), edge_n.end(), n) != edge_n.end();
      // Between the edges, kc 5 and 24 by turns.
      const std::vector<size_t> kcs = edge ? std::vector<size_t>{1, 2, 3, 4, 5, 8, 13, 16, 24, 31}
                                           : std::vector<size_t>{n % 2 ? size_t{5} : size_t{24}};
      for (size_t kc : kcs) {
        ++seed;
        if (!tester().m(m).n(n).k(kc).x_zero_point(128).guard(seed % 2 ? Guard::kBefore : Guard::kAfter)
                 .seed(seed).test()) {
          return;
        }
      }
    }
  }
}

// kc from 1 through several KR groups, and long reductions.
TEST_P(GemmUkernel, Reduction) {
  uint32_t seed = 100;
  std::vector<size_t> kcs;
  for (size_t kc = 1; kc <= 48; ++kc) kcs.push_back(kc);
  for (size_t kc : {63, 64, 65, 67, 100, 129, 131, 256, 259, 1027}) kcs.push_back(kc);
  for (size_t kc : kcs) {
    if (!tester().k(kc).x_zero_point(kc >= 64 ? 3 : 125).seed(seed++).test()) return;
    if (!tester().m(below_MR()).n(NR() - 1).k(kc).seed(seed++).test()) return;
    if (kc < 64) continue;
    if (!tester().m(below_MR()).n(NR() + 5).k(kc).x_zero_point(250).extremes(true).seed(seed++).test()) return;
  }
}

// ks > 1 (the indirection taps), small and large tiles.
TEST_P(GemmUkernel, Taps) {
  uint32_t seed = 200;
  for (size_t ks : {2, 3, 9, 25}) {
    for (size_t kc : {1, 3, 4, 7, 8, 16, 17, 33}) {
      // m 1, MR - 1 and MR; nc below, at and past NR.
      if (!tester().ks(ks).k(kc).n(NR() + 3).x_zero_point(77).seed(seed++).test()) return;
      if (!tester().ks(ks).k(kc).m(below_MR()).seed(seed++).test()) return;
      if (!tester().ks(ks).k(kc).m(1).n(3).seed(seed++).test()) return;
    }
  }
}

// Strided tiles (GemmKernel::strided_taps): a subset of the panel's taps in
// either order, one pointer per tap and rows a_stride apart (gaps of garbage),
// accumulators starting at the skipped taps' zero-point term; every mr (rows
// past mr repeat the last), nc across panels, kc tails, s8 input and weight
// zero points (whose a_sums count the skipped taps as x_zp rows).
TEST_P(GemmUkernel, StridedTaps) {
  if (!kernel().strided_taps) GTEST_SKIP() << GetParam().label() << " takes indirection pointers only";
  uint32_t seed = 250;
  for (size_t ks : {1, 2, 3, 9, 25}) {
    for (size_t kc : {1, 3, 4, 7, 16, 33, 64}) {
      for (size_t m = 1; m <= MR(); ++m) {
        if (!tester().strided(kc % 5).ks(ks).k(kc).m(m).n(m % 2 ? NR() + 3 : NR()).x_zero_point(77).seed(seed++).test()) {
          return;
        }
      }
      if (!tester().strided(64).ks(ks).k(kc).input_type(octet_datatype_s8).x_zero_point(-100).seed(seed++).test()) return;
      if (!tester().strided(0).ks(ks).k(kc).w_zero_points(true).extremes(true).seed(seed++).test()) return;
      if (!tester().strided(3).ks(ks).k(kc).guard(Guard::kBefore).m(below_MR()).seed(seed++).test()) return;
    }
  }
}

// Output rows further apart than n (the gaps must stay untouched).
TEST_P(GemmUkernel, RowStride) {
  uint32_t seed = 300;
  for (octet_datatype out : kOutTypes) {
    for (size_t extra : {1, 5, 7, 64}) {
      if (!tester().output_type(out).cm_stride_extra(extra).n(2 * NR() - 1).k(19).ks(2).seed(seed++).test()) return;
      if (!tester().output_type(out).cm_stride_extra(extra).n(NR() - 1).k(20).seed(seed++).test()) return;
    }
  }
}

// Input zero points at both ends, u8 and s8 input, with and without weight
// zero points and extreme data.
TEST_P(GemmUkernel, InputZeroPoints) {
  uint32_t seed = 400;
  for (octet_datatype in : kInTypes) {
    for (int32_t zp : input_zero_points(in)) {
      for (bool wzp : {false, true}) {
        for (bool ext : {false, true}) {
          GemmTester t = tester();
          t.input_type(in).x_zero_point(zp).w_zero_points(wzp).extremes(ext);
          if (!GemmTester(t).n(NR() + 1).k(37).ks(3).seed(seed++).test()) return;
          if (!GemmTester(t).m(1).k(256).seed(seed++).test()) return;
          if (!GemmTester(t).k(19).ks(2).seed(seed++).test()) return;
        }
      }
    }
  }
}

TEST_P(GemmUkernel, WeightZeroPoints) {
  uint32_t seed = 500;
  for (octet_datatype in : kInTypes) {
    for (size_t kc : {1, 4, 13, 40}) {
      if (!tester().input_type(in).w_zero_points(true).k(kc).ks(3).m(below_MR()).seed(seed++).test()) return;
    }
  }
}

// Every mode x output type x input type x ReLU x weight zero points, with
// f32 and s32 bias (fixedpoint takes s32 only) by turns.
TEST_P(GemmUkernel, EveryModeAndOutputType) {
  uint32_t seed = 600;
  for (octet_requant_mode mode : kModes) {
    for (octet_datatype out : kOutTypes) {
      for (octet_datatype in : kInTypes) {
        const bool s8 = in == octet_datatype_s8;
        for (bool relu : {false, true}) {
          for (bool wzp : {false, true}) {
            const bool s32_bias = mode == octet_requant_fixedpoint || relu != wzp;
            GemmTester t = tester();
            t.mode(mode).output_type(out).input_type(in).relu(relu).w_zero_points(wzp);
            t.bias_type(s32_bias ? octet_datatype_s32 : octet_datatype_f32);
            if (!GemmTester(t).n(NR() + 7).k(29).ks(2).x_zero_point(s8 ? 3 : 131).seed(seed++).test()) return;
            if (!GemmTester(t).m(below_MR()).n(5).k(6).x_zero_point(s8 ? 127 : 255).seed(seed++).test()) return;
            if (!GemmTester(t).n(NR() - 3).k(37).ks(2).seed(seed++).test()) return;
          }
        }
      }
    }
  }
}

// Full-height tiles over whole 32-column blocks, one tap, kc a multiple of 4
// from 32 up (the 64-column VNNI tiles' software pipeline takes exactly these
// through their multi-panel entry): 1 to 10 blocks (the last panel half or
// whole), every mode and output type, ReLU, clamping spreads, extreme data,
// row strides, guard pages both sides.
TEST_P(GemmUkernel, WholeColumnBlocks) {
  uint32_t seed = 2100;
  for (size_t n : {32, 64, 96, 128, 320}) {
    for (size_t kc : {32, 36, 60, 64, 100, 256}) {
      for (octet_requant_mode mode : kModes) {
        for (octet_datatype out : kOutTypes) {
          GemmTester t = tester();
          t.n(n).k(kc).mode(mode).output_type(out).relu(seed % 3 == 0).spread(seed % 4 == 1 ? 8.0 : 1.0);
          t.extremes(seed % 5 == 2).cm_stride_extra(seed % 2 ? 0 : 9).guard(seed % 2 ? Guard::kBefore : Guard::kAfter);
          if (mode == octet_requant_fixedpoint) t.bias_type(octet_datatype_s32);
          if (!t.x_zero_point(kc % 8 == 0 ? 255 : 7).seed(seed++).test()) return;
        }
      }
    }
  }
}

// s8 input in every mode, zero points at both ends, extreme data.
TEST_P(GemmUkernel, SignedInput) {
  uint32_t seed = 1300;
  for (octet_requant_mode mode : kModes) {
    for (int32_t zp : {-128, 0, 127}) {
      for (bool wzp : {false, true}) {
        for (bool ext : {false, true}) {
          ++seed;
          GemmTester t = tester();
          t.input_type(octet_datatype_s8).x_zero_point(zp).w_zero_points(wzp).mode(mode);
          if (!GemmTester(t).n(NR() + 2).k(23).ks(3).extremes(ext)
                   .output_type(seed % 3 == 0 ? octet_datatype_s8 : octet_datatype_u8).seed(seed).test()) {
            return;
          }
          if (!GemmTester(t).m(1).n(3).k(5).output_type(octet_datatype_s32).seed(seed++).test()) return;
        }
      }
    }
  }
}

// Outputs squeezed near the zero point and spread far past the clamps.
TEST_P(GemmUkernel, ClampingSpread) {
  uint32_t seed = 1400;
  for (octet_requant_mode mode : kModes) {
    for (double spread : {0.01, 8.0, 64.0}) {
      for (octet_datatype out : {octet_datatype_u8, octet_datatype_s8}) {
        if (!tester().mode(mode).spread(spread).k(29).output_type(out).seed(seed++).test()) return;
      }
    }
  }
}

// Multipliers so large that f32(acc) * scale leaves the int32 range: every ISA
// must give cvtps2dq's INT32_MIN (and so the clamp's minimum).
TEST_P(GemmUkernel, OutOfRangeConversion) {
  uint32_t seed = 1500;
  for (octet_requant_mode mode : {octet_requant_pytorch_fbgemm, octet_requant_pytorch_qnnpack,
                                  octet_requant_pytorch_onednn}) {
    for (octet_datatype out : {octet_datatype_u8, octet_datatype_s8}) {
      if (!tester().mode(mode).output_type(out).spread(3e8).k(21).seed(seed++).test()) return;
    }
  }
}

// Extreme data over long reductions (int16 pair sums, int32 accumulators).
TEST_P(GemmUkernel, ExtremeValues) {
  uint32_t seed = 1600;
  for (octet_datatype in : kInTypes) {
    for (size_t kc : {8, 61, 1024, 4099}) {
      if (!tester().input_type(in).extremes(true).output_type(octet_datatype_s32).k(kc).seed(seed++).test()) return;
      if (!tester().input_type(in).extremes(true).w_zero_points(true).k(kc).seed(seed++).test()) return;
    }
  }
}

// Every buffer flush against the guard page before it (the other tests mostly
// put it after).
TEST_P(GemmUkernel, GuardBefore) {
  uint32_t seed = 1700;
  for (size_t kc : {1, 7, 16, 33}) {
    for (octet_datatype out : {octet_datatype_u8, octet_datatype_s32}) {
      for (size_t n : {NR() - 2, NR() + 2}) {
        if (!tester().guard(Guard::kBefore).output_type(out).k(kc).ks(2).n(n).seed(seed++).test()) return;
      }
    }
  }
}

// The tester itself must fail a kernel that is wrong in one byte of the tile
// or writes one byte of a row gap.
const GemmKernel* g_wrapped = nullptr;
void corrupt_last_output(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, const void* w, void* c,
                         size_t cm_stride, const GemmParams* params) {
  g_wrapped->fn(mr, nc, kc, ks, a, w, c, cm_stride, params);
  const size_t es = params->out_type == octet_datatype_s32 ? 4 : 1;
  static_cast<uint8_t*>(c)[(mr - 1) * cm_stride + (nc - 1) * es] ^= 1;
}
void write_row_gap(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, const void* w, void* c,
                   size_t cm_stride, const GemmParams* params) {
  g_wrapped->fn(mr, nc, kc, ks, a, w, c, cm_stride, params);
  const size_t es = params->out_type == octet_datatype_s32 ? 4 : 1;
  if (mr > 1) static_cast<uint8_t*>(c)[nc * es] ^= 0xFF;
}

TEST_P(GemmUkernel, TesterCatchesErrors) {
  g_wrapped = &kernel();
  for (GemmUkernelFn bad : {corrupt_last_output, write_row_gap}) {
    for (octet_datatype out : {octet_datatype_u8, octet_datatype_s32}) {
      GemmKernel k = kernel();
      k.fn = bad;
      testing::TestPartResultArray failures;
      bool ok = true;
      {
        testing::ScopedFakeTestPartResultReporter reporter(
            testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &failures);
        ok = GemmTester(k).n(NR() - 1).cm_stride_extra(3).output_type(out).k(9).test();
      }
      EXPECT_FALSE(ok);
      EXPECT_GT(failures.size(), 0);
    }
  }
  // And pass the kernel itself on the same data.
  EXPECT_TRUE(tester().n(NR() - 1).cm_stride_extra(3).k(9).test());
}

INSTANTIATE_TEST_SUITE_P(Gemm, GemmUkernel, testing::ValuesIn(arch_gemm_test_kernels()),
                         [](const testing::TestParamInfo<TestKernel>& p) { return p.param.label(); });

}  // namespace
}  // namespace octet::test
