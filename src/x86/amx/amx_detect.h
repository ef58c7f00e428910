// AMX-INT8 detection and the Linux tile-data permission (issue 16).
//
// Debian's cpuinfo does not know AMX, so the x86 kernel table asks this probe.
// AMX is usable only when all of these hold:
//   CPUID.7.0:EDX  AMX-TILE (bit 24) and AMX-INT8 (bit 25);
//   CPUID.1:ECX    OSXSAVE (bit 27), so that XGETBV may run, and
//   XCR0           XTILECFG (bit 17) and XTILEDATA (bit 18) enabled by the OS;
//   CPUID.1DH      palette 1 exists (some hypervisors advertise AMX without
//                  it) with the geometry the kernels assume: 1024 bytes per
//                  tile, 64 bytes per row, 16 rows, at least 8 tile names;
//   CPUID.1EH      the TMUL takes K = 16 rows and N = 64 bytes;
//   Linux          arch_prctl(ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA) has
//                  granted this process the tile data (without it the first
//                  tile instruction raises SIGILL), confirmed by
//                  ARCH_GET_XCOMP_PERM.
// Any failure means "no AMX", never a fault. The decision is a pure function
// of the raw values (amx_check_cpu, amx_check_perm) so that tests can feed it
// every failure; amx_status() runs the real probes once per process.
#pragma once

#include <cstdint>

namespace octet::x86 {

// The raw CPUID / XCR0 words the decision reads. Leaves above max_leaf, and
// XCR0 without OSXSAVE, are left 0 by amx_read_cpuid (never executed).
struct AmxCpuid {
  uint32_t max_leaf = 0;        // CPUID.0:EAX
  uint32_t leaf1_ecx = 0;       // CPUID.1:ECX
  uint32_t leaf7_edx = 0;       // CPUID.(7,0):EDX
  uint64_t xcr0 = 0;            // XGETBV(0)
  uint32_t tile_eax = 0;        // CPUID.(1DH,0):EAX, the highest palette
  uint32_t palette1_eax = 0;    // CPUID.(1DH,1):EAX  total tile bytes [15:0], bytes per tile [31:16]
  uint32_t palette1_ebx = 0;    //                EBX  bytes per row [15:0], tile names [31:16]
  uint32_t palette1_ecx = 0;    //                ECX  max rows [15:0]
  uint32_t tmul_ebx = 0;        // CPUID.(1EH,0):EBX  tmul_maxk [7:0], tmul_maxn [23:8]
};

// What arch_prctl answered: the return values of the request and of the
// query, and the permitted xfeature mask the query wrote.
struct AmxPerm {
  long request_rc = -1;
  long get_rc = -1;
  uint64_t permitted = 0;
};

enum class AmxStatus {
  kOk,
  kNoLeaf7,             // CPUID has no leaf 7
  kNoAmxTile,           // CPUID.7:EDX[24]
  kNoAmxInt8,           // CPUID.7:EDX[25]
  kNoOsxsave,           // CPUID.1:ECX[27]: XGETBV would fault
  kTileStateDisabled,   // XCR0[18:17] != 11b
  kNoTileLeaves,        // CPUID has no leaf 1DH / 1EH
  kNoPalette1,          // CPUID.1DH: highest palette < 1
  kPaletteGeometry,     // palette 1 is not 8+ tiles of 16 rows x 64 bytes
  kTmulLimits,          // TMUL K < 16 rows or N < 64 bytes
  kPermissionRequest,   // ARCH_REQ_XCOMP_PERM failed (kernel < 5.16, seccomp, ...)
  kPermissionNotGranted,  // ARCH_GET_XCOMP_PERM failed or lacks XTILEDATA
};

// The CPU / OS-enablement part of the decision (before asking for permission).
AmxStatus amx_check_cpu(const AmxCpuid& c);
// The permission part: both calls succeeded and XTILEDATA is permitted.
AmxStatus amx_check_perm(const AmxPerm& p);
const char* amx_status_name(AmxStatus s);

// This CPU's words; executes only the CPUID leaves and XGETBV that exist.
AmxCpuid amx_read_cpuid();
// Asks Linux for the tile data permission and reads back what it granted.
AmxPerm amx_request_perm();

// The verdict for this process, computed once (std::call_once): the CPU
// check, then, only if it passed, the permission request.
AmxStatus amx_status();
inline bool amx_available() { return amx_status() == AmxStatus::kOk; }

}  // namespace octet::x86
