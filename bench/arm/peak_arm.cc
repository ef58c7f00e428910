// octet-bench on AArch64: registers the int8 peak sequences of
// bench/arm/peak_arm.h as peak/neoni8mm_smmla and peak/neon_smlal (the
// neondot_sdot peak comes from bench/peak/peak.cc's table like the x86 ones).
// Built with the baseline flags: the Google Benchmark code instantiated here
// must run on any AArch64 CPU. A sequence whose ISA this CPU lacks is not run:
// registration happens at static initialization, before octet_initialize(), so
// the smmla peak is registered only when the kernel reports i8mm
// (HWCAP2_I8MM, the bit src/core/isa.cc reads), and the benchmark body checks
// octet_isa_supported() again before calling any sequence.
#include <benchmark/benchmark.h>
#include <sys/auxv.h>

#include <chrono>
#include <string>

#include "bench/arm/peak_arm.h"
#include "octet/octet.h"

namespace octet_bench {
namespace {

// Same measurement as main.cc's peak benchmarks: MACs per second as GOPS.
void bm_arm_peak(benchmark::State& st, uint64_t (*kernel)(uint64_t), octet_isa isa) {
  if (!octet_isa_supported(isa)) {
    st.SkipWithError((std::string("this CPU lacks ") + octet_isa_name(isa)).c_str());
    return;
  }
  uint64_t macs = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (auto _ : st) {
    macs += kernel(100000);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (seconds > 0) st.counters["GOPS"] = 2.0 * static_cast<double>(macs) / seconds / 1e9;
}

const bool registered = [] {
  if ((getauxval(AT_HWCAP2) & (1ul << 13)) != 0) {  // HWCAP2_I8MM
    benchmark::RegisterBenchmark("peak/neoni8mm_smmla", bm_arm_peak, peak_neoni8mm_smmla, octet_isa_neoni8mm);
  }
  benchmark::RegisterBenchmark("peak/neon_smlal", bm_arm_peak, peak_neon_smlal, octet_isa_neon);
  return true;
}();

}  // namespace
}  // namespace octet_bench
