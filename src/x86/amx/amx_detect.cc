#include "src/x86/amx/amx_detect.h"

#include <cpuid.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <mutex>

namespace octet::x86 {

namespace {

// Linux's arch_prctl codes and the xfeature number of the tile data
// (arch/x86/include/uapi/asm/prctl.h; glibc 2.36 does not name them).
constexpr int kArchGetXcompPerm = 0x1022;
constexpr int kArchReqXcompPerm = 0x1023;
constexpr int kXfeatureXtiledata = 18;

constexpr uint64_t kXcr0Tile = (uint64_t{1} << 17) | (uint64_t{1} << 18);

uint32_t bits(uint32_t v, int lo, int n) { return (v >> lo) & ((uint32_t{1} << n) - 1); }

}  // namespace

AmxStatus amx_check_cpu(const AmxCpuid& c) {
  if (c.max_leaf < 7) return AmxStatus::kNoLeaf7;
  if (!bits(c.leaf7_edx, 24, 1)) return AmxStatus::kNoAmxTile;
  if (!bits(c.leaf7_edx, 25, 1)) return AmxStatus::kNoAmxInt8;
  if (!bits(c.leaf1_ecx, 27, 1)) return AmxStatus::kNoOsxsave;
  if ((c.xcr0 & kXcr0Tile) != kXcr0Tile) return AmxStatus::kTileStateDisabled;
  if (c.max_leaf < 0x1E) return AmxStatus::kNoTileLeaves;
  if (c.tile_eax < 1) return AmxStatus::kNoPalette1;
  // The kernels and the tile configuration assume palette 1 as the SDM
  // defines it; anything else (a hypervisor's partial model) is not AMX to us.
  const bool geometry = bits(c.palette1_eax, 16, 16) == 1024 && bits(c.palette1_ebx, 0, 16) == 64 &&
                        bits(c.palette1_ebx, 16, 16) >= 8 && bits(c.palette1_ecx, 0, 16) == 16;
  if (!geometry) return AmxStatus::kPaletteGeometry;
  if (bits(c.tmul_ebx, 0, 8) < 16 || bits(c.tmul_ebx, 8, 16) < 64) return AmxStatus::kTmulLimits;
  return AmxStatus::kOk;
}

AmxStatus amx_check_perm(const AmxPerm& p) {
  if (p.request_rc != 0) return AmxStatus::kPermissionRequest;
  if (p.get_rc != 0 || !((p.permitted >> kXfeatureXtiledata) & 1)) return AmxStatus::kPermissionNotGranted;
  return AmxStatus::kOk;
}

const char* amx_status_name(AmxStatus s) {
  switch (s) {
    case AmxStatus::kOk: return "ok";
    case AmxStatus::kNoLeaf7: return "no CPUID leaf 7";
    case AmxStatus::kNoAmxTile: return "no AMX-TILE";
    case AmxStatus::kNoAmxInt8: return "no AMX-INT8";
    case AmxStatus::kNoOsxsave: return "no OSXSAVE";
    case AmxStatus::kTileStateDisabled: return "tile state not enabled in XCR0";
    case AmxStatus::kNoTileLeaves: return "no CPUID leaves 1DH/1EH";
    case AmxStatus::kNoPalette1: return "no tile palette 1";
    case AmxStatus::kPaletteGeometry: return "tile palette 1 geometry unexpected";
    case AmxStatus::kTmulLimits: return "TMUL limits below 16 x 64 bytes";
    case AmxStatus::kPermissionRequest: return "ARCH_REQ_XCOMP_PERM failed";
    case AmxStatus::kPermissionNotGranted: return "XTILEDATA not permitted";
  }
  return "unknown";
}

AmxCpuid amx_read_cpuid() {
  AmxCpuid c;
  unsigned a = 0, b = 0, cx = 0, d = 0;
  c.max_leaf = __get_cpuid_max(0, nullptr);
  if (c.max_leaf >= 1) {
    __cpuid(1, a, b, cx, d);
    c.leaf1_ecx = cx;
  }
  if (c.max_leaf >= 7) {
    __cpuid_count(7, 0, a, b, cx, d);
    c.leaf7_edx = d;
  }
  if ((c.leaf1_ecx >> 27) & 1) {
    // XGETBV(0) by opcode: no -mxsave needed for this generic file.
    uint32_t lo = 0, hi = 0;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    c.xcr0 = (uint64_t{hi} << 32) | lo;
  }
  if (c.max_leaf >= 0x1D) {
    __cpuid_count(0x1D, 0, a, b, cx, d);
    c.tile_eax = a;
    if (c.tile_eax >= 1) {
      __cpuid_count(0x1D, 1, a, b, cx, d);
      c.palette1_eax = a;
      c.palette1_ebx = b;
      c.palette1_ecx = cx;
    }
  }
  if (c.max_leaf >= 0x1E) {
    __cpuid_count(0x1E, 0, a, b, cx, d);
    c.tmul_ebx = b;
  }
  return c;
}

AmxPerm amx_request_perm() {
  AmxPerm p;
  p.request_rc = syscall(SYS_arch_prctl, kArchReqXcompPerm, kXfeatureXtiledata);
  unsigned long mask = 0;
  p.get_rc = syscall(SYS_arch_prctl, kArchGetXcompPerm, &mask);
  p.permitted = mask;
  return p;
}

AmxStatus amx_status() {
  // The permission is per process and requested once; every thread then
  // shares it (Linux copies it to threads created later, too).
  static std::once_flag once;
  static AmxStatus status = AmxStatus::kNoLeaf7;
  std::call_once(once, [] {
    status = amx_check_cpu(amx_read_cpuid());
    if (status == AmxStatus::kOk) status = amx_check_perm(amx_request_perm());
  });
  return status;
}

}  // namespace octet::x86
