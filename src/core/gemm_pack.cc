// Weight packing for the GEMM microkernels: one panel per block of NR output
// channels, in the layout documented in src/core/gemm_ukernel.h. ISA-neutral:
// the x86 and AArch64 kernels read the same panels.
#include <cstring>

#include "src/core/gemm_ukernel.h"

namespace octet {

namespace {

constexpr size_t kPanelAlign = 64;

size_t round_up(size_t v, size_t to) { return (v + to - 1) / to * to; }

// Wrapping int32 arithmetic (the accumulators wrap the same way; only the final
// sum is guaranteed to fit).
int32_t wrap32(int64_t v) { return static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(v))); }

}  // namespace

size_t gemm_panel_header_bytes(const GemmKernel& k) { return PanelHeader<>::bytes(k.nr); }

size_t gemm_panel_bytes(const GemmKernel& k, size_t ks, size_t kc) {
  const size_t elem = k.int16_weights ? 2 : 1;
  const size_t groups = (kc + k.kr - 1) / k.kr;
  return round_up(gemm_panel_header_bytes(k) + ks * groups * k.nr * k.kr * elem, kPanelAlign);
}

void gemm_pack_panel(const GemmKernel& k, const ConvConfig& cfg, size_t g, size_t n0, size_t ks, size_t kc,
                     int32_t x_zp_eff, void* panel) {
  const size_t nr = k.nr, kr = k.kr;
  const size_t bytes = gemm_panel_bytes(k, ks, kc);
  std::memset(panel, 0, bytes);
  const size_t kg = cfg.shape.outputs_per_group();
  const size_t taps = ks * kc;  // == R*S*C/groups: the weights of one output channel
  const PanelHeader h(panel, nr);
  int32_t* folded = h.folded;
  int32_t* w_zp = h.w_zp;
  simd::ChannelWord* word_a = h.a;
  simd::ChannelWord* word_b = h.b;
  char* weights = h.weights_as<char>();
  const size_t kgroups = (kc + kr - 1) / kr;

  for (size_t j = 0; j < nr && n0 + j < kg; ++j) {
    const size_t ch = g * kg + n0 + j;  // the output channel
    const int8_t* w = cfg.weights.data() + ch * taps;
    int64_t sum_w = 0;
    for (size_t i = 0; i < taps; ++i) sum_w += w[i];
    const int64_t zw = cfg.w_zero_points[ch];
    // bias - x_zp_eff * sum(w) + taps * x_zp * w_zp (x_zp as stored: a_sums are
    // sums of the stored values; see gemm_ukernel.h).
    folded[j] = wrap32(int64_t{cfg.requant[ch].bias_int} - int64_t{x_zp_eff} * sum_w +
                       static_cast<int64_t>(taps) * cfg.x_zero_point * zw);
    w_zp[j] = static_cast<int32_t>(zw);
    simd::channel_words(cfg.mode, cfg.requant[ch], &word_a[j], &word_b[j]);

    for (size_t t = 0; t < ks; ++t) {
      for (size_t i = 0; i < kc; ++i) {
        const int8_t v = w[t * kc + i];
        const size_t blk = t * kgroups + i / kr, e = i % kr;
        if (k.int16_weights) {
          // [KR/2][NR][2]: pair p = e/2 of channel j holds elements 2p, 2p+1.
          auto* dst = reinterpret_cast<int16_t*>(weights) + blk * nr * kr;
          dst[(e / 2) * nr * 2 + j * 2 + (e % 2)] = v;
        } else {
          // [NR][KR]
          auto* dst = reinterpret_cast<int8_t*>(weights) + blk * nr * kr;
          dst[j * kr + e] = v;
        }
      }
    }
  }
}

bool gemm_weights_fit_pair_limit(const GemmKernel& k, const ConvConfig& cfg, size_t ks, size_t kc) {
  if (k.pair_abs_limit == 0) return true;
  const size_t taps = ks * kc;
  for (size_t ch = 0; ch < cfg.shape.K; ++ch) {
    const int8_t* w = cfg.weights.data() + ch * taps;
    for (size_t t = 0; t < ks; ++t) {
      // Pairs start at even offsets of each tap's segment (KR groups restart per tap).
      for (size_t i = 0; i + 1 < kc; i += 2) {
        const int a = w[t * kc + i], b = w[t * kc + i + 1];
        if ((a < 0 ? -a : a) + (b < 0 ? -b : b) > k.pair_abs_limit) return false;
      }
    }
  }
  return true;
}

}  // namespace octet
