// The tile operations an AMX kernel calls, one spelling for both builds:
//   - the library (-mamx-tile -mamx-int8): the real instructions;
//   - the emulated copy the tests build (OCTET_GEMM_EMULATE, src/x86/emulation.h,
//     or OCTET_AMX_EMULATE alone): the software tile file (tile_emu.h).
// Tile numbers must be integer literals: the real intrinsics paste them into
// the instruction text.
#pragma once

#include "src/x86/amx/tile_config.h"

#if defined(OCTET_GEMM_EMULATE) || defined(OCTET_AMX_EMULATE)
#include "src/x86/amx/tile_emu.h"
#define OCTET_TILE_LOADCONFIG(cfg) ::octet::x86::tile_emu::ldtilecfg(cfg)
#define OCTET_TILE_RELEASE() ::octet::x86::tile_emu::tilerelease()
#define OCTET_TILE_LOADD(t, base, stride) ::octet::x86::tile_emu::tileloadd(t, base, static_cast<ptrdiff_t>(stride))
#define OCTET_TILE_STORED(t, base, stride) ::octet::x86::tile_emu::tilestored(t, base, static_cast<ptrdiff_t>(stride))
#define OCTET_TILE_ZERO(t) ::octet::x86::tile_emu::tilezero(t)
#define OCTET_TILE_DPBUSD(c, a, b) ::octet::x86::tile_emu::tdpbusd(c, a, b)
#define OCTET_TILE_DPBSSD(c, a, b) ::octet::x86::tile_emu::tdpbssd(c, a, b)
#else
#include <immintrin.h>
// GCC 12's tile intrinsics are asm statements that tell the compiler only
// about the base pointer (ldtilecfg: its first 8 bytes), not the memory they
// read: a compiler barrier before each makes the stores that filled a
// buffer (the configuration, a copied A row) happen before it.
#define OCTET_TILE_BARRIER() __asm__ volatile("" ::: "memory")
#define OCTET_TILE_LOADCONFIG(cfg) \
  do {                             \
    OCTET_TILE_BARRIER();          \
    _tile_loadconfig(cfg);         \
  } while (0)
#define OCTET_TILE_RELEASE() _tile_release()
#define OCTET_TILE_LOADD(t, base, stride) \
  do {                                    \
    OCTET_TILE_BARRIER();                 \
    _tile_loadd(t, base, stride);         \
  } while (0)
#define OCTET_TILE_STORED(t, base, stride) _tile_stored(t, base, stride)
#define OCTET_TILE_ZERO(t) _tile_zero(t)
#define OCTET_TILE_DPBUSD(c, a, b) _tile_dpbusd(c, a, b)
#define OCTET_TILE_DPBSSD(c, a, b) _tile_dpbssd(c, a, b)
#endif
