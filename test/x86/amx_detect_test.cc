// AMX detection (src/x86/amx/amx_detect.h): the decision on fake CPUID /
// XCR0 / arch_prctl values, one failure at a time, and the real probe on this
// machine (which must answer without faulting, and agree with the ISA query).
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "octet/octet.h"
#include "src/x86/amx/amx_detect.h"

namespace octet::x86 {
namespace {

// What a Sapphire Rapids core with a 5.16+ kernel reports.
AmxCpuid good_cpu() {
  AmxCpuid c;
  c.max_leaf = 0x20;
  c.leaf1_ecx = 1u << 27;                          // OSXSAVE
  c.leaf7_edx = (1u << 22) | (1u << 24) | (1u << 25);  // AMX-BF16, AMX-TILE, AMX-INT8
  c.xcr0 = 0x602e7;                                // x87 .. AVX-512, PKRU, XTILECFG, XTILEDATA
  c.tile_eax = 1;
  c.palette1_eax = (1024u << 16) | 8192u;
  c.palette1_ebx = (8u << 16) | 64u;
  c.palette1_ecx = 16;
  c.tmul_ebx = (64u << 8) | 16u;
  return c;
}

AmxPerm good_perm() {
  AmxPerm p;
  p.request_rc = 0;
  p.get_rc = 0;
  p.permitted = 0x602e7;
  return p;
}

TEST(AmxDetect, GoodCpuAndPermission) {
  EXPECT_EQ(amx_check_cpu(good_cpu()), AmxStatus::kOk);
  EXPECT_EQ(amx_check_perm(good_perm()), AmxStatus::kOk);
}

TEST(AmxDetect, EachCpuFailure) {
  struct Case {
    const char* what;
    void (*spoil)(AmxCpuid&);
    AmxStatus want;
  };
  const Case cases[] = {
      {"max leaf 6", [](AmxCpuid& c) { c.max_leaf = 6; }, AmxStatus::kNoLeaf7},
      {"no AMX-TILE", [](AmxCpuid& c) { c.leaf7_edx &= ~(1u << 24); }, AmxStatus::kNoAmxTile},
      {"no AMX-INT8 (BF16 only)", [](AmxCpuid& c) { c.leaf7_edx &= ~(1u << 25); }, AmxStatus::kNoAmxInt8},
      {"no OSXSAVE", [](AmxCpuid& c) { c.leaf1_ecx = 0; }, AmxStatus::kNoOsxsave},
      {"XCR0 without XTILECFG", [](AmxCpuid& c) { c.xcr0 &= ~(uint64_t{1} << 17); }, AmxStatus::kTileStateDisabled},
      {"XCR0 without XTILEDATA", [](AmxCpuid& c) { c.xcr0 &= ~(uint64_t{1} << 18); },
       AmxStatus::kTileStateDisabled},
      {"max leaf 1CH", [](AmxCpuid& c) { c.max_leaf = 0x1C; }, AmxStatus::kNoTileLeaves},
      {"max leaf 1DH (no TMUL leaf)", [](AmxCpuid& c) { c.max_leaf = 0x1D; }, AmxStatus::kNoTileLeaves},
      {"max palette 0", [](AmxCpuid& c) { c.tile_eax = 0; }, AmxStatus::kNoPalette1},
      {"palette 1 all zero (hypervisor)",
       [](AmxCpuid& c) { c.palette1_eax = c.palette1_ebx = c.palette1_ecx = 0; }, AmxStatus::kPaletteGeometry},
      {"512 bytes per tile", [](AmxCpuid& c) { c.palette1_eax = (512u << 16) | 4096u; },
       AmxStatus::kPaletteGeometry},
      {"32 bytes per row", [](AmxCpuid& c) { c.palette1_ebx = (8u << 16) | 32u; }, AmxStatus::kPaletteGeometry},
      {"4 tile names", [](AmxCpuid& c) { c.palette1_ebx = (4u << 16) | 64u; }, AmxStatus::kPaletteGeometry},
      {"8 rows", [](AmxCpuid& c) { c.palette1_ecx = 8; }, AmxStatus::kPaletteGeometry},
      {"TMUL K 8", [](AmxCpuid& c) { c.tmul_ebx = (64u << 8) | 8u; }, AmxStatus::kTmulLimits},
      {"TMUL N 32 bytes", [](AmxCpuid& c) { c.tmul_ebx = (32u << 8) | 16u; }, AmxStatus::kTmulLimits},
      {"TMUL leaf zero", [](AmxCpuid& c) { c.tmul_ebx = 0; }, AmxStatus::kTmulLimits},
  };
  for (const Case& k : cases) {
    AmxCpuid c = good_cpu();
    k.spoil(c);
    EXPECT_EQ(amx_check_cpu(c), k.want) << k.what << ": got " << amx_status_name(amx_check_cpu(c));
  }
  // A CPU with none of it (this Zen 4, a hypervisor hiding leaf 7 bits).
  EXPECT_EQ(amx_check_cpu(AmxCpuid{}), AmxStatus::kNoLeaf7);
}

TEST(AmxDetect, EachPermissionFailure) {
  AmxPerm p = good_perm();
  p.request_rc = -1;  // EINVAL: a kernel before 5.16
  EXPECT_EQ(amx_check_perm(p), AmxStatus::kPermissionRequest);
  p = good_perm();
  p.get_rc = -1;
  EXPECT_EQ(amx_check_perm(p), AmxStatus::kPermissionNotGranted);
  p = good_perm();
  p.permitted &= ~(uint64_t{1} << 18);  // request "succeeded" but XTILEDATA is not in the mask
  EXPECT_EQ(amx_check_perm(p), AmxStatus::kPermissionNotGranted);
  EXPECT_EQ(amx_check_perm(AmxPerm{}), AmxStatus::kPermissionRequest);
}

bool cpuinfo_says_amx_int8() {
  std::ifstream f("/proc/cpuinfo");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("flags", 0) == 0) return line.find(" amx_int8") != std::string::npos;
  }
  return false;
}

TEST(AmxDetect, ThisMachine) {
  octet_initialize();
  // Several threads asking at once get one answer (std::call_once).
  std::vector<AmxStatus> seen(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < seen.size(); ++i) threads.emplace_back([&seen, i] { seen[i] = amx_status(); });
  for (std::thread& t : threads) t.join();
  for (AmxStatus s : seen) EXPECT_EQ(s, seen[0]);
  const AmxStatus s = amx_status();
  std::printf("AMX on this machine: %s\n", amx_status_name(s));
  if (!cpuinfo_says_amx_int8()) {
    EXPECT_NE(s, AmxStatus::kOk);
    EXPECT_FALSE(octet_isa_supported(octet_isa_amx));
  }
  if (s != AmxStatus::kOk) {
    EXPECT_FALSE(octet_isa_supported(octet_isa_amx));
  }
  // The raw words agree with the decision.
  EXPECT_EQ(amx_check_cpu(amx_read_cpuid()) == AmxStatus::kOk, s == AmxStatus::kOk || s >= AmxStatus::kPermissionRequest);
}

}  // namespace
}  // namespace octet::x86
