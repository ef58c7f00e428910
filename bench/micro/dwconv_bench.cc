// Micro benchmarks of the depthwise and small-group convolution paths:
// dwconv/<path>_<isa>/<shape>, one thread, through the public C API (so the
// prep pass and the row loop are included, as a user would run them).
// GOPS = 2*N*OH*OW*K*R*S*(C/groups) / s / 1e9.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "octet/octet.h"
#include "bench/micro/micro_operator.h"
#include "src/api/conv2d_shape.h"

namespace {

struct DwShape {
  const char* name;
  size_t H, W, C, K, groups, R, S, stride, pad;
};

const DwShape kShapes[] = {
    {"mbv2_dw_112", 112, 112, 32, 32, 32, 3, 3, 1, 1},
    {"mbv2_dw_56_s2", 112, 112, 96, 96, 96, 3, 3, 2, 1},
    {"mbv2_dw_14", 14, 14, 576, 576, 576, 3, 3, 1, 1},
    {"mbv3_dw5x5_28", 28, 28, 240, 240, 240, 5, 5, 1, 2},
    {"dw_m2_56", 56, 56, 64, 128, 64, 3, 3, 1, 1},
    {"rnx_3x3_g32", 56, 56, 128, 128, 32, 3, 3, 1, 1},
    {"rnx_3x3_g32_28", 28, 28, 256, 256, 32, 3, 3, 1, 1},
    {"gconv_cg8_56", 56, 56, 128, 128, 16, 3, 3, 1, 1},
};

octet::ref::ConvShape shape_of(const DwShape& s) {
  return octet::symmetric_conv_shape(s.C, s.K, s.groups, s.R, s.S, s.stride, s.pad);
}

octet_conv2d_params shape_params(const DwShape& s) { return octet::conv2d_params_for_shape(shape_of(s)); }

// Each benchmark names its ISA: create under that cap, then give the caller's
// cap (OCTET_ISA, --isa) back.
octet_status create_at_isa(const octet_conv2d_params& p, octet_isa isa, octet_conv2d_t* op) {
  const octet_isa previous_cap = octet_isa_cap();
  octet_set_isa_cap(isa);
  const octet_status st = octet_conv2d_create(&p, op);
  octet_set_isa_cap(previous_cap);
  return st;
}

void run_shape(benchmark::State& state, DwShape s, octet_isa isa) {
  std::mt19937 rng(7);
  const size_t cg = s.C / s.groups;
  const octet_bench::MicroOperator m(shape_of(s), rng);
  octet_conv2d_t op = nullptr;
  if (create_at_isa(m.params, isa, &op) != octet_status_success) {
    state.SkipWithError(octet_last_error());
    return;
  }
  size_t OH = 0, OW = 0, wsz = 0;
  octet_conv2d_output_size(op, s.H, s.W, &OH, &OW);
  octet_conv2d_workspace_size(op, 1, s.H, s.W, 1, &wsz);
  std::vector<uint8_t> x(s.H * s.W * s.C), y(OH * OW * s.K), ws(wsz);
  for (auto& v : x) v = static_cast<uint8_t>(rng());
  for (auto _ : state) {
    octet_conv2d_run(op, 1, s.H, s.W, x.data(), 0, y.data(), 0, ws.data(), wsz, nullptr);
    benchmark::DoNotOptimize(y.data());
  }
  const double ops = 2.0 * OH * OW * s.K * s.R * s.S * cg;
  state.counters["GOPS"] = benchmark::Counter(ops / 1e9, benchmark::Counter::kIsIterationInvariantRate);
  state.SetLabel(octet_conv2d_path(op));
  octet_conv2d_destroy(op);
}

int register_all() {
  octet_initialize();
  const octet_isa isas[] = {octet_isa_avx2, octet_isa_avx512bw, octet_isa_avx512vnni,
                            octet_isa_neon, octet_isa_neondot};
  for (octet_isa isa : isas) {
    if (!octet_isa_supported(isa)) continue;
    for (const DwShape& s : kShapes) {
      // The path name is only known once an operator exists: create one to name the benchmark.
      const size_t cg = s.C / s.groups;
      std::vector<int8_t> w(s.K * s.R * s.S * cg, 1);
      const double one = 1.0;
      octet_conv2d_params p = shape_params(s);
      p.weights = w.data();
      p.weight_scales = &one;
      octet_conv2d_t op = nullptr;
      std::string kernel = "unknown";
      if (create_at_isa(p, isa, &op) == octet_status_success) {
        kernel = std::string(octet_conv2d_path(op)) + "_" + octet_isa_name(octet_conv2d_isa(op));
        octet_conv2d_destroy(op);
      }
      const std::string name = "dwconv/" + kernel + "/" + s.name;
      benchmark::RegisterBenchmark(name.c_str(), run_shape, s, isa)->Unit(benchmark::kMicrosecond);
    }
  }
  return 0;
}

const int kRegistered = register_all();

}  // namespace
