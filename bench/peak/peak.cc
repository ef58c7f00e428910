#include "bench/peak/peak.h"

#include <algorithm>
#include <chrono>

namespace octet_bench {

std::vector<PeakResult> available_peaks() {
  struct Entry {
    const char* name;
    octet_isa isa;
    PeakKernel kernel;
  };
  const Entry all[] = {
#if defined(__x86_64__) || defined(_M_X64)
      {"avx2_exact", octet_isa_avx2, peak_avx2_exact},
      {"avx2_saturating", octet_isa_avx2, peak_avx2_saturating},
      {"avx512bw_exact", octet_isa_avx512bw, peak_avx512bw_exact},
      {"avxvnni_ymm", octet_isa_avxvnni, peak_avxvnni_ymm},
      {"avx512vnni_ymm", octet_isa_avx512vnni, peak_avx512vnni_ymm},
      {"avx512vnni_zmm", octet_isa_avx512vnni, peak_avx512vnni_zmm},
#endif
#if defined(__aarch64__)
      {"neon_smlal", octet_isa_neon, peak_neon_smlal},
      {"neondot_sdot", octet_isa_neondot, peak_neondot_sdot},
      {"neoni8mm_smmla", octet_isa_neoni8mm, peak_neoni8mm_smmla},
#endif
  };
  std::vector<PeakResult> out;
  for (const Entry& e : all) {
    if (octet_isa_supported(e.isa)) out.push_back({e.name, e.isa, e.kernel, 0.0});
  }
  return out;
}

uint64_t peak_iterations(PeakKernel kernel, double seconds) {
  using clock = std::chrono::steady_clock;
  uint64_t iters = 1000;
  for (;;) {
    const auto t0 = clock::now();
    kernel(iters);
    const double dt = std::chrono::duration<double>(clock::now() - t0).count();
    if (dt > seconds / 4 || iters > (uint64_t(1) << 40)) {
      iters = static_cast<uint64_t>(static_cast<double>(iters) * seconds / std::max(dt, 1e-9)) + 1;
      break;
    }
    iters *= 8;
  }
  return iters;
}

double measure_peak_gops(PeakKernel kernel, double seconds, int repeats) {
  using clock = std::chrono::steady_clock;
  const uint64_t iters = peak_iterations(kernel, seconds);
  double best = 0;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = clock::now();
    const uint64_t macs = kernel(iters);
    const double dt = std::chrono::duration<double>(clock::now() - t0).count();
    best = std::max(best, 2.0 * static_cast<double>(macs) / dt / 1e9);
  }
  return best;
}

double peak_for_isa(const std::vector<PeakResult>& peaks, octet_isa isa, std::string* which,
                    std::string* candidates) {
  double best = 0;
  candidates->clear();
  for (const PeakResult& p : peaks) {
    // neoni8mm kernels also use sdot for tails: the best of both is its peak.
    const bool match = isa == octet_isa_scalar || p.isa == isa ||
                       (isa == octet_isa_neoni8mm && p.isa == octet_isa_neondot);
    if (match) *candidates += (candidates->empty() ? "" : ",") + p.name;
    if (match && p.gops > best) {
      best = p.gops;
      *which = p.name;
    }
  }
  return best;
}

}  // namespace octet_bench
