#include "bench/peak/core_speeds.h"

#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <thread>

namespace octet_bench {

namespace {

using Clock = std::chrono::steady_clock;

// GOPS of kernel(iters) on a thread pinned to `cpu`; 0 if it cannot be pinned.
double probe_on(int cpu, PeakKernel kernel, uint64_t iters) {
  double gops = 0;
  std::thread th([&] {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (pthread_setaffinity_np(pthread_self(), sizeof set, &set) != 0) return;
    sched_yield();  // let the scheduler move the thread before the clock starts
    const Clock::time_point t0 = Clock::now();
    const uint64_t macs = kernel(iters);
    const double dt = std::chrono::duration<double>(Clock::now() - t0).count();
    if (dt > 0) gops = 2.0 * static_cast<double>(macs) / dt / 1e9;
  });
  th.join();
  return gops;
}

}  // namespace

CoreSpeeds measure_core_speeds(PeakKernel kernel, double seconds, int probes) {
  CoreSpeeds out;
  cpu_set_t mask;
  CPU_ZERO(&mask);
  if (sched_getaffinity(0, sizeof mask, &mask) != 0) return out;
  for (int c = 0; c < CPU_SETSIZE; ++c) {
    if (CPU_ISSET(c, &mask)) out.cpus.push_back(c);
  }
  if (out.cpus.size() < 2 || kernel == nullptr || probes < 1) return out;
  const uint64_t iters = peak_iterations(kernel, seconds);  // on the caller's CPU
  std::vector<std::vector<double>> runs(out.cpus.size());
  for (int p = 0; p < probes; ++p) {
    for (size_t i = 0; i < out.cpus.size(); ++i) runs[i].push_back(probe_on(out.cpus[i], kernel, iters));
  }
  double lo = 0, hi = 0;
  for (size_t i = 0; i < runs.size(); ++i) {
    std::sort(runs[i].begin(), runs[i].end());
    const double m = runs[i][runs[i].size() / 2];
    if (m <= 0) return CoreSpeeds{out.cpus, {}, 0};
    out.gops.push_back(m);
    lo = i == 0 ? m : std::min(lo, m);
    hi = std::max(hi, m);
  }
  out.balance = lo / hi;
  return out;
}

}  // namespace octet_bench
