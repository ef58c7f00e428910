// A convolution tester for the depthwise and small-group paths: builds random
// (but reproducible) weights, scales, bias and input for one configuration,
// runs it through the public C API under an ISA cap with guard-page buffers,
// and compares every output byte (including the bytes between pixels, which
// must stay untouched) with the reference path (ISA cap scalar).
#pragma once

#include <gtest/gtest.h>
#include <pthreadpool.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "octet/octet.h"
#include "src/api/conv2d_shape.h"
#include "test/common/guarded_buffer.h"

namespace octet::test {

struct ConvCase {
  size_t N = 1, H = 7, W = 7;
  size_t C = 16, K = 16, groups = 16;
  size_t R = 3, S = 3;
  size_t sh = 1, sw = 1, dh = 1, dw = 1;
  size_t pt = 1, pl = 1, pb = 1, pr = 1;
  octet_datatype in_type = octet_datatype_u8;
  octet_datatype out_type = octet_datatype_u8;
  octet_datatype bias_type = octet_datatype_f32;
  octet_requant_mode mode = octet_requant_pytorch_fbgemm;
  int32_t x_zp = 128;
  int32_t y_zp = 100;
  bool per_channel = true;
  bool w_zp_nonzero = false;
  bool relu = false;
  double y_scale_mul = 1.0;  // < 1 pushes outputs far out of range (saturation paths)
  size_t in_extra = 0, out_extra = 0;  // pixel stride = channels + extra
  size_t threads = 1;
  uint32_t seed = 1;

  std::string str() const {
    char b[512];
    std::snprintf(b, sizeof b,
                  "N%zu H%zu W%zu C%zu K%zu g%zu %zux%zu s%zu,%zu d%zu,%zu p%zu,%zu,%zu,%zu in%d out%d bias%d "
                  "mode%d xzp%d yzp%d pc%d wzp%d relu%d ext%zu,%zu thr%zu seed%u",
                  N, H, W, C, K, groups, R, S, sh, sw, dh, dw, pt, pl, pb, pr, in_type, out_type, bias_type, mode,
                  x_zp, y_zp, per_channel, w_zp_nonzero, relu, in_extra, out_extra, threads, seed);
    return b;
  }
};

// A depthwise case (groups == C, K == mult * C), R x S, "same" padding.
inline ConvCase dw(size_t C, size_t R, size_t S, size_t mult = 1) {
  ConvCase c;
  c.C = C;
  c.K = C * mult;
  c.groups = C;
  c.R = R;
  c.S = S;
  c.pt = c.pb = R / 2;
  c.pl = c.pr = S / 2;
  return c;
}

// A grouped case: groups of cg input and kg output channels, R x S, "same"
// padding, 6 x 7 pixels.
inline ConvCase grouped(size_t groups, size_t cg, size_t kg, size_t R = 3, size_t S = 3) {
  ConvCase c;
  c.groups = groups;
  c.C = groups * cg;
  c.K = groups * kg;
  c.R = R;
  c.S = S;
  c.pt = c.pb = R / 2;
  c.pl = c.pr = S / 2;
  c.H = 6;
  c.W = 7;
  return c;
}

// Every valid (requantization mode, output type, bias type) of an operator:
// fixedpoint and s32 output take no float bias.
struct ModeOutBias {
  octet_requant_mode mode;
  octet_datatype out, bias;
};
inline std::vector<ModeOutBias> all_mode_out_bias() {
  std::vector<ModeOutBias> v;
  for (octet_requant_mode mode : {octet_requant_pytorch_fbgemm, octet_requant_pytorch_qnnpack,
                                  octet_requant_pytorch_onednn, octet_requant_fixedpoint}) {
    for (octet_datatype out : {octet_datatype_u8, octet_datatype_s8, octet_datatype_s32}) {
      for (octet_datatype bias : {octet_datatype_none, octet_datatype_f32, octet_datatype_s32}) {
        if (bias == octet_datatype_f32 && (mode == octet_requant_fixedpoint || out == octet_datatype_s32)) continue;
        v.push_back({mode, out, bias});
      }
    }
  }
  return v;
}

// The random (but reproducible) operands of one case: weights, scales, zero
// points, bias and input, and the operator parameters that point at them.
struct ConvData {
  std::vector<int8_t> w;
  std::vector<double> ws;
  std::vector<int32_t> wzp;
  std::vector<float> bf;
  std::vector<int32_t> bi;
  std::vector<uint8_t> x;  // N*H*W pixels of ips elements
  size_t ips, ops, es;     // input / output pixel strides, output element bytes
  octet_conv2d_params p;

  explicit ConvData(const ConvCase& c) {
    std::mt19937 rng(c.seed);
    auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    const size_t cg = c.C / c.groups, taps = c.R * c.S * cg;
    w.resize(c.K * c.R * c.S * cg);
    for (auto& v : w) v = static_cast<int8_t>(uni(-128, 127));
    const size_t nscale = c.per_channel ? c.K : 1;
    ws.resize(nscale);
    wzp.assign(nscale, 0);
    for (size_t i = 0; i < nscale; ++i) {
      ws[i] = 0.001 * (1.0 + uni(0, 1000) / 250.0);
      if (c.w_zp_nonzero) wzp[i] = uni(-128, 127);
    }
    const double xs = 0.03125 * (1.0 + uni(0, 100) / 300.0);
    // Output scale: spread the typical accumulator over the output range.
    const double ys = c.y_scale_mul * xs * ws[0] * 128.0 * 40.0 * std::sqrt(static_cast<double>(taps)) / 8.0;
    bf.resize(c.K);
    bi.resize(c.K);
    for (size_t k = 0; k < c.K; ++k) {
      bf[k] = static_cast<float>(uni(-40000, 40000)) * 0.001f;
      bi[k] = uni(-20000, 20000);
    }
    ips = c.C + c.in_extra;
    ops = c.K + c.out_extra;
    es = c.out_type == octet_datatype_s32 ? 4 : 1;
    x.resize(c.N * c.H * c.W * ips);
    for (auto& v : x) v = static_cast<uint8_t>(uni(0, 255));
    // Sometimes runs of extreme values (the int16-saturation cases of vpmaddubsw).
    if (c.seed % 3 == 0) {
      for (size_t i = 0; i < x.size(); ++i) {
        if ((i / 7) % 2) x[i] = c.in_type == octet_datatype_u8 ? 255 : 0x80;
      }
    }

    p = conv2d_params_for_shape(
        ref::ConvShape{c.C, c.K, c.groups, c.R, c.S, c.sh, c.sw, c.dh, c.dw, c.pt, c.pl, c.pb, c.pr});
    p.input_type = c.in_type;
    p.input_scale = xs;
    p.input_zero_point = c.x_zp;
    p.weights = w.data();
    p.weight_scale_count = nscale;
    p.weight_scales = ws.data();
    p.weight_zero_points = c.w_zp_nonzero ? wzp.data() : nullptr;
    p.bias_type = c.bias_type;
    p.bias = c.bias_type == octet_datatype_f32 ? static_cast<const void*>(bf.data())
                                               : static_cast<const void*>(bi.data());
    p.output_type = c.out_type;
    p.output_scale = ys;
    p.output_zero_point = c.out_type == octet_datatype_s32 ? 0 : c.y_zp;
    if (c.relu && c.out_type != octet_datatype_s32) p.output_min = p.output_zero_point;
    p.requant_mode = c.mode;
  }
  ConvData(const ConvData&) = delete;  // p points into the vectors
  ConvData& operator=(const ConvData&) = delete;
};

class ConvTester {
 public:
  // Runs c under `isa` (skipped if this CPU lacks it); expects the path name
  // to start with `path_prefix` (empty: any).
  static void run(const ConvCase& c, octet_isa isa, const char* path_prefix) {
    SCOPED_TRACE(c.str());
    const ConvData d(c);
    const octet_conv2d_params& p = d.p;
    const size_t ips = d.ips, ops = d.ops, es = d.es;
    if (!octet_isa_supported(isa)) GTEST_SKIP() << "CPU lacks " << octet_isa_name(isa);
    ASSERT_EQ(octet_set_isa_cap(isa), octet_status_success);
    octet_conv2d_t op = nullptr;
    ASSERT_EQ(octet_conv2d_create(&p, &op), octet_status_success) << octet_last_error();
    ASSERT_EQ(octet_set_isa_cap(octet_isa_scalar), octet_status_success);
    octet_conv2d_t ref = nullptr;
    ASSERT_EQ(octet_conv2d_create(&p, &ref), octet_status_success) << octet_last_error();
    octet_set_isa_cap(octet_isa_best);
    if (path_prefix[0] != '\0') {
      EXPECT_EQ(std::string(octet_conv2d_path(op)).rfind(path_prefix, 0), 0u)
          << "path " << octet_conv2d_path(op);
    }

    size_t OH = 0, OW = 0;
    ASSERT_EQ(octet_conv2d_output_size(op, c.H, c.W, &OH, &OW), octet_status_success);
    pthreadpool_t pool = c.threads > 1 ? pthreadpool_create(c.threads) : nullptr;
    std::vector<uint8_t> expect;
    for (Guard g : {Guard::kBefore, Guard::kAfter}) {
      GuardedBuffer<uint8_t> in(d.x, g);
      GuardedBuffer<uint8_t> out(c.N * OH * OW * ops * es, g);
      GuardedBuffer<uint8_t> out_ref(c.N * OH * OW * ops * es, g);
      std::memset(out.data(), 0x5A, out.size());
      std::memset(out_ref.data(), 0x5A, out_ref.size());
      size_t wsz = 0, wsz_ref = 0;
      ASSERT_EQ(octet_conv2d_workspace_size(op, c.N, c.H, c.W, c.threads, &wsz), octet_status_success);
      ASSERT_EQ(octet_conv2d_workspace_size(ref, c.N, c.H, c.W, 1, &wsz_ref), octet_status_success);
      GuardedBuffer<uint8_t> ws1(wsz, g), ws2(wsz_ref, g);
      ASSERT_EQ(octet_conv2d_run(op, c.N, c.H, c.W, in.data(), ips, out.data(), ops, wsz ? ws1.data() : nullptr,
                                 wsz, pool),
                octet_status_success)
          << octet_last_error();
      ASSERT_EQ(octet_conv2d_run(ref, c.N, c.H, c.W, in.data(), ips, out_ref.data(), ops,
                                 wsz_ref ? ws2.data() : nullptr, wsz_ref, nullptr),
                octet_status_success);
      const std::vector<uint8_t> got = out.to_vector(), want = out_ref.to_vector();
      size_t bad = 0;
      for (size_t i = 0; i < got.size(); ++i) {
        if (got[i] != want[i] && bad++ < 5) {
          const size_t e = i / es, px = e / ops, k = e % ops;
          ADD_FAILURE() << "byte " << i << " (pixel " << px << ", channel " << k << "): got " << int(got[i])
                        << ", want " << int(want[i]);
        }
      }
      EXPECT_EQ(bad, 0u);
    }
    if (pool) pthreadpool_destroy(pool);
    octet_conv2d_destroy(op);
    octet_conv2d_destroy(ref);
  }
};

// The ISAs the kernels of this build can run on: the x86 ones here, the ARM
// ones in the cross build under qemu.
// Only those this CPU supports (the AVX-512 primitives are also checked under
// SIMDe emulation in dwconv_avx512_emulated_test.cc).
inline std::vector<octet_isa> kernel_isas() {
#if defined(__aarch64__)
  const octet_isa all[] = {octet_isa_neon, octet_isa_neondot};
#else
  const octet_isa all[] = {octet_isa_avx2, octet_isa_avxvnni, octet_isa_avx512bw, octet_isa_avx512vnni};
#endif
  octet_initialize();
  std::vector<octet_isa> v;
  for (octet_isa isa : all) {
    if (octet_isa_supported(isa)) v.push_back(isa);
  }
  return v;
}

}  // namespace octet::test
