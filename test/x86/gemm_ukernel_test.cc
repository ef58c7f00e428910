// Every x86 GEMM microkernel (and the emulated AVX-512 / AVX-VNNI copies)
// against the scalar reference: all mr <= MR, nc below / at / above NR, kc
// from 1 through several groups of 4 (and not multiples of 4), ks > 1, strided
// output, x zero points 0/128/255, weight zero points, every requantization
// mode, u8 / s8 / s32 output, s8 input, and full-range extreme data.
#include <gtest/gtest.h>

#include "octet/octet.h"
#include "test/x86/gemm_tester.h"
#include "test/x86/x86_kernels.h"

namespace octet::test {
namespace {

class GemmUkernelTest : public testing::TestWithParam<TestKernel> {
 protected:
  void SetUp() override {
    octet_initialize();
    const TestKernel& k = GetParam();
    if (!octet_isa_supported(k.needs)) {
      GTEST_SKIP() << k.label() << " needs " << octet_isa_name(k.needs)
                   << ", which this CPU does not have (its logic is tested by the _emu copy)";
    }
  }
  const GemmKernel& kernel() const { return GetParam().kernel; }
};

const octet_requant_mode kModes[] = {octet_requant_pytorch_fbgemm, octet_requant_pytorch_qnnpack,
                                     octet_requant_pytorch_onednn, octet_requant_fixedpoint};

TEST_P(GemmUkernelTest, AllTileSizes) {
  const GemmKernel& k = kernel();
  uint32_t seed = 1;
  for (size_t m = 1; m <= k.mr; ++m) {
    for (size_t n : {size_t{1}, k.nr / 2 + 1, k.nr - 1, k.nr, k.nr + 1, 2 * k.nr + 3}) {
      for (size_t kc : {1, 2, 3, 4, 5, 8, 13, 16, 31}) {
        ++seed;
        GemmTester().m(m).n(n).k(kc).x_zero_point(128).seed(seed).guard(seed % 2 ? Guard::kBefore : Guard::kAfter)
            .test(k);
        if (HasFatalFailure()) return;
      }
    }
  }
}

TEST_P(GemmUkernelTest, LongReduction) {
  const GemmKernel& k = kernel();
  for (size_t kc : {64, 67, 129, 256, 1027}) {
    GemmTester().m(k.mr).n(k.nr).k(kc).x_zero_point(3).seed(static_cast<uint32_t>(kc)).test(k);
    GemmTester().m(k.mr - 1).n(k.nr + 5).k(kc).x_zero_point(250).extremes(true).seed(static_cast<uint32_t>(kc + 1))
        .test(k);
    if (HasFatalFailure()) return;
  }
}

TEST_P(GemmUkernelTest, ManyTaps) {
  const GemmKernel& k = kernel();
  uint32_t seed = 100;
  for (size_t ks : {2, 3, 9, 25}) {
    for (size_t kc : {1, 3, 4, 7, 16, 33}) {
      for (size_t m : {size_t{1}, k.mr - 1, k.mr}) {
        if (m == 0) continue;
        GemmTester().m(m).n(k.nr + 3).k(kc).ks(ks).x_zero_point(77).seed(seed++).test(k);
        if (HasFatalFailure()) return;
      }
    }
  }
}

TEST_P(GemmUkernelTest, StridedOutput) {
  const GemmKernel& k = kernel();
  for (octet_datatype t : {octet_datatype_u8, octet_datatype_s8, octet_datatype_s32}) {
    for (size_t extra : {1, 7, 64}) {
      GemmTester().m(k.mr).n(k.nr * 2 - 1).k(19).ks(2).cm_extra(extra).out_type(t).seed(static_cast<uint32_t>(extra))
          .test(k);
      if (HasFatalFailure()) return;
    }
  }
}

TEST_P(GemmUkernelTest, ZeroPointsAndExtremes) {
  const GemmKernel& k = kernel();
  uint32_t seed = 500;
  for (int32_t zp : {0, 128, 255}) {
    for (bool ext : {false, true}) {
      for (bool wzp : {false, true}) {
        GemmTester().m(k.mr).n(k.nr + 1).k(37).ks(3).x_zero_point(zp).extremes(ext).w_zero_points(wzp)
            .seed(seed++).test(k);
        GemmTester().m(1).n(k.nr).k(256).x_zero_point(zp).extremes(ext).w_zero_points(wzp).seed(seed++).test(k);
        if (HasFatalFailure()) return;
      }
    }
  }
}

TEST_P(GemmUkernelTest, EveryModeAndOutputType) {
  const GemmKernel& k = kernel();
  uint32_t seed = 900;
  for (octet_requant_mode mode : kModes) {
    for (octet_datatype t : {octet_datatype_u8, octet_datatype_s8, octet_datatype_s32}) {
      for (bool relu : {false, true}) {
        for (bool wzp : {false, true}) {
          if (mode == octet_requant_pytorch_onednn && wzp) continue;  // onednn takes symmetric weights only
          GemmTester().m(k.mr).n(k.nr + 7).k(29).ks(2).x_zero_point(131).mode(mode).out_type(t).relu(relu)
              .w_zero_points(wzp).seed(seed++).iterations(2).test(k);
          GemmTester().m(k.mr > 1 ? k.mr - 1 : 1).n(5).k(6).mode(mode).out_type(t).relu(relu).w_zero_points(wzp)
              .x_zero_point(255).seed(seed++).test(k);
          if (HasFatalFailure()) return;
        }
      }
    }
  }
}

TEST_P(GemmUkernelTest, SignedInput) {
  const GemmKernel& k = kernel();
  uint32_t seed = 1300;
  for (octet_requant_mode mode : kModes) {
    for (int32_t zp : {0, 128, 255}) {  // stored as zp - 128: -128, 0, 127
      for (bool wzp : {false, true}) {
        if (mode == octet_requant_pytorch_onednn && wzp) continue;
        for (bool ext : {false, true}) {
          ++seed;
          GemmTester().input_s8(true).m(k.mr).n(k.nr + 2).k(23).ks(3).x_zero_point(zp).w_zero_points(wzp)
              .extremes(ext).mode(mode).out_type(seed % 3 == 0 ? octet_datatype_s8 : octet_datatype_u8)
              .seed(seed).test(k);
          GemmTester().input_s8(true).m(1).n(3).k(5).x_zero_point(zp).w_zero_points(wzp).mode(mode)
              .out_type(octet_datatype_s32).seed(seed++).test(k);
          if (HasFatalFailure()) return;
        }
      }
    }
  }
}

std::string kernel_label(const testing::TestParamInfo<TestKernel>& p) { return p.param.label(); }

INSTANTIATE_TEST_SUITE_P(X86, GemmUkernelTest, testing::ValuesIn(x86_test_kernels()), kernel_label);

}  // namespace
}  // namespace octet::test
