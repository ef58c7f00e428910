#include "test/common/gemm_tester.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <random>
#include <vector>

#include "src/core/requant_simd.h"
#include "src/ref/requantize.h"

namespace octet::test {

namespace {

const char* type_name(octet_datatype t) {
  return t == octet_datatype_s32 ? "s32" : t == octet_datatype_s8 ? "s8" : t == octet_datatype_f32 ? "f32" : "u8";
}

int32_t wrap32(int64_t v) { return static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(v))); }

}  // namespace

int32_t GemmTester::x_zp() const {
  if (x_zp_set_) return x_zp_;
  return input_type_ == octet_datatype_s8 ? -3 : 125;
}

std::string GemmTester::describe() const {
  const octet_datatype bias = bias_type_ != octet_datatype_none ? bias_type_
                              : mode_ == octet_requant_fixedpoint ? octet_datatype_s32
                                                                  : octet_datatype_f32;
  return std::string(k_.name) + " m=" + std::to_string(m_) + " n=" + std::to_string(n_) + " k=" +
         std::to_string(kc_) + " ks=" + std::to_string(ks_) + " in=" + type_name(input_type_) +
         " x_zp=" + std::to_string(x_zp()) + " w_zp=" + (w_zp_nonzero_ ? "nonzero" : "0") +
         " mode=" + ref::mode_name(mode_) + " out=" + type_name(out_type_) + " bias=" + type_name(bias) +
         (relu_ ? " relu" : "") + (extremes_ ? " extremes" : "") + " spread=" + std::to_string(spread_) +
         " cm_extra=" + std::to_string(cm_extra_) + (guard_ == Guard::kBefore ? " guard=before" : " guard=after") +
         (strided_ ? " strided gap=" + std::to_string(gap_) : "");
}

bool GemmTester::test() const {
  for (size_t i = 0; i < iterations_; ++i) {
    if (!test_once(seed_ + static_cast<uint32_t>(i))) return false;
  }
  return true;
}

bool GemmTester::test_once(uint32_t seed) const {
  const std::string what = describe() + " seed=" + std::to_string(seed);
  if (m_ == 0 || m_ > k_.mr || n_ == 0 || kc_ == 0 || ks_ == 0) {
    ADD_FAILURE() << what << ": not a valid tile for this kernel";
    return false;
  }
  const size_t M = m_, N = n_, KC = kc_, KS = ks_, NR = k_.nr, KR = k_.kr, taps = KS * KC;
  const bool in_s8 = input_type_ == octet_datatype_s8;
  const int32_t xzp = x_zp();
  std::mt19937 rng(seed);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  // Extremes: 3 positions in 4 at an end of the range, the rest anywhere.
  auto draw = [&](int lo, int hi) { return extremes_ && pick(0, 3) != 0 ? (pick(0, 1) ? hi : lo) : pick(lo, hi); };

  // Activations: KS * M rows of KC stored bytes, each row its own guarded buffer.
  std::vector<std::vector<int32_t>> x(KS * M, std::vector<int32_t>(KC));
  std::vector<std::unique_ptr<GuardedBuffer<uint8_t>>> rows;
  std::vector<const void*> a(KS * M);
  for (size_t r = 0; r < KS * M; ++r) {
    rows.push_back(std::make_unique<GuardedBuffer<uint8_t>>(KC, guard_));
    for (size_t i = 0; i < KC; ++i) {
      const int32_t v = draw(0, 255) - (in_s8 ? 128 : 0);
      x[r][i] = v;
      (*rows[r])[i] = static_cast<uint8_t>(v);
    }
    a[r] = rows[r]->data();
  }

  // Strided: the taps the call runs (the others hold x_zp, as padding would,
  // and are never read), their rows in one buffer per tap, gap_ bytes apart.
  std::vector<uint32_t> used;
  std::vector<std::unique_ptr<GuardedBuffer<uint8_t>>> tap_rows;
  std::vector<const void*> tap_a;
  const size_t a_stride = KC + gap_;
  if (strided_) {
    for (size_t t = 0; t < KS; ++t) {
      if ((t + seed) % 3 != 1) used.push_back(static_cast<uint32_t>(t));
    }
    if (used.empty()) used.push_back(static_cast<uint32_t>(KS - 1));
    if (seed % 2 == 1) std::reverse(used.begin(), used.end());
    for (size_t t = 0; t < KS; ++t) {
      if (std::find(used.begin(), used.end(), static_cast<uint32_t>(t)) != used.end()) continue;
      for (size_t m = 0; m < M; ++m) std::fill(x[t * M + m].begin(), x[t * M + m].end(), xzp);
    }
    for (uint32_t t : used) {
      tap_rows.push_back(std::make_unique<GuardedBuffer<uint8_t>>((M - 1) * a_stride + KC, guard_));
      GuardedBuffer<uint8_t>& b = *tap_rows.back();
      for (size_t i = 0; i < b.size(); ++i) b[i] = static_cast<uint8_t>(pick(0, 255));  // the gaps: garbage
      for (size_t m = 0; m < M; ++m) {
        for (size_t i = 0; i < KC; ++i) b[m * a_stride + i] = static_cast<uint8_t>(x[t * M + m][i]);
      }
      tap_a.push_back(b.data());
    }
  }

  // Weights [N][KS * KC] and zero points.
  std::vector<std::vector<int32_t>> w(N, std::vector<int32_t>(taps));
  std::vector<int32_t> wzp(N, 0);
  for (size_t n = 0; n < N; ++n) {
    for (int32_t& v : w[n]) v = draw(-128, 127);
    if (k_.pair_abs_limit != 0) {
      // A pair-limited kernel is only ever given weights that pass the
      // pack-time check (gemm_weights_fit_pair_limit): make every pair it sums
      // (elements 2p, 2p + 1 of each tap's KR groups) fit, up to the limit itself.
      const int lim = k_.pair_abs_limit;
      for (size_t t = 0; t < KS; ++t) {
        for (size_t i = 0; i + 1 < KC; i += 2) {
          const int lo = extremes_ ? (pick(0, 1) ? -128 : lim / 2) : pick(-128, 127);
          const int room = lim - std::abs(lo);
          const int hi = room <= 0 ? 0 : std::min(127, extremes_ ? (pick(0, 1) ? room : -room) : pick(-room, room));
          w[n][t * KC + i] = lo;
          w[n][t * KC + i + 1] = hi;
        }
      }
    }
    if (w_zp_nonzero_) wzp[n] = pick(-128, 127);
  }
  bool any_wzp = false;
  for (int32_t z : wzp) any_wzp |= z != 0;

  // Requantization: per-channel scales around a typical accumulator.
  ref::OutputQuant out;
  out.mode = mode_;
  if (out_type_ == octet_datatype_s8) {
    out.zero_point = pick(-128, 127);
    out.min = relu_ ? out.zero_point : -128;
    out.max = 127;
  } else if (out_type_ == octet_datatype_u8) {
    out.zero_point = pick(0, 255);
    out.min = relu_ ? out.zero_point : 0;
    out.max = 255;
  } else {
    out.zero_point = 0;
    out.min = INT32_MIN;
    out.max = INT32_MAX;
  }
  const octet_datatype bias_type = bias_type_ != octet_datatype_none ? bias_type_
                                   : mode_ == octet_requant_fixedpoint ? octet_datatype_s32
                                                                       : octet_datatype_f32;
  std::vector<ref::ChannelRequant> ch(N);
  const double x_scale = std::uniform_real_distribution<double>(0.002, 0.05)(rng);
  const double typical = std::sqrt(static_cast<double>(taps)) * 75.0 * 75.0 + 1.0;
  for (size_t n = 0; n < N; ++n) {
    ref::ChannelQuant q;
    q.x_scale = x_scale;
    q.w_scale = static_cast<double>(static_cast<float>(std::uniform_real_distribution<double>(0.5e-3, 2e-3)(rng)));
    q.y_scale = x_scale * q.w_scale * typical / (60.0 * spread_);
    if (bias_type == octet_datatype_s32) {
      q.bias_type = octet_datatype_s32;
      q.bias_s32 = pick(-20000, 20000);
    } else {
      q.bias_type = octet_datatype_f32;
      q.bias_f32 = std::uniform_real_distribution<float>(-2.0f, 2.0f)(rng) *
                   static_cast<float>(x_scale * q.w_scale * typical);
    }
    std::string why;
    if (!ref::prepare_channel(mode_, q, &ch[n], &why)) {
      ADD_FAILURE() << what << ": prepare_channel: " << why;
      return false;
    }
  }

  // The panels, following the contract: [NR folded][NR w_zp][NR words a][NR
  // words b], then per tap and KR group NR x KR weights; zero past kc and n.
  const int32_t xzp_eff = xzp + (in_s8 == k_.u8_activations ? (in_s8 ? 128 : -128) : 0);
  const size_t kgroups = (KC + KR - 1) / KR, elem = k_.int16_weights ? 2 : 1;
  const size_t header = 4 * NR * sizeof(int32_t);
  const size_t panel_bytes = (header + KS * kgroups * NR * KR * elem + 63) / 64 * 64;
  const size_t panels = (N + NR - 1) / NR;
  // Both placements keep each panel 64-byte aligned (its size is a multiple of 64).
  GuardedBuffer<uint8_t> packed(panels * panel_bytes, guard_);
  std::memset(packed.data(), 0, packed.size());
  for (size_t n = 0; n < N; ++n) {
    uint8_t* panel = packed.data() + (n / NR) * panel_bytes;
    const size_t j = n % NR;
    auto* folded = reinterpret_cast<int32_t*>(panel);
    int32_t* pw_zp = folded + NR;
    auto* wa = reinterpret_cast<simd::ChannelWord*>(pw_zp + NR);
    simd::ChannelWord* wb = wa + NR;
    int64_t sum_w = 0;
    for (int32_t v : w[n]) sum_w += v;
    folded[j] = wrap32(int64_t{ch[n].bias_int} - int64_t{xzp_eff} * sum_w + static_cast<int64_t>(taps) * xzp * wzp[n]);
    pw_zp[j] = wzp[n];
    simd::channel_words(mode_, ch[n], &wa[j], &wb[j]);
    for (size_t t = 0; t < KS; ++t) {
      for (size_t i = 0; i < KC; ++i) {
        const size_t blk = t * kgroups + i / KR, e = i % KR;
        const auto v = static_cast<int8_t>(w[n][t * KC + i]);
        if (k_.int16_weights) {
          auto* dst = reinterpret_cast<int16_t*>(panel + header) + blk * NR * KR;
          dst[(e / 2) * NR * 2 + j * 2 + e % 2] = v;
        } else {
          reinterpret_cast<int8_t*>(panel + header)[(blk * NR + j) * KR + e] = v;
        }
      }
    }
  }

  // Activation sums over the stored values, only when some w_zp != 0.
  GuardedBuffer<int32_t> sums(M, guard_);
  for (size_t m = 0; m < M; ++m) {
    int32_t s = 0;
    for (size_t t = 0; t < KS; ++t) {
      for (size_t i = 0; i < KC; ++i) s += x[t * M + m][i];
    }
    sums[m] = s;
  }

  GemmParams params{};
  params.out = simd::OutputParams::from(out);
  params.out_type = out_type_;
  params.input_s8 = in_s8;
  params.a_sums = any_wzp ? sums.data() : nullptr;
  // Strided: each panel's accumulators start at x_zp_eff * sum(w) over the skipped taps.
  // Against the guard page: a kernel reading past a panel's NR starts faults.
  GuardedBuffer<int32_t> init_store(panels * NR, guard_);
  int32_t* const init = init_store.data();
  std::fill(init, init + panels * NR, 0);
  if (strided_) {
    for (size_t n = 0; n < N; ++n) {
      int64_t skipped = 0;
      for (size_t t = 0; t < KS; ++t) {
        if (std::find(used.begin(), used.end(), static_cast<uint32_t>(t)) != used.end()) continue;
        for (size_t i = 0; i < KC; ++i) skipped += w[n][t * KC + i];
      }
      init[n] = wrap32(int64_t{xzp_eff} * skipped);
    }
    params.a_stride = a_stride;
    params.w_taps = used.data();
  }

  // The output: its poison pattern must survive in the gaps between rows.
  const size_t esize = out_type_ == octet_datatype_s32 ? 4 : 1;
  const size_t cm_stride = (N + cm_extra_) * esize;
  const size_t out_bytes = (M - 1) * cm_stride + N * esize;
  size_t bad = 0;
  // Checks every output of c and the gaps between its rows; entry names the call.
  auto check = [&](const GuardedBuffer<uint8_t>& c, const std::vector<uint8_t>& before, const char* entry) {
    for (size_t m = 0; m < M; ++m) {
      for (size_t n = 0; n < N; ++n) {
        int64_t acc = 0;
        for (size_t t = 0; t < KS; ++t) {
          for (size_t i = 0; i < KC; ++i) {
            acc += (int64_t{x[t * M + m][i]} - xzp) * (int64_t{w[n][t * KC + i]} - wzp[n]);
          }
        }
        const int32_t acc32 = wrap32(acc);
        const uint8_t* at = c.data() + m * cm_stride + n * esize;
        int32_t want, got;
        if (out_type_ == octet_datatype_s32) {
          want = wrap32(int64_t{acc32} + ch[n].bias_int);
          std::memcpy(&got, at, 4);
        } else {
          want = ref::requantize(ch[n], out, acc32);
          got = out_type_ == octet_datatype_s8 ? int32_t{static_cast<int8_t>(*at)} : int32_t{*at};
        }
        if (want != got && ++bad <= 5) {
          ADD_FAILURE() << what << " " << entry << ": C[" << m << "][" << n << "] = " << got << ", want " << want
                        << " (acc " << acc32 << ")";
        }
      }
      // The gap between rows (cm_stride > n) is not the kernel's to write.
      for (size_t b = N * esize; m + 1 < M && b < cm_stride; ++b) {
        if (c[m * cm_stride + b] != before[m * cm_stride + b] && ++bad <= 5) {
          ADD_FAILURE() << what << " " << entry << ": wrote the gap byte " << b << " after row " << m;
        }
      }
    }
  };

  {
    GuardedBuffer<uint8_t> c(out_bytes, guard_);
    const std::vector<uint8_t> before = c.to_vector();
    for (size_t p = 0; p < panels; ++p) {
      const size_t nc = std::min(NR, N - p * NR);
      if (strided_) {
        GemmParams tile = params;
        tile.acc_init = init + p * NR;
        k_.fn(M, nc, KC, used.size(), tap_a.data(), packed.data() + p * panel_bytes, c.data() + p * NR * esize,
              cm_stride, &tile);
        continue;
      }
      k_.fn(M, nc, KC, KS, a.data(), packed.data() + p * panel_bytes, c.data() + p * NR * esize, cm_stride, &params);
    }
    check(c, before, "fn");
  }
  if (k_.fn_panels != nullptr && !strided_) {
    // The multi-panel entry: every panel in one call, the same bytes.
    GuardedBuffer<uint8_t> c(out_bytes, guard_);
    const std::vector<uint8_t> before = c.to_vector();
    k_.fn_panels(M, N, KC, KS, a.data(), packed.data(), panel_bytes, c.data(), cm_stride, &params);
    check(c, before, "fn_panels");
  }
  return bad == 0;
}

}  // namespace octet::test
