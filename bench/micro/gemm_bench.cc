// Micro benchmarks of the x86 GEMM microkernels: gemm/<kernel>/kc:<kc>/ks:<ks>.
// A small GEMM of M rows x 4 panels runs kernel call after kernel call on
// packed weights (as the convolution path does), one thread; weights and
// activations are warm in cache. gemm/<kernel>/kc:<kc>/ks:<ks>/n:<n>: the
// same on the panels of n output channels (the last one partial: its padding
// columns are computed but not counted), to compare tiles on a layer's N, as
// 24 (mbv2_pw_56, 144 -> 24). Counters: GOPS (2 * M * N * kc * ks / s) and
// %peak (against the ISA's int8 peak measured by bench/peak: for avx2 the
// faster of the exact vpmaddwd and the saturating vpmaddubsw sequences, as for
// avx512bw).
// Kernels whose ISA this CPU lacks are skipped with a message.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "bench/peak/peak.h"
#include "octet/octet.h"
#include "src/core/gemm_ukernel.h"

#if defined(__x86_64__) || defined(_M_X64)
#include "src/x86/gemm_kernels.h"

namespace {

struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};

double isa_peak(octet_isa isa) {
  static std::map<int, double> cache;
  auto it = cache.find(isa);
  if (it != cache.end()) return it->second;
  double peak = 0;
  using octet_bench::measure_peak_gops;
  switch (isa) {
    case octet_isa_avx2:
      peak = std::max(measure_peak_gops(octet_bench::peak_avx2_exact, 0.1, 3),
                      measure_peak_gops(octet_bench::peak_avx2_saturating, 0.1, 3));
      break;
    case octet_isa_avx512bw:
      peak = std::max(measure_peak_gops(octet_bench::peak_avx512bw_exact, 0.1, 3),
                      measure_peak_gops(octet_bench::peak_avx512bw_saturating, 0.1, 3));
      break;
    case octet_isa_avxvnni: peak = measure_peak_gops(octet_bench::peak_avxvnni_ymm, 0.1, 3); break;
    case octet_isa_avx512vnni: peak = measure_peak_gops(octet_bench::peak_avx512vnni_zmm, 0.1, 3); break;
    default: break;
  }
  cache[isa] = peak;
  return peak;
}

// n: the output channels, 0 for 4 full panels.
void gemm_bench(benchmark::State& state, octet::GemmKernel k, size_t kc, size_t ks, size_t n) {
  octet_initialize();
  if (!octet_isa_supported(k.isa)) {
    state.SkipWithError((std::string("this CPU lacks ") + octet_isa_name(k.isa)).c_str());
    return;
  }
  const size_t N = n != 0 ? n : 4 * k.nr, kPanels = (N + k.nr - 1) / k.nr;
  const size_t M = k.mr * (96 / k.mr);
  std::mt19937 rng(1);
  octet::ConvConfig cfg;
  cfg.shape.C = kc;
  cfg.shape.K = N;
  cfg.shape.S = ks;
  cfg.weights.resize(N * kc * ks);
  for (int8_t& w : cfg.weights) {
    // A pair-limited kernel is only ever run on weights that pass its check.
    w = k.pair_abs_limit ? static_cast<int8_t>(static_cast<int>(rng() % 129) - 64) : static_cast<int8_t>(rng());
  }
  cfg.w_zero_points.assign(N, 0);
  cfg.requant.resize(N);
  for (auto& r : cfg.requant) {
    r.scale = 0.0007f;
    r.bias_float = 3.0f;
  }
  cfg.output = octet::ref::OutputQuant{octet_requant_pytorch_fbgemm, 100, 100, 255};
  const size_t panel_bytes = octet::gemm_panel_bytes(k, ks, kc);
  std::unique_ptr<char, FreeDeleter> packed(static_cast<char*>(std::aligned_alloc(64, kPanels * panel_bytes)));
  for (size_t p = 0; p < kPanels; ++p) {
    octet::gemm_pack_panel(k, cfg, 0, p * k.nr, ks, kc, 128, packed.get() + p * panel_bytes);
  }
  std::vector<uint8_t> x(M * ks * kc);
  for (uint8_t& v : x) v = static_cast<uint8_t>(rng());
  // Indirection as the convolution path lays it out: per tile of MR rows, [t][m].
  std::vector<const void*> a(M * ks);
  for (size_t m0 = 0; m0 < M; m0 += k.mr) {
    for (size_t t = 0; t < ks; ++t) {
      for (size_t i = 0; i < k.mr; ++i) a[m0 * ks + t * k.mr + i] = x.data() + ((m0 + i) * ks + t) * kc;
    }
  }
  std::vector<uint8_t> c(M * N);
  octet::GemmParams params{};
  params.out = octet::simd::OutputParams::from(cfg.output);
  params.out_type = octet_datatype_u8;
  params.input_s8 = false;
  params.a_sums = nullptr;
  const double peak = isa_peak(k.isa);  // measured once per ISA, before timing
  for (auto _ : state) {
    for (size_t p = 0; p < kPanels; ++p) {
      for (size_t m0 = 0; m0 < M; m0 += k.mr) {
        const size_t nc = std::min(k.nr, N - p * k.nr);
        k.fn(k.mr, nc, kc, ks, a.data() + m0 * ks, packed.get() + p * panel_bytes, c.data() + m0 * N + p * k.nr, N,
             &params);
      }
    }
    benchmark::DoNotOptimize(c.data());
  }
  const double ops = 2.0 * static_cast<double>(M * N * kc * ks);
  state.counters["GOPS"] = benchmark::Counter(ops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
  if (peak > 0) {
    state.counters["%peak"] = benchmark::Counter(ops * 1e-9 * 100.0 / peak, benchmark::Counter::kIsIterationInvariantRate);
  }
}

const int kRegistered = [] {
  size_t count = 0;
  const octet::GemmKernel* ks = octet::x86::gemm_kernels(&count);
  const size_t shapes[][2] = {{64, 1}, {256, 1}, {1024, 1}, {147, 1}, {64, 9}, {256, 9}, {512, 9}};
  for (size_t i = 0; i < count; ++i) {
    for (const auto& s : shapes) {
      const std::string name = std::string("gemm/") + ks[i].name + "/kc:" + std::to_string(s[0]) +
                               "/ks:" + std::to_string(s[1]);
      benchmark::RegisterBenchmark(name.c_str(), gemm_bench, ks[i], s[0], s[1], size_t{0});
    }
    // The layers' N that pad some tiles: mbv2_pw_56 (kc 144, N 24).
    const size_t layers[][3] = {{144, 1, 24}};
    for (const auto& l : layers) {
      const std::string name = std::string("gemm/") + ks[i].name + "/kc:" + std::to_string(l[0]) +
                               "/ks:" + std::to_string(l[1]) + "/n:" + std::to_string(l[2]);
      benchmark::RegisterBenchmark(name.c_str(), gemm_bench, ks[i], l[0], l[1], l[2]);
    }
  }
  return 0;
}();

}  // namespace
#endif
