#include "src/core/isa.h"

#include <cpuinfo.h>

#include <atomic>
#include <cstdlib>
#include <mutex>

#include "src/core/kernel_table.h"

namespace octet {

namespace {

std::once_flag g_once;
bool g_ok = false;
std::atomic<int> g_cap{octet_isa_best};

void init_once() {
  g_ok = cpuinfo_initialize();
  if (const char* env = std::getenv("OCTET_ISA")) {
    octet_isa cap = octet_isa_best;
    if (octet_isa_from_name(env, &cap) == octet_status_success) g_cap.store(cap);
  }
}

}  // namespace

bool initialize_isa() {
  std::call_once(g_once, init_once);
  return g_ok;
}

// What each ISA needs of the CPU and OS is the architecture's business: its
// kernel table's isa_detected (src/<arch>/config.cc).
bool isa_supported(octet_isa isa) {
  if (isa == octet_isa_scalar) return true;
  if (!initialize_isa()) return false;
  const KernelTable& t = arch_kernel_table();
  for (size_t i = 0; i < t.isa_count; ++i) {
    if (t.isas[i] == isa) return t.isa_detected(isa);
  }
  return false;
}

int isa_rank(octet_isa isa) { return KernelSelector::this_cpu().rank(isa); }

octet_isa best_isa_under(octet_isa cap) { return KernelSelector::this_cpu().best_isa_under(cap); }

octet_isa current_cap() { return static_cast<octet_isa>(g_cap.load()); }
void set_cap(octet_isa cap) { g_cap.store(cap); }

}  // namespace octet
