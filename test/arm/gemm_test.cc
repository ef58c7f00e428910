// Every AArch64 GEMM microkernel against src/ref (through GemmTester): all
// mr <= MR, nc <= NR, kc from 1 through several blocks (multiples of KR and
// not), ks > 1, input zero points at both ends, nonzero weight zero points,
// every requantization mode, u8/s8/s32 output, u8 and s8 input, row strides,
// guard pages on both sides, extreme values, and multipliers large enough to
// hit cvtps2dq's out-of-range corner. A kernel whose ISA the (emulated) CPU
// lacks is skipped.
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "src/arm/gemm_kernels.h"
#include "test/arm/gemm_tester.h"

namespace octet {
// gtest prints parameters in test names and ctest listings: name, not bytes.
inline void PrintTo(const GemmKernel& k, std::ostream* os) { *os << k.name; }
}  // namespace octet

namespace octet::test {
namespace {

std::vector<GemmKernel> all_kernels() {
  size_t count = 0;
  const GemmKernel* k = arm::gemm_kernels(&count);
  return std::vector<GemmKernel>(k, k + count);
}

std::string kernel_name(const testing::TestParamInfo<GemmKernel>& p) { return p.param.name; }

class ArmGemm : public testing::TestWithParam<GemmKernel> {
 protected:
  void SetUp() override {
    ASSERT_EQ(octet_initialize(), octet_status_success);
    if (!octet_isa_supported(GetParam().isa)) {
      GTEST_SKIP() << "this CPU lacks " << octet_isa_name(GetParam().isa);
    }
  }
  GemmTester tester() const { return GemmTester(GetParam()); }
  size_t MR() const { return GetParam().mr; }
  size_t NR() const { return GetParam().nr; }
  size_t KR() const { return GetParam().kr; }
};

TEST_P(ArmGemm, FullTile) {
  for (size_t k : {size_t{16}, size_t{64}}) EXPECT_TRUE(tester().k(k).test());
}

TEST_P(ArmGemm, EveryMrAndNc) {
  uint32_t seed = 1;
  for (size_t m = 1; m <= MR(); ++m) {
    for (size_t n = 1; n <= NR(); ++n) {
      for (size_t k : {size_t{5}, size_t{24}}) {
        if (!tester().m(m).n(n).k(k).seed(seed++).test()) return;
      }
    }
  }
}

TEST_P(ArmGemm, EveryKc) {
  uint32_t seed = 100;
  std::vector<size_t> ks;
  for (size_t k = 1; k <= 48; ++k) ks.push_back(k);
  for (size_t k : {63, 64, 65, 100, 131, 256, 259}) ks.push_back(k);
  for (size_t k : ks) {
    if (!tester().k(k).seed(seed++).test()) return;
    if (!tester().m(MR() - 1).n(NR() - 1).k(k).seed(seed++).test()) return;
  }
}

TEST_P(ArmGemm, SeveralTaps) {
  uint32_t seed = 200;
  for (size_t s : {2, 3, 9}) {
    for (size_t k : {1, 3, 4, 7, 8, 16, 17, 33}) {
      if (!tester().ks(s).k(k).seed(seed++).test()) return;
      if (!tester().ks(s).k(k).m(1).n(3).seed(seed++).test()) return;
    }
  }
}

TEST_P(ArmGemm, InputZeroPoints) {
  uint32_t seed = 300;
  for (bool wzp : {false, true}) {
    for (int32_t zp : {0, 1, 127, 128, 254, 255}) {
      if (!tester().k(19).ks(2).x_zero_point(zp).w_zero_points(wzp).seed(seed++).test()) return;
    }
    for (int32_t zp : {-128, -1, 0, 1, 127}) {
      if (!tester().input_type(octet_datatype_s8).k(19).ks(2).x_zero_point(zp).w_zero_points(wzp).seed(seed++).test()) {
        return;
      }
    }
  }
}

TEST_P(ArmGemm, WeightZeroPoints) {
  uint32_t seed = 400;
  for (octet_datatype in : {octet_datatype_u8, octet_datatype_s8}) {
    for (size_t k : {1, 4, 13, 40}) {
      if (!tester().input_type(in).w_zero_points(true).k(k).ks(3).m(MR() > 1 ? MR() - 1 : 1).seed(seed++).test()) {
        return;
      }
    }
  }
}

TEST_P(ArmGemm, EveryModeAndOutputType) {
  uint32_t seed = 500;
  for (octet_requant_mode mode : {octet_requant_pytorch_fbgemm, octet_requant_pytorch_qnnpack,
                                  octet_requant_pytorch_onednn, octet_requant_fixedpoint}) {
    for (octet_datatype out : {octet_datatype_u8, octet_datatype_s8, octet_datatype_s32}) {
      for (octet_datatype in : {octet_datatype_u8, octet_datatype_s8}) {
        for (bool relu : {false, true}) {
          if (out == octet_datatype_s32 && relu) continue;
          for (bool wzp : {false, true}) {
            if (!tester().mode(mode).output_type(out).input_type(in).relu(relu).w_zero_points(wzp)
                     .k(37).ks(2).n(NR() - 3).seed(seed++).test()) {
              return;
            }
          }
        }
      }
    }
  }
}

TEST_P(ArmGemm, ClampingSpread) {
  uint32_t seed = 600;
  for (octet_requant_mode mode : {octet_requant_pytorch_fbgemm, octet_requant_pytorch_qnnpack,
                                  octet_requant_pytorch_onednn, octet_requant_fixedpoint}) {
    for (double spread : {0.01, 8.0, 64.0}) {
      if (!tester().mode(mode).spread(spread).k(29).seed(seed++).test()) return;
      if (!tester().mode(mode).spread(spread).k(29).output_type(octet_datatype_s8).seed(seed++).test()) return;
    }
  }
}

// Multipliers so large that f32(acc) * scale leaves the int32 range: the
// epilogue must give cvtps2dq's INT32_MIN (and so the clamp's minimum) like x86.
TEST_P(ArmGemm, OutOfRangeConversion) {
  uint32_t seed = 700;
  for (octet_requant_mode mode : {octet_requant_pytorch_fbgemm, octet_requant_pytorch_qnnpack,
                                  octet_requant_pytorch_onednn}) {
    for (octet_datatype out : {octet_datatype_u8, octet_datatype_s8}) {
      if (!tester().mode(mode).output_type(out).spread(3e8).k(21).seed(seed++).test()) return;
    }
  }
}

TEST_P(ArmGemm, ExtremeValues) {
  uint32_t seed = 800;
  for (octet_datatype in : {octet_datatype_u8, octet_datatype_s8}) {
    for (size_t k : {8, 61, 1024, 4099}) {
      if (!tester().input_type(in).extremes(true).output_type(octet_datatype_s32).k(k).seed(seed++).test()) return;
      if (!tester().input_type(in).extremes(true).w_zero_points(true).k(k).seed(seed++).test()) return;
    }
  }
}

TEST_P(ArmGemm, RowStride) {
  uint32_t seed = 900;
  for (octet_datatype out : {octet_datatype_u8, octet_datatype_s32}) {
    for (size_t extra : {1, 5, 64}) {
      if (!tester().output_type(out).cm_stride_extra(extra).n(NR() - 1).k(20).seed(seed++).test()) return;
    }
  }
}

TEST_P(ArmGemm, GuardBefore) {
  uint32_t seed = 1000;
  for (size_t k : {1, 7, 16, 33}) {
    for (octet_datatype out : {octet_datatype_u8, octet_datatype_s32}) {
      if (!tester().guard(Guard::kBefore).output_type(out).k(k).ks(2).n(NR() - 2).seed(seed++).test()) return;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Kernels, ArmGemm, testing::ValuesIn(all_kernels()), kernel_name);

}  // namespace
}  // namespace octet::test
