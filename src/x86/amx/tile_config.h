// The 64-byte operand of LDTILECFG / STTILECFG (Intel SDM, LDTILECFG, "Memory
// Area Layout"), shared by the real AMX kernels and the tile emulator.
#pragma once

#include <cstdint>

namespace octet::x86 {

// Palette 1: 8 tiles (tmm0..tmm7) of at most 16 rows x 64 bytes.
constexpr int kTileCount = 8;
constexpr int kTileMaxRows = 16;
constexpr int kTileMaxColsb = 64;

struct alignas(64) TileConfig {
  uint8_t palette_id;    // 0: the INIT state (no tiles), 1: palette 1
  uint8_t start_row;     // restart point of an interrupted load/store; 0 to start
  uint8_t reserved0[14]; // must be zero
  uint16_t colsb[16];    // bytes per row of tile n; n >= 8 reserved (zero) in palette 1
  uint8_t rows[16];      // rows of tile n; n >= 8 reserved (zero) in palette 1
};
static_assert(sizeof(TileConfig) == 64, "LDTILECFG reads exactly 64 bytes");

}  // namespace octet::x86
