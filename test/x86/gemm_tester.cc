#include "test/x86/gemm_tester.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "src/ref/requantize.h"

namespace octet::test {

namespace {

struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};

}  // namespace

void GemmTester::test(const GemmKernel& kernel) const {
  ASSERT_LE(m_, kernel.mr);
  std::mt19937 rng(seed_);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const size_t M = m_, N = n_, K = k_, KS = ks_, taps = K * KS;
  const size_t esize = out_type_ == octet_datatype_s32 ? 4 : 1;
  const size_t cm_stride = (N + cm_extra_) * esize;
  // The x zero point as stored: for s8 input the tester's x_zero_point(0..255)
  // is shifted into -128..127.
  const int32_t x_zp = input_s8_ ? x_zp_ - 128 : x_zp_;

  for (size_t iter = 0; iter < iterations_; ++iter) {
    // A ConvConfig for a 1 x KS convolution with C = K, K = N: its weights are
    // [N][KS][K], which is the reduction order the kernel sees.
    ConvConfig cfg;
    cfg.shape.C = K;
    cfg.shape.K = N;
    cfg.shape.R = 1;
    cfg.shape.S = KS;
    cfg.input_type = input_s8_ ? octet_datatype_s8 : octet_datatype_u8;
    cfg.output_type = out_type_;
    cfg.mode = mode_;
    cfg.x_zero_point = x_zp;
    cfg.weights.resize(N * taps);
    for (int8_t& w : cfg.weights) {
      w = static_cast<int8_t>(extremes_ && pick(0, 3) != 0 ? (pick(0, 1) ? 127 : -128) : pick(-128, 127));
    }
    if (kernel.pair_abs_limit != 0) {
      // A pair-limited kernel is only ever given weights that pass the
      // pack-time check: make every packed pair fit, up to the limit itself.
      const int lim = kernel.pair_abs_limit;
      for (size_t j = 0; j < N; ++j) {
        for (size_t t = 0; t < KS; ++t) {
          for (size_t i = 0; i + 1 < K; i += 2) {
            int8_t* w = &cfg.weights[(j * KS + t) * K + i];
            const int a = extremes_ ? (pick(0, 1) ? -128 : lim / 2) : pick(-128, 127);
            const int room = lim - (a < 0 ? -a : a);
            int b = room == 0 ? 0 : (extremes_ ? (pick(0, 1) ? room : -room) : pick(-room, room));
            if (b > 127) b = 127;
            w[0] = static_cast<int8_t>(a);
            w[1] = static_cast<int8_t>(b);
          }
        }
      }
    }
    cfg.w_zero_points.assign(N, 0);
    if (w_zp_) {
      for (int32_t& z : cfg.w_zero_points) z = pick(-128, 127);
      cfg.w_zero_points_all_zero = false;
    }
    const double x_scale = std::uniform_real_distribution<double>(0.002, 0.05)(rng);
    const double y_scale = x_scale * 0.01 * std::sqrt(static_cast<double>(taps)) * 150.0 *
                           std::uniform_real_distribution<double>(0.5, 2.0)(rng);
    const bool float_bias = mode_ != octet_requant_fixedpoint && out_type_ != octet_datatype_s32;
    cfg.requant.resize(N);
    for (size_t j = 0; j < N; ++j) {
      ref::ChannelQuant q;
      q.x_scale = x_scale;
      q.w_scale = std::uniform_real_distribution<double>(0.005, 0.015)(rng);
      q.y_scale = y_scale;
      if (float_bias) {
        q.bias_type = octet_datatype_f32;
        q.bias_f32 = std::uniform_real_distribution<float>(-5.0f, 5.0f)(rng);
      } else {
        q.bias_type = octet_datatype_s32;
        q.bias_s32 = pick(-20000, 20000);
      }
      std::string why;
      ASSERT_TRUE(ref::prepare_channel(mode_, q, &cfg.requant[j], &why)) << why;
    }
    if (out_type_ == octet_datatype_s8) {
      cfg.output = ref::OutputQuant{mode_, pick(-128, 127), -128, 127};
    } else if (out_type_ == octet_datatype_u8) {
      cfg.output = ref::OutputQuant{mode_, pick(0, 255), 0, 255};
    } else {
      cfg.output = ref::OutputQuant{mode_, 0, INT32_MIN, INT32_MAX};
    }
    if (relu_) cfg.output.min = cfg.output.zero_point;

    // Panels.
    const size_t panels = (N + kernel.nr - 1) / kernel.nr;
    const size_t panel_bytes = gemm_panel_bytes(kernel, KS, K);
    std::unique_ptr<char, FreeDeleter> packed(static_cast<char*>(std::aligned_alloc(64, panels * panel_bytes)));
    const int32_t x_zp_eff = (input_s8_ && kernel.u8_activations) ? x_zp + 128 : x_zp;
    for (size_t p = 0; p < panels; ++p) {
      gemm_pack_panel(kernel, cfg, 0, p * kernel.nr, KS, K, x_zp_eff, packed.get() + p * panel_bytes);
    }

    // Activations: one guarded buffer per (tap, row).
    std::vector<std::unique_ptr<GuardedBuffer<uint8_t>>> rows;
    std::vector<const void*> a(KS * M);
    for (size_t t = 0; t < KS; ++t) {
      for (size_t r = 0; r < M; ++r) {
        rows.push_back(std::make_unique<GuardedBuffer<uint8_t>>(K, guard_));
        GuardedBuffer<uint8_t>& b = *rows.back();
        for (size_t i = 0; i < K; ++i) {
          b[i] = static_cast<uint8_t>(extremes_ && pick(0, 3) != 0 ? (pick(0, 1) ? 255 : 0) : pick(0, 255));
        }
        a[t * M + r] = b.data();
      }
    }
    auto x_at = [&](size_t t, size_t r, size_t i) -> int32_t {
      const uint8_t v = static_cast<const uint8_t*>(a[t * M + r])[i];
      return input_s8_ ? int32_t{static_cast<int8_t>(v)} : int32_t{v};
    };
    std::vector<int32_t> a_sums(M, 0);
    for (size_t r = 0; r < M; ++r) {
      for (size_t t = 0; t < KS; ++t) {
        for (size_t i = 0; i < K; ++i) a_sums[r] += x_at(t, r, i);
      }
    }

    // Output, with a sentinel in the gaps between rows.
    const size_t out_bytes = (M - 1) * cm_stride + N * esize;
    GuardedBuffer<uint8_t> c(out_bytes, guard_);
    for (size_t i = 0; i < out_bytes; ++i) c[i] = 0xA5;

    GemmParams params{};
    params.out = simd::OutputParams::from(cfg.output);
    params.out_type = out_type_;
    params.input_s8 = input_s8_;
    params.a_sums = w_zp_ ? a_sums.data() : nullptr;
    for (size_t p = 0; p < panels; ++p) {
      const size_t nc = std::min(kernel.nr, N - p * kernel.nr);
      kernel.fn(M, nc, K, KS, a.data(), packed.get() + p * panel_bytes, c.data() + p * kernel.nr * esize, cm_stride,
                &params);
    }

    // Reference.
    for (size_t r = 0; r < M; ++r) {
      for (size_t j = 0; j < N; ++j) {
        int64_t acc = 0;
        for (size_t t = 0; t < KS; ++t) {
          for (size_t i = 0; i < K; ++i) {
            acc += int64_t{x_at(t, r, i) - x_zp} * (cfg.weights[(j * KS + t) * K + i] - cfg.w_zero_points[j]);
          }
        }
        const int32_t acc32 = static_cast<int32_t>(acc);
        const uint8_t* got = c.data() + r * cm_stride + j * esize;
        if (out_type_ == octet_datatype_s32) {
          int32_t g;
          std::memcpy(&g, got, 4);
          const int32_t want = static_cast<int32_t>(static_cast<uint32_t>(acc32) +
                                                    static_cast<uint32_t>(cfg.requant[j].bias_int));
          ASSERT_EQ(g, want) << kernel.name << " row " << r << " col " << j << " (m " << M << " n " << N << " k "
                             << K << " ks " << KS << ")";
        } else {
          const int32_t want = ref::requantize(cfg.requant[j], cfg.output, acc32);
          const int32_t g = out_type_ == octet_datatype_s8 ? int32_t{static_cast<int8_t>(*got)} : int32_t{*got};
          ASSERT_EQ(g, want) << kernel.name << " " << ref::mode_name(mode_) << " row " << r << " col " << j
                             << " (m " << M << " n " << N << " k " << K << " ks " << KS << " x_zp " << x_zp
                             << " acc " << acc32 << ")";
        }
      }
      for (size_t i = N * esize; r + 1 < M && i < cm_stride; ++i) {
        ASSERT_EQ(c[r * cm_stride + i], 0xA5) << kernel.name << " wrote between rows (row " << r << ")";
      }
    }
  }
}

}  // namespace octet::test
