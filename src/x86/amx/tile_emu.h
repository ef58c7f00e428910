// A software AMX tile file, so that AMX kernels run (bit-exact, slowly) on any
// x86 machine: neither GCC, SIMDe nor qemu emulates AMX. The AMX kernels call
// the tile operations through src/x86/amx/amx_tiles.h, which maps them here
// when the kernel is compiled for emulation and to the real instructions
// otherwise.
//
// The model follows the Intel SDM pseudocode of palette 1:
//  - 8 tiles of 16 rows x 64 bytes and a configuration (palette, per-tile rows
//    and bytes per row), loaded by ldtilecfg; every op below needs a
//    configured state ("TILES_CONFIGURED") and valid tiles (rows and colsb
//    both nonzero), else #UD. ldtilecfg validates its operand (#GP: palette >
//    1, reserved bytes, rows > 16, colsb > 64, only one of rows/colsb zero)
//    and zeroes all tile data; palette 0 and tilerelease return to the INIT
//    state (unconfigured, all zero).
//  - tileloadd writes the configured rows x colsb bytes from memory and zeroes
//    the rest of the tile (bytes past colsb in each row, rows past rows);
//    tilestored writes exactly rows x colsb bytes; tilezero zeroes the tile.
//  - tdp{bu,bs}sd: M = rows(dst), N = colsb(dst) / 4, K = colsb(src1) / 4;
//    src1 must have M rows, src2 K rows of colsb(dst) bytes; the three tiles
//    distinct and every colsb a multiple of 4 (#UD otherwise). Each dword of
//    dst accumulates four byte products per k with wrapping int32 arithmetic;
//    the rest of dst is zeroed like a load.
// Faults print the SDM exception and abort (tests check them as deaths).
// Deliberate simplification: start_row must be 0 (a real restart after an
// interrupted load is not something a kernel does).
//
// State is thread-local, as the real tile registers are per logical CPU and
// saved per thread by the OS: each thread has its own tile file and
// configuration. The functions are inline with external linkage, so every
// translation unit of a thread sees the same one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "src/x86/amx/tile_config.h"

namespace octet::x86::tile_emu {

struct TileFile {
  bool configured = false;
  TileConfig cfg{};
  alignas(64) uint8_t data[kTileCount][kTileMaxRows][kTileMaxColsb] = {};
};

inline TileFile& tile_file() {
  thread_local TileFile file;
  return file;
}

[[noreturn]] inline void fault(const char* exception, const char* op, const char* why) {
  std::fprintf(stderr, "octet AMX emulator: %s in %s: %s\n", exception, op, why);
  std::abort();
}

// The INIT state: no configuration, all tile data zero.
inline void init_state(TileFile& f) {
  f.configured = false;
  std::memset(&f.cfg, 0, sizeof(f.cfg));
  std::memset(f.data, 0, sizeof(f.data));
}

inline void ldtilecfg(const void* mem) {
  TileConfig c;
  std::memcpy(&c, mem, sizeof(c));
  TileFile& f = tile_file();
  if (c.palette_id > 1) fault("#GP", "ldtilecfg", "palette_id > 1");
  if (c.palette_id == 0) {
    init_state(f);
    return;
  }
  for (uint8_t b : c.reserved0) {
    if (b != 0) fault("#GP", "ldtilecfg", "reserved bytes 2-15 not zero");
  }
  if (c.start_row != 0) fault("#GP", "ldtilecfg", "start_row != 0 (restarts are not emulated)");
  for (int t = kTileCount; t < 16; ++t) {
    if (c.colsb[t] != 0 || c.rows[t] != 0) fault("#GP", "ldtilecfg", "tile beyond palette 1's 8 names configured");
  }
  for (int t = 0; t < kTileCount; ++t) {
    if (c.rows[t] > kTileMaxRows) fault("#GP", "ldtilecfg", "rows > 16");
    if (c.colsb[t] > kTileMaxColsb) fault("#GP", "ldtilecfg", "colsb > 64");
    if ((c.rows[t] == 0) != (c.colsb[t] == 0)) fault("#GP", "ldtilecfg", "one of rows/colsb zero, not both");
  }
  f.cfg = c;
  f.configured = true;
  std::memset(f.data, 0, sizeof(f.data));
}

// STTILECFG: the configuration, or 64 zero bytes when unconfigured.
inline void sttilecfg(void* mem) {
  const TileFile& f = tile_file();
  TileConfig c{};
  if (f.configured) c = f.cfg;
  std::memcpy(mem, &c, sizeof(c));
}

inline void tilerelease() { init_state(tile_file()); }

// The tile t of the current thread, which must be configured and valid.
inline TileFile& usable(int t, const char* op) {
  TileFile& f = tile_file();
  if (!f.configured) fault("#UD", op, "tiles not configured (no ldtilecfg, or after tilerelease)");
  if (t < 0 || t >= kTileCount) fault("#UD", op, "tile number >= 8");
  if (f.cfg.rows[t] == 0) fault("#UD", op, "tile not configured (rows = colsb = 0)");
  return f;
}

inline void tileloadd(int t, const void* base, ptrdiff_t stride) {
  TileFile& f = usable(t, "tileloadd");
  const int rows = f.cfg.rows[t], colsb = f.cfg.colsb[t];
  std::memset(f.data[t], 0, sizeof(f.data[t]));
  for (int r = 0; r < rows; ++r) {
    std::memcpy(f.data[t][r], static_cast<const uint8_t*>(base) + r * stride, static_cast<size_t>(colsb));
  }
}

inline void tilestored(int t, void* base, ptrdiff_t stride) {
  TileFile& f = usable(t, "tilestored");
  const int rows = f.cfg.rows[t], colsb = f.cfg.colsb[t];
  for (int r = 0; r < rows; ++r) {
    std::memcpy(static_cast<uint8_t*>(base) + r * stride, f.data[t][r], static_cast<size_t>(colsb));
  }
}

inline void tilezero(int t) {
  TileFile& f = usable(t, "tilezero");
  std::memset(f.data[t], 0, sizeof(f.data[t]));
}

// dst += src1 * src2 on dwords of 4 bytes; A_SIGNED / B_SIGNED: how the bytes
// of src1 / src2 extend.
template <bool A_SIGNED, bool B_SIGNED>
inline void tdp(int dst, int src1, int src2, const char* op) {
  TileFile& f = usable(dst, op);
  usable(src1, op);
  usable(src2, op);
  if (dst == src1 || dst == src2 || src1 == src2) fault("#UD", op, "tile operands not distinct");
  const TileConfig& c = f.cfg;
  if (c.colsb[dst] % 4 || c.colsb[src1] % 4 || c.colsb[src2] % 4) fault("#UD", op, "colsb not a multiple of 4");
  if (c.rows[src1] != c.rows[dst]) fault("#UD", op, "rows(src1) != rows(dst)");
  if (c.colsb[src2] != c.colsb[dst]) fault("#UD", op, "colsb(src2) != colsb(dst)");
  if (c.rows[src2] != c.colsb[src1] / 4) fault("#UD", op, "rows(src2) != colsb(src1) / 4");
  const int M = c.rows[dst], N = c.colsb[dst] / 4, K = c.colsb[src1] / 4;
  uint32_t out[kTileMaxRows][kTileMaxColsb / 4] = {};
  for (int m = 0; m < M; ++m) {
    std::memcpy(out[m], f.data[dst][m], static_cast<size_t>(N) * 4);
    for (int k = 0; k < K; ++k) {
      for (int n = 0; n < N; ++n) {
        uint32_t sum = out[m][n];
        for (int i = 0; i < 4; ++i) {
          const uint8_t a = f.data[src1][m][4 * k + i], b = f.data[src2][k][4 * n + i];
          const int32_t av = A_SIGNED ? int32_t{static_cast<int8_t>(a)} : int32_t{a};
          const int32_t bv = B_SIGNED ? int32_t{static_cast<int8_t>(b)} : int32_t{b};
          sum += static_cast<uint32_t>(av * bv);  // |a*b| <= 2^15: exact; the sum wraps mod 2^32
        }
        out[m][n] = sum;
      }
    }
  }
  std::memset(f.data[dst], 0, sizeof(f.data[dst]));
  for (int m = 0; m < M; ++m) std::memcpy(f.data[dst][m], out[m], static_cast<size_t>(N) * 4);
}

inline void tdpbusd(int dst, int src1, int src2) { tdp<false, true>(dst, src1, src2, "tdpbusd"); }
inline void tdpbssd(int dst, int src1, int src2) { tdp<true, true>(dst, src1, src2, "tdpbssd"); }

}  // namespace octet::x86::tile_emu
