#include "src/core/isa.h"

#include <cpuinfo.h>

#include <atomic>
#include <cstdlib>
#include <mutex>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif
#if defined(__aarch64__) && defined(__linux__)
#include <sys/auxv.h>
#endif

namespace octet {

namespace {

std::once_flag g_once;
bool g_ok = false;
std::atomic<int> g_cap{octet_isa_best};

#if defined(__x86_64__) || defined(__i386__)
// AVX-VNNI (the VEX-encoded vpdpbusd on ymm): CPUID.(EAX=7,ECX=1):EAX bit 4.
// This cpuinfo release predates the flag, so we read it ourselves; ymm state
// being enabled by the OS is already implied by cpuinfo's AVX2 check.
bool probe_avxvnni() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid_count(7, 1, &a, &b, &c, &d)) return false;
  return ((a >> 4) & 1) != 0 && cpuinfo_has_x86_avx2();
}
#endif

#if defined(__aarch64__) && defined(__linux__)
// i8mm (smmla/usmmla): this cpuinfo release has no flag for it; Linux reports
// it as HWCAP2_I8MM (bit 13 of AT_HWCAP2).
bool probe_i8mm() { return (getauxval(AT_HWCAP2) & (1ul << 13)) != 0; }
#endif

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

bool isa_supported(octet_isa isa) {
  if (!initialize_isa()) return isa == octet_isa_scalar;
  switch (isa) {
    case octet_isa_scalar: return true;
#if defined(__x86_64__) || defined(__i386__)
    case octet_isa_avx2: return cpuinfo_has_x86_avx2();
    case octet_isa_avx512bw:
      return cpuinfo_has_x86_avx512f() && cpuinfo_has_x86_avx512bw() && cpuinfo_has_x86_avx512vl();
    case octet_isa_avxvnni: return probe_avxvnni();
    case octet_isa_avx512vnni:
      return cpuinfo_has_x86_avx512f() && cpuinfo_has_x86_avx512bw() && cpuinfo_has_x86_avx512vl() &&
             cpuinfo_has_x86_avx512vnni();
#endif
#if defined(__aarch64__)
    case octet_isa_neon: return cpuinfo_has_arm_neon();
    case octet_isa_neondot: return cpuinfo_has_arm_neon_dot();
#if defined(__linux__)
    case octet_isa_neoni8mm: return cpuinfo_has_arm_neon_dot() && probe_i8mm();
#endif
#endif
    default: return false;
  }
}

int isa_rank(octet_isa isa) {
  switch (isa) {
    case octet_isa_scalar: return 0;
#if defined(__x86_64__) || defined(__i386__)
    case octet_isa_avx2: return 1;
    case octet_isa_avx512bw: return 2;
    case octet_isa_avxvnni: return 3;
    case octet_isa_avx512vnni: return 4;
#endif
#if defined(__aarch64__)
    case octet_isa_neon: return 1;
    case octet_isa_neondot: return 2;
    case octet_isa_neoni8mm: return 3;
#endif
    case octet_isa_best: return 1000;
    default: return -1;
  }
}

octet_isa best_isa_under(octet_isa cap) {
  static const octet_isa kOrder[] = {octet_isa_avx512vnni, octet_isa_avxvnni, octet_isa_avx512bw,
                                     octet_isa_avx2,       octet_isa_neoni8mm, octet_isa_neondot,
                                     octet_isa_neon};
  const int cap_rank = isa_rank(cap);
  for (octet_isa isa : kOrder) {
    const int r = isa_rank(isa);
    if (r > 0 && r <= cap_rank && isa_supported(isa)) return isa;
  }
  return octet_isa_scalar;
}

octet_isa current_cap() { return static_cast<octet_isa>(g_cap.load()); }
void set_cap(octet_isa cap) { g_cap.store(cap); }

}  // namespace octet
