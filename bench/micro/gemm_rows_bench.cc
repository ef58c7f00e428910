// A/B of the tile heights of one GEMM path: gemm_rows/<layer>/<tiles>, the
// GEMM convolution path (make_gemm_path_with) on a ResNet layer, one thread,
// with the avx512vnni 64-wide tiles forced: "6x64" or "7x64" alone, or
// "7x64+6x64" (the plan: each run takes the height that computes fewer rows,
// GemmPlan::rows_kernel). The pixel counts are multiples of 7, so 7x64
// computes no padding rows. GOPS = 2*OH*OW*K*R*S*C / s / 1e9.
// Run interleaved for an A/B in one process:
//   --benchmark_filter=gemm_rows --benchmark_enable_random_interleaving=true
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "bench/micro/micro_operator.h"
#include "octet/octet.h"
#include "src/api/conv2d_shape.h"
#include "src/api/conv2d_validate.h"
#include "src/core/gemm_conv_path.h"
#include "src/core/kernel_table.h"

#if defined(__x86_64__) || defined(_M_X64)
#include "src/x86/gemm_kernels.h"

namespace {

struct Layer {
  const char* name;
  size_t H, W, C, K, R, pad;
};

// bench/layer.cc's rows of these layers (batch 1, stride 1).
const Layer kLayers[] = {
    {"rn50_res5_3x3", 7, 7, 512, 512, 3, 1},
    {"rn50_res4_3x3", 14, 14, 256, 256, 3, 1},
    {"rn50_res4_1x1", 14, 14, 1024, 256, 1, 0},
    {"rn50_res3_3x3", 28, 28, 128, 128, 3, 1},
    {"rn50_res2_3x3", 56, 56, 64, 64, 3, 1},
    {"rn50_res2_1x1b", 56, 56, 64, 256, 1, 0},
};

const octet::GemmKernel* vnni_kernel(const char* name) {
  size_t count = 0;
  const octet::GemmKernel* ks = octet::x86::gemm_kernels(&count);
  for (size_t i = 0; i < count; ++i) {
    if (std::string(ks[i].name) == name) return &ks[i];
  }
  return nullptr;
}

void run_layer(benchmark::State& state, Layer l, const char* main, const char* rows) {
  octet_initialize();
  if (!octet_isa_supported(octet_isa_avx512vnni)) {
    state.SkipWithError("this CPU lacks avx512vnni");
    return;
  }
  std::mt19937 rng(7);
  const octet_bench::MicroOperator m(octet::symmetric_conv_shape(l.C, l.K, 1, l.R, l.R, 1, l.pad), rng);
  octet::ConvConfig cfg;
  if (octet::validate_conv2d(&m.params, &cfg) != octet_status_success) {
    state.SkipWithError(octet_last_error());
    return;
  }
  const octet::GemmKernel* k = vnni_kernel(main);
  const octet::GemmKernel* r = rows ? vnni_kernel(rows) : nullptr;
  std::unique_ptr<octet::ConvPath> path =
      k ? octet::make_gemm_path_with(cfg, *k, octet::choose_gemm_mode(cfg), nullptr, nullptr, r) : nullptr;
  if (!path) {
    state.SkipWithError("no such kernel or mode");
    return;
  }
  const size_t OH = cfg.shape.output_height(l.H), OW = cfg.shape.output_width(l.W);
  std::vector<uint8_t> x(l.H * l.W * l.C), y(OH * OW * l.K);
  for (auto& v : x) v = static_cast<uint8_t>(rng());
  const octet::ConvRunArgs args{1, l.H, l.W, OH, OW, x.data(), l.C, y.data(), l.K, nullptr, 0, nullptr};
  state.SetLabel(octet::gemm_path_kernel_name_for_run(*path, args));
  for (auto _ : state) {
    path->run(args);
    benchmark::DoNotOptimize(y.data());
  }
  const double ops = 2.0 * OH * OW * l.K * l.R * l.R * l.C;
  state.counters["GOPS"] = benchmark::Counter(ops / 1e9, benchmark::Counter::kIsIterationInvariantRate);
}

const int kRegistered = [] {
  struct Tiles {
    const char* label;
    const char* main;
    const char* rows;
  };
  const Tiles tiles[] = {{"6x64", "gemm_u8s8_6x64c4_avx512vnni", nullptr},
                         {"7x64", "gemm_u8s8_7x64c4_avx512vnni", nullptr},
                         {"7x64+6x64", "gemm_u8s8_7x64c4_avx512vnni", "gemm_u8s8_6x64c4_avx512vnni"}};
  for (const Layer& l : kLayers) {
    for (const Tiles& t : tiles) {
      const std::string name = std::string("gemm_rows/") + l.name + "/" + t.label;
      benchmark::RegisterBenchmark(name.c_str(), run_layer, l, t.main, t.rows)->Unit(benchmark::kMicrosecond);
    }
  }
  return 0;
}();

}  // namespace
#endif
