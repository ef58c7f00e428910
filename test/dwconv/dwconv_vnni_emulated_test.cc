// The AVX-VNNI and AVX-512 VNNI direct 3x3 depthwise kernels (vpdpwssd),
// compiled a second time under SIMDe with AVX2 flags (src/x86/emulation.h, the
// octet_x86_emulated_kernels library of test/x86), run through the depthwise
// path (make_dwconv_path_with) against the reference, byte for byte, over the
// edge cases of the AVX2 direct tests in dwconv_test.cc: channel blocks,
// multiplier 2, strides 1 and 2 (the second row of a stride-2 pair included),
// paddings, widths 1..20, u8/s8 input, zero points, every requantization mode
// and output type, batches, pixel strides and threads. The native AVX2 direct
// kernels run through the same harness, as its own check. Every buffer sits
// against a guard page (both placements).
#include <gtest/gtest.h>
#include <pthreadpool.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "octet/octet.h"
#include "src/api/conv2d_validate.h"
#include "src/core/dwconv.h"
#include "src/core/dwconv_path.h"
#include "src/ref/conv.h"
#include "test/common/guarded_buffer.h"
#include "test/dwconv/conv_tester.h"

namespace octet::dw {
void dwconv_3x3s1_direct_avxvnni_emu(const DirectArgs& a);
void dwconv_3x3s2_direct_avxvnni_emu(const DirectArgs& a);
void dwconv_3x3s2b_direct_avxvnni_emu(const DirectArgs& a);
void dwconv_3x3s1_direct_avx512vnni_emu(const DirectArgs& a);
void dwconv_3x3s2_direct_avx512vnni_emu(const DirectArgs& a);
void dwconv_3x3s2b_direct_avx512vnni_emu(const DirectArgs& a);
}  // namespace octet::dw

namespace octet::test {
namespace {

struct Table {
  const char* label;
  dw::Kernels k;
};

// The direct kernels under test; the prep/row entries (never taken by these
// shapes) are the AVX2 ones, which this CPU runs.
std::vector<Table> tables() {
  dw::Kernels vnni = dw::kKernelsAvx2;
  vnni.isa = octet_isa_avxvnni;
  vnni.direct_3x3_s1 = dw::dwconv_3x3s1_direct_avxvnni_emu;
  vnni.direct_3x3_s2 = dw::dwconv_3x3s2_direct_avxvnni_emu;
  vnni.direct_3x3_s2b = dw::dwconv_3x3s2b_direct_avxvnni_emu;
  dw::Kernels vnni512 = dw::kKernelsAvx2;
  vnni512.isa = octet_isa_avx512vnni;
  vnni512.direct_3x3_s1 = dw::dwconv_3x3s1_direct_avx512vnni_emu;
  vnni512.direct_3x3_s2 = dw::dwconv_3x3s2_direct_avx512vnni_emu;
  vnni512.direct_3x3_s2b = dw::dwconv_3x3s2b_direct_avx512vnni_emu;
  return {{"avx2", dw::kKernelsAvx2}, {"avxvnni_emu", vnni}, {"avx512vnni_emu", vnni512}};
}

void run_case(const ConvCase& c) {
  SCOPED_TRACE(c.str());
  const ConvData d(c);
  const std::vector<uint8_t>& x = d.x;
  const size_t ips = d.ips, ops = d.ops, es = d.es;
  ConvConfig cfg;
  ASSERT_EQ(validate_conv2d(&d.p, &cfg), octet_status_success) << octet_last_error();

  const size_t OH = cfg.shape.output_height(c.H), OW = cfg.shape.output_width(c.W);
  ASSERT_GT(OH * OW, 0u);
  std::vector<uint8_t> init(c.N * OH * OW * ops * es);
  for (size_t i = 0; i < init.size(); ++i) init[i] = static_cast<uint8_t>(i * 31 + 7);
  std::vector<uint8_t> want = init;
  ref::conv2d(cfg.ref_params(), c.N, c.H, c.W, x.data(), ips, want.data(), ops);

  pthreadpool_t pool = c.threads > 1 ? pthreadpool_create(c.threads) : nullptr;
  for (const Table& t : tables()) {
    SCOPED_TRACE(t.label);
    std::unique_ptr<ConvPath> path = make_dwconv_path_with(cfg, t.k);
    ASSERT_NE(path, nullptr);
    // The direct kernels must be the ones taken, reported under the table's ISA.
    ASSERT_STREQ(path->name(), "dwconv_3x3_direct");
    EXPECT_EQ(path->isa(), t.k.isa);
    for (Guard g : {Guard::kBefore, Guard::kAfter}) {
      GuardedBuffer<uint8_t> in(x, g);
      GuardedBuffer<uint8_t> out(init, g);
      const size_t wsz = path->workspace_size(c.N, c.H, c.W, c.threads);
      GuardedBuffer<uint8_t> wsb(wsz, g);
      ConvRunArgs a{};
      a.N = c.N;
      a.H = c.H;
      a.W = c.W;
      a.OH = OH;
      a.OW = OW;
      a.input = in.data();
      a.input_pixel_stride = ips;
      a.output = out.data();
      a.output_pixel_stride = ops;
      a.workspace = wsz ? wsb.data() : nullptr;
      a.workspace_size = wsz;
      a.threadpool = pool;
      path->run(a);
      size_t bad = 0;
      for (size_t i = 0; i < want.size(); ++i) {
        if (out[i] != want[i] && bad++ < 5) {
          const size_t e = i / es;
          ADD_FAILURE() << "byte " << i << " (pixel " << e / ops << ", channel " << e % ops << "): got "
                        << int(out[i]) << ", want " << int(want[i]);
        }
      }
      EXPECT_EQ(bad, 0u);
      if (bad) break;  // the other tables still run
    }
  }
  if (pool) pthreadpool_destroy(pool);
}

class DwconvVnniEmulated : public ::testing::Test {
 protected:
  void SetUp() override {
    octet_initialize();
    if (!octet_isa_supported(octet_isa_avx2)) GTEST_SKIP() << "the emulated kernels need AVX2";
  }
};

// Widths 1..20, heights, paddings (asymmetric, wider than the kernel, none),
// both strides, u8 and s8 input with varied zero points, one and three blocks.
TEST_F(DwconvVnniEmulated, Geometry) {
  uint32_t seed = 4000;
  const size_t pads[][4] = {{1, 1, 1, 1}, {0, 0, 0, 0}, {0, 2, 1, 0}, {2, 0, 0, 3}, {3, 3, 3, 3}};
  for (size_t stride : {1, 2}) {
    for (size_t C : {16, 48}) {
      for (size_t W = 1; W <= 20; ++W) {
        for (size_t H : {1, 2, 5}) {
          for (const auto& pd : pads) {
            ConvCase c;
            c.C = c.K = c.groups = C;
            c.H = H;
            c.W = W;
            c.sh = c.sw = stride;
            c.pt = pd[0];
            c.pl = pd[1];
            c.pb = pd[2];
            c.pr = pd[3];
            if (c.H + c.pt + c.pb < 3 || c.W + c.pl + c.pr < 3) continue;
            c.in_type = seed % 2 ? octet_datatype_s8 : octet_datatype_u8;
            c.x_zp = c.in_type == octet_datatype_s8 ? static_cast<int32_t>(seed % 256) - 128
                                                     : static_cast<int32_t>(seed * 37 % 256);
            c.w_zp_nonzero = seed % 3 == 0;
            c.mode = c.w_zp_nonzero ? octet_requant_pytorch_qnnpack : octet_requant_pytorch_fbgemm;
            c.seed = seed++;
            run_case(c);
            if (HasFailure()) return;  // the first failing case is enough
          }
        }
      }
    }
  }
}

// Channel multiplier 2 (C a multiple of 8): output channel k reads input k / 2.
TEST_F(DwconvVnniEmulated, Multiplier2) {
  uint32_t seed = 4300;
  const size_t pads[][4] = {{1, 1, 1, 1}, {0, 0, 0, 0}, {2, 0, 1, 3}};
  for (size_t stride : {1, 2}) {
    for (size_t C : {8, 16, 40}) {
      for (size_t W : {1, 2, 3, 5, 8, 13, 17}) {
        for (const auto& pd : pads) {
          ConvCase c;
          c.C = c.groups = C;
          c.K = 2 * C;
          c.H = 5;
          c.W = W;
          c.sh = c.sw = stride;
          c.pt = pd[0];
          c.pl = pd[1];
          c.pb = pd[2];
          c.pr = pd[3];
          if (c.W + c.pl + c.pr < 3) continue;
          c.in_type = seed % 2 ? octet_datatype_s8 : octet_datatype_u8;
          c.x_zp = c.in_type == octet_datatype_s8 ? (seed % 3 ? -128 : 127) : (seed % 3 ? 255 : 0);
          c.w_zp_nonzero = seed % 4 == 1;
          c.mode = c.w_zp_nonzero ? octet_requant_pytorch_qnnpack
                          : (seed % 3 == 0 ? octet_requant_fixedpoint : octet_requant_pytorch_onednn);
          if (c.mode == octet_requant_fixedpoint) c.bias_type = octet_datatype_s32;
          c.out_type = seed % 5 == 0 ? octet_datatype_s32 : (seed % 2 ? octet_datatype_s8 : octet_datatype_u8);
          if (c.out_type == octet_datatype_s32) c.bias_type = octet_datatype_s32;
          c.y_zp = c.out_type == octet_datatype_s8 ? -3 : 110;
          c.relu = seed % 3 == 1;
          c.in_extra = seed % 4 == 3 ? 3 : 0;
          c.out_extra = seed % 4 == 2 ? 5 : 0;
          c.N = seed % 7 == 0 ? 2 : 1;
          c.threads = seed % 5 == 1 ? 2 : 1;
          c.seed = seed++;
          run_case(c);
          if (HasFailure()) return;  // the first failing case is enough
        }
      }
    }
  }
}

// Every mode x output type x bias type x clamp, zero points at the ends of
// the range, outputs far out of range.
TEST_F(DwconvVnniEmulated, Modes) {
  uint32_t seed = 4500;
  for (size_t stride : {1, 2}) {
    for (octet_requant_mode mode : {octet_requant_pytorch_fbgemm, octet_requant_pytorch_qnnpack,
                                    octet_requant_pytorch_onednn, octet_requant_fixedpoint}) {
      for (octet_datatype out : {octet_datatype_u8, octet_datatype_s8, octet_datatype_s32}) {
        for (octet_datatype bias : {octet_datatype_none, octet_datatype_f32, octet_datatype_s32}) {
          if (mode == octet_requant_fixedpoint && bias == octet_datatype_f32) continue;
          if (out == octet_datatype_s32 && bias == octet_datatype_f32) continue;
          for (int variant = 0; variant < 4; ++variant) {
            ConvCase c;
            c.C = c.K = c.groups = 32;
            c.H = 6;
            c.W = 9 + variant;
            c.sh = c.sw = stride;
            c.mode = mode;
            c.out_type = out;
            c.bias_type = bias;
            c.relu = variant % 2 == 1;
            c.y_zp = out == octet_datatype_s8 ? -5 : 120;
            c.in_type = variant >= 2 ? octet_datatype_s8 : octet_datatype_u8;
            c.x_zp = c.in_type == octet_datatype_s8 ? (variant == 2 ? -128 : 127) : (variant == 0 ? 0 : 255);
            c.w_zp_nonzero = mode != octet_requant_pytorch_onednn && variant == 1;
            c.per_channel = variant != 3;
            c.y_scale_mul = variant == 3 ? 1e-3 : 1.0;
            c.seed = seed++;
            run_case(c);
            if (HasFailure()) return;  // the first failing case is enough
          }
        }
      }
    }
  }
}

// Batch > 1, pixel strides wider than the channels, threads, five blocks.
TEST_F(DwconvVnniEmulated, BatchStridesThreads) {
  uint32_t seed = 4800;
  for (size_t stride : {1, 2}) {
    for (size_t N : {1, 2}) {
      for (size_t extra : {0, 3, 16}) {
        for (size_t threads : {1, 3}) {
          ConvCase c;
          c.C = c.K = c.groups = 80;
          c.N = N;
          c.H = 9;
          c.W = 11;
          c.sh = c.sw = stride;
          c.in_extra = extra;
          c.out_extra = extra + 1;
          c.threads = threads;
          c.in_type = seed % 2 ? octet_datatype_s8 : octet_datatype_u8;
          c.x_zp = c.in_type == octet_datatype_s8 ? -7 : 200;
          c.out_type = seed % 3 == 0 ? octet_datatype_s32 : octet_datatype_u8;
          if (c.out_type == octet_datatype_s32) c.bias_type = octet_datatype_s32;
          c.seed = seed++;
          run_case(c);
          if (HasFailure()) return;  // the first failing case is enough
        }
      }
    }
  }
}

}  // namespace
}  // namespace octet::test
