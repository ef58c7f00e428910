// GemmTester: runs one AArch64 GEMM microkernel on one tile against src/ref.
//
// The tester builds everything the kernel reads from plain matrices, following
// the contract in src/core/gemm_ukernel.h and independently of the library's
// packer: A row pointers (each row alone in a buffer flush against a guard
// page, so any read past kc bytes faults), the panel (folded bias and zero
// point terms, w_zp, requantization words, weights in the kernel's KR layout),
// the per-row activation sums when some w_zp != 0, and an output tile flush
// against a guard page. The expected value of every output is
//   ref::requantize(channel, output, sum_t sum_i (x - x_zp) * (w - w_zp[n]))
// (or the raw accumulator plus the int32 bias for s32 output), computed in
// int64 from the stored values. Every byte of the tile must match.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "octet/octet.h"
#include "src/core/gemm_ukernel.h"
#include "src/core/requant_simd.h"
#include "src/ref/requantize.h"
#include "test/common/guarded_buffer.h"

namespace octet::test {

class GemmTester {
 public:
  explicit GemmTester(const GemmKernel& k) : k_(k), m_(k.mr), n_(k.nr) {}

  GemmTester& m(size_t v) { m_ = v; return *this; }
  GemmTester& n(size_t v) { n_ = v; return *this; }
  GemmTester& k(size_t v) { kc_ = v; return *this; }
  GemmTester& ks(size_t v) { ks_ = v; return *this; }
  GemmTester& input_type(octet_datatype t) { input_type_ = t; return *this; }
  GemmTester& x_zero_point(int32_t v) { x_zp_ = v; x_zp_set_ = true; return *this; }
  // 0: all zero; otherwise nonzero per-channel weight zero points.
  GemmTester& w_zero_points(bool nonzero) { w_zp_nonzero_ = nonzero; return *this; }
  GemmTester& mode(octet_requant_mode v) { mode_ = v; return *this; }
  GemmTester& output_type(octet_datatype t) { out_type_ = t; return *this; }
  GemmTester& relu(bool v) { relu_ = v; return *this; }
  GemmTester& cm_stride_extra(size_t v) { cm_extra_ = v; return *this; }
  GemmTester& guard(Guard g) { guard_ = g; return *this; }
  GemmTester& seed(uint32_t s) { seed_ = s; return *this; }
  // Output scale relative to the typical accumulator: >1 spreads results over
  // the whole output range, so that clamping happens too.
  GemmTester& spread(double s) { spread_ = s; return *this; }
  // Extreme data: activations and weights only at the ends of their ranges.
  GemmTester& extremes(bool v) { extremes_ = v; return *this; }

  std::string describe() const {
    return std::string(k_.name) + " m=" + std::to_string(m_) + " n=" + std::to_string(n_) +
           " k=" + std::to_string(kc_) + " ks=" + std::to_string(ks_) +
           " in=" + (input_type_ == octet_datatype_s8 ? "s8" : "u8") + " x_zp=" + std::to_string(x_zp()) +
           " w_zp=" + (w_zp_nonzero_ ? "nonzero" : "0") + " mode=" + ref::mode_name(mode_) +
           " out=" + (out_type_ == octet_datatype_s32 ? "s32" : out_type_ == octet_datatype_s8 ? "s8" : "u8") +
           (relu_ ? " relu" : "") + " seed=" + std::to_string(seed_);
  }

  // Returns true when every output matched (failures are reported via gtest).
  bool test() const {
    const size_t M = m_, N = n_, KC = kc_, KS = ks_, NR = k_.nr, KR = k_.kr;
    const bool in_s8 = input_type_ == octet_datatype_s8;
    const int32_t xzp = x_zp();
    std::mt19937 rng(seed_);

    // Activations: KS * M rows of KC stored bytes, each row its own guarded buffer.
    std::vector<std::vector<int32_t>> x(KS * M, std::vector<int32_t>(KC));
    std::vector<std::unique_ptr<GuardedBuffer<uint8_t>>> rows;
    std::vector<const void*> a(KS * M);
    for (size_t r = 0; r < KS * M; ++r) {
      rows.push_back(std::make_unique<GuardedBuffer<uint8_t>>(KC, guard_));
      for (size_t i = 0; i < KC; ++i) {
        int32_t v = extremes_ ? ((rng() & 1) ? 255 : 0) : static_cast<int32_t>(rng() & 255);
        if (in_s8) v -= 128;
        x[r][i] = v;
        (*rows[r])[i] = static_cast<uint8_t>(v);
      }
      a[r] = rows[r]->data();
    }
    // Weights [N][KS*KC], full int8 range; zero points; requantization.
    std::vector<std::vector<int32_t>> w(N, std::vector<int32_t>(KS * KC));
    std::vector<int32_t> wzp(N, 0);
    for (size_t n = 0; n < N; ++n) {
      for (auto& v : w[n]) v = extremes_ ? ((rng() & 1) ? 127 : -128) : static_cast<int32_t>(rng() & 255) - 128;
      if (w_zp_nonzero_) wzp[n] = static_cast<int32_t>(rng() % 255) - 127;
    }
    const size_t taps = KS * KC;
    ref::OutputQuant out;
    out.mode = mode_;
    if (out_type_ == octet_datatype_s8) {
      out.zero_point = static_cast<int32_t>(rng() % 200) - 100;
      out.min = relu_ ? out.zero_point : -128;
      out.max = 127;
    } else {
      out.zero_point = static_cast<int32_t>(rng() % 200) + 20;
      out.min = relu_ ? out.zero_point : 0;
      out.max = 255;
    }
    std::vector<ref::ChannelRequant> ch(N);
    const double x_scale = 0.0123;
    const double typical = std::sqrt(static_cast<double>(taps)) * 75.0 * 75.0 + 1.0;
    std::uniform_real_distribution<double> wsd(0.5e-3, 2e-3);
    std::uniform_real_distribution<float> biasd(-2.0f, 2.0f);
    for (size_t n = 0; n < N; ++n) {
      ref::ChannelQuant q;
      q.x_scale = x_scale;
      q.w_scale = static_cast<double>(static_cast<float>(wsd(rng)));
      q.y_scale = x_scale * q.w_scale * typical / (60.0 * spread_);
      if (mode_ == octet_requant_fixedpoint) {
        q.bias_type = octet_datatype_s32;
        q.bias_s32 = static_cast<int32_t>(rng() % 20001) - 10000;
      } else {
        q.bias_type = octet_datatype_f32;
        q.bias_f32 = biasd(rng) * static_cast<float>(x_scale * q.w_scale * typical);
      }
      std::string why;
      if (!ref::prepare_channel(mode_, q, &ch[n], &why)) {
        ADD_FAILURE() << "prepare_channel: " << why;
        return false;
      }
    }

    // The panel.
    const int32_t xzp_eff = xzp + (in_s8 == k_.u8_activations ? (in_s8 ? 128 : -128) : 0);
    const size_t groups = (KC + KR - 1) / KR;
    const size_t header = PanelHeader<>::bytes(NR);
    // 64-byte aligned start, as the packer guarantees.
    std::vector<uint8_t> panel_bytes(header + KS * groups * NR * KR + 64, 0);
    uint8_t* panel = panel_bytes.data() + ((64 - reinterpret_cast<uintptr_t>(panel_bytes.data()) % 64) % 64);
    auto* folded = reinterpret_cast<int32_t*>(panel);
    int32_t* pw_zp = folded + NR;
    auto* wa = reinterpret_cast<simd::ChannelWord*>(pw_zp + NR);
    simd::ChannelWord* wb = wa + NR;
    auto* pw = reinterpret_cast<int8_t*>(panel + header);
    for (size_t n = 0; n < N; ++n) {
      int64_t sum_w = 0;
      for (int32_t v : w[n]) sum_w += v;
      const int64_t f = int64_t{ch[n].bias_int} - int64_t{xzp_eff} * sum_w + static_cast<int64_t>(taps) * xzp * wzp[n];
      folded[n] = static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(f)));
      pw_zp[n] = wzp[n];
      simd::channel_words(mode_, ch[n], &wa[n], &wb[n]);
      for (size_t t = 0; t < KS; ++t) {
        for (size_t i = 0; i < KC; ++i) {
          pw[((t * groups + i / KR) * NR + n) * KR + i % KR] = static_cast<int8_t>(w[n][t * KC + i]);
        }
      }
    }
    // Activation sums (stored values), only when some w_zp != 0.
    std::vector<int32_t> sums(M, 0);
    bool any_wzp = false;
    for (int32_t z : wzp) any_wzp |= z != 0;
    for (size_t m = 0; m < M; ++m) {
      for (size_t t = 0; t < KS; ++t) {
        for (size_t i = 0; i < KC; ++i) sums[m] += x[t * M + m][i];
      }
    }

    GemmParams params{};
    params.out = simd::OutputParams::from(out);
    params.out_type = out_type_;
    params.input_s8 = in_s8;
    params.a_sums = any_wzp ? sums.data() : nullptr;

    const size_t esize = out_type_ == octet_datatype_s32 ? 4 : 1;
    const size_t cm_stride = N * esize + cm_extra_ * esize;
    const size_t out_bytes = (M - 1) * cm_stride + N * esize;
    GuardedBuffer<uint8_t> c(out_bytes, guard_);
    std::vector<uint8_t> before = c.to_vector();

    k_.fn(M, N, KC, KS, a.data(), panel, c.data(), cm_stride, &params);

    size_t bad = 0;
    for (size_t m = 0; m < M; ++m) {
      for (size_t n = 0; n < N; ++n) {
        int64_t acc = 0;
        for (size_t t = 0; t < KS; ++t) {
          for (size_t i = 0; i < KC; ++i) {
            acc += (int64_t{x[t * M + m][i]} - xzp) * (int64_t{w[n][t * KC + i]} - wzp[n]);
          }
        }
        const auto acc32 = static_cast<int32_t>(acc);
        int32_t want, got;
        const uint8_t* at = c.data() + m * cm_stride + n * esize;
        if (out_type_ == octet_datatype_s32) {
          want = static_cast<int32_t>(static_cast<uint32_t>(acc32) + static_cast<uint32_t>(ch[n].bias_int));
          std::memcpy(&got, at, 4);
        } else {
          want = ref::requantize(ch[n], out, acc32);
          got = out_type_ == octet_datatype_s8 ? int32_t{static_cast<int8_t>(*at)} : int32_t{*at};
        }
        if (want != got && ++bad <= 5) {
          ADD_FAILURE() << describe() << ": C[" << m << "][" << n << "] = " << got << ", want " << want
                        << " (acc " << acc32 << ")";
        }
      }
      // The gap between rows (cm_stride > N) is not the kernel's to write.
      if (m + 1 < M) {
        for (size_t b = N * esize; b < cm_stride; ++b) {
          if (c[m * cm_stride + b] != before[m * cm_stride + b] && ++bad <= 5) {
            ADD_FAILURE() << describe() << ": wrote the gap byte " << b << " after row " << m;
          }
        }
      }
    }
    return bad == 0;
  }

 private:
  int32_t x_zp() const {
    if (x_zp_set_) return x_zp_;
    return input_type_ == octet_datatype_s8 ? -3 : 125;
  }

  GemmKernel k_;
  size_t m_, n_, kc_ = 16, ks_ = 1;
  octet_datatype input_type_ = octet_datatype_u8;
  int32_t x_zp_ = 0;
  bool x_zp_set_ = false;
  bool w_zp_nonzero_ = false;
  octet_requant_mode mode_ = octet_requant_pytorch_fbgemm;
  octet_datatype out_type_ = octet_datatype_u8;
  bool relu_ = false;
  size_t cm_extra_ = 0;
  Guard guard_ = Guard::kAfter;
  uint32_t seed_ = 1;
  double spread_ = 1.0;
  bool extremes_ = false;
};

}  // namespace octet::test
