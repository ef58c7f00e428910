// How evenly the CPUs this process may run on serve it at the moment: the
// peak sequence of bench/peak/peak.h run on each CPU in turn. On a shared
// host one vCPU can run vector code a quarter slower than the other for
// seconds at a time (measured on a 2-vCPU Zen 4 guest: a depthwise layer
// alone 47.6 us on one vCPU and 64.2 us on the other, then equal a minute
// later); a two-thread speedup measured then is bounded by the slower core,
// whatever the library does.
#pragma once

#include <vector>

#include "bench/peak/peak.h"

namespace octet_bench {

struct CoreSpeeds {
  std::vector<int> cpus;      // the process's CPUs (its affinity mask)
  std::vector<double> gops;   // per CPU: median of the probes
  double balance = 0;         // slowest / fastest (1 = even; 0 = not measured)
};

// `probes` rounds of about `seconds` on each CPU (a thread pinned to it, the
// CPUs one after another, the caller waiting). Not measured (balance 0) on
// fewer than two CPUs or where threads cannot be pinned. Run it while no
// thread pool spins: a pinned probe makes the scheduler move such a pool's
// worker onto the caller's CPU.
CoreSpeeds measure_core_speeds(PeakKernel kernel, double seconds, int probes);

}  // namespace octet_bench
