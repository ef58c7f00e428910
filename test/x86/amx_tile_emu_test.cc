// The software tile file (src/x86/amx/tile_emu.h) against a scalar model of
// the SDM rules: every op, configured vs unconfigured rows and bytes, tails,
// int32 wrap-around, u8/s8 signedness, the faults, and threads running
// different configurations at once.
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <random>
#include <thread>
#include <vector>

#include "src/x86/amx/tile_emu.h"

namespace octet::x86 {
namespace {

namespace te = tile_emu;

TileConfig config(std::initializer_list<std::pair<int, int>> rows_colsb) {
  TileConfig c{};
  c.palette_id = 1;
  int t = 0;
  for (auto [rows, colsb] : rows_colsb) {
    c.rows[t] = static_cast<uint8_t>(rows);
    c.colsb[t] = static_cast<uint16_t>(colsb);
    ++t;
  }
  return c;
}

// Byte (r, b) of tile t as the emulator holds it (the whole 16 x 64 register).
uint8_t raw(int t, int r, int b) { return te::tile_file().data[t][r][b]; }

std::vector<uint8_t> random_bytes(size_t n, std::mt19937& rng) {
  std::vector<uint8_t> v(n);
  for (uint8_t& b : v) b = static_cast<uint8_t>(rng());
  return v;
}

class TileEmuTest : public testing::Test {
 protected:
  void SetUp() override { te::tilerelease(); }
  void TearDown() override { te::tilerelease(); }
};

TEST_F(TileEmuTest, ConfigRoundTripAndInitState) {
  TileConfig out;
  std::memset(&out, 0xFF, sizeof(out));
  te::sttilecfg(&out);
  const TileConfig zero{};
  EXPECT_EQ(std::memcmp(&out, &zero, 64), 0) << "unconfigured: 64 zero bytes";

  const TileConfig c = config({{16, 64}, {3, 12}, {0, 0}, {1, 4}});
  te::ldtilecfg(&c);
  te::sttilecfg(&out);
  EXPECT_EQ(std::memcmp(&out, &c, 64), 0);

  // ldtilecfg zeroes the tile data, even of a tile reconfigured identically.
  std::vector<uint8_t> mem(16 * 64, 0x5A);
  te::tileloadd(0, mem.data(), 64);
  EXPECT_EQ(raw(0, 15, 63), 0x5A);
  te::ldtilecfg(&c);
  EXPECT_EQ(raw(0, 15, 63), 0);

  // Palette 0 and tilerelease: the INIT state.
  te::tileloadd(0, mem.data(), 64);
  TileConfig init{};
  te::ldtilecfg(&init);
  EXPECT_FALSE(te::tile_file().configured);
  EXPECT_EQ(raw(0, 0, 0), 0);
  te::ldtilecfg(&c);
  te::tileloadd(0, mem.data(), 64);
  te::tilerelease();
  EXPECT_FALSE(te::tile_file().configured);
  EXPECT_EQ(raw(0, 0, 0), 0);
}

TEST_F(TileEmuTest, InvalidConfigurationsFault) {
  testing::FLAGS_gtest_death_test_style = "threadsafe";
  auto load = [](TileConfig c) { te::ldtilecfg(&c); };
  TileConfig c = config({{16, 64}});
  c.palette_id = 2;
  EXPECT_DEATH(load(c), "#GP in ldtilecfg: palette_id");
  c = config({{16, 64}});
  c.reserved0[5] = 1;
  EXPECT_DEATH(load(c), "#GP in ldtilecfg: reserved");
  c = config({{16, 64}});
  c.start_row = 1;
  EXPECT_DEATH(load(c), "#GP in ldtilecfg: start_row");
  EXPECT_DEATH(load(config({{17, 64}})), "#GP in ldtilecfg: rows > 16");
  EXPECT_DEATH(load(config({{16, 65}})), "#GP in ldtilecfg: colsb > 64");
  EXPECT_DEATH(load(config({{16, 0}})), "#GP in ldtilecfg: one of rows/colsb");
  EXPECT_DEATH(load(config({{0, 64}})), "#GP in ldtilecfg: one of rows/colsb");
  c = config({{16, 64}});
  c.rows[8] = 1;
  c.colsb[8] = 4;
  EXPECT_DEATH(load(c), "#GP in ldtilecfg: tile beyond");
}

TEST_F(TileEmuTest, UnconfiguredStateAndTilesFault) {
  testing::FLAGS_gtest_death_test_style = "threadsafe";
  uint8_t mem[64 * 16] = {};
  EXPECT_DEATH(te::tileloadd(0, mem, 64), "#UD in tileloadd: tiles not configured");
  EXPECT_DEATH(te::tilezero(0), "#UD in tilezero: tiles not configured");
  const TileConfig c = config({{4, 16}, {4, 16}, {0, 0}, {4, 16}, {4, 12}, {3, 16}, {4, 20}});
  te::ldtilecfg(&c);
  te::tilerelease();
  EXPECT_DEATH(te::tilestored(0, mem, 64), "#UD in tilestored: tiles not configured");
  te::ldtilecfg(&c);
  EXPECT_DEATH(te::tileloadd(2, mem, 64), "#UD in tileloadd: tile not configured");
  EXPECT_DEATH(te::tilestored(8, mem, 64), "#UD in tilestored: tile number");
  EXPECT_DEATH(te::tdpbusd(0, 2, 3), "#UD in tdpbusd: tile not configured");
  EXPECT_DEATH(te::tdpbusd(0, 0, 3), "#UD in tdpbusd: tile operands not distinct");
  EXPECT_DEATH(te::tdpbssd(0, 1, 1), "#UD in tdpbssd: tile operands not distinct");
  // dst 0 is 4 x 16; src1 1 is 4 x 16 (K = 4); src2 3 is 4 x 16: valid.
  te::tdpbusd(0, 1, 3);
  EXPECT_DEATH(te::tdpbusd(0, 5, 3), "rows\\(src1\\) != rows\\(dst\\)");
  EXPECT_DEATH(te::tdpbusd(0, 1, 6), "colsb\\(src2\\) != colsb\\(dst\\)");
  EXPECT_DEATH(te::tdpbusd(0, 4, 3), "rows\\(src2\\) != colsb\\(src1\\) / 4");
  const TileConfig odd = config({{4, 16}, {4, 6}, {4, 16}});
  te::ldtilecfg(&odd);
  EXPECT_DEATH(te::tdpbusd(0, 1, 2), "colsb not a multiple of 4");
}

// Loads and stores of every shape, with positive, negative and zero strides.
TEST_F(TileEmuTest, LoadStoreRowsAndBytes) {
  std::mt19937 rng(7);
  for (int rows = 1; rows <= 16; ++rows) {
    for (int colsb : {1, 3, 4, 17, 60, 63, 64}) {
      for (ptrdiff_t stride : {ptrdiff_t{64}, ptrdiff_t{100}, ptrdiff_t{-80}, ptrdiff_t{0}, ptrdiff_t{colsb}}) {
        const TileConfig c = config({{16, 64}, {rows, colsb}});
        te::ldtilecfg(&c);
        // Tile 1 first holds all-ones (through tile 0's full shape) so the
        // zeroing of a narrower load is visible.
        std::vector<uint8_t> ones(16 * 64, 0xFF);
        te::tileloadd(0, ones.data(), 64);
        te::tilestored(0, ones.data(), 64);
        std::memset(te::tile_file().data[1], 0xFF, 1024);
        const size_t span = 17 * 100 + 64;
        std::vector<uint8_t> mem = random_bytes(2 * span, rng);
        const uint8_t* base = mem.data() + span;  // room for negative strides
        te::tileloadd(1, base, stride);
        for (int r = 0; r < 16; ++r) {
          for (int b = 0; b < 64; ++b) {
            const uint8_t want = r < rows && b < colsb ? base[r * stride + b] : 0;
            ASSERT_EQ(raw(1, r, b), want) << "rows " << rows << " colsb " << colsb << " stride " << stride
                                          << " at " << r << "," << b;
          }
        }
        if (stride == 0) continue;  // stores to overlapping rows: the last wins, nothing to model
        std::vector<uint8_t> out(2 * span, 0xA5);
        uint8_t* obase = out.data() + span;
        te::tilestored(1, obase, stride);
        for (size_t i = 0; i < out.size(); ++i) {
          const ptrdiff_t off = static_cast<ptrdiff_t>(i) - static_cast<ptrdiff_t>(span);
          bool inside = false;
          for (int r = 0; r < rows && !inside; ++r) {
            const ptrdiff_t b = off - r * stride;
            inside = b >= 0 && b < colsb;
          }
          if (!inside) {
            ASSERT_EQ(out[i], 0xA5) << "stored outside rows x colsb (rows " << rows << " colsb " << colsb << ")";
          }
        }
        for (int r = 0; r < rows; ++r) {
          ASSERT_EQ(std::memcmp(obase + r * stride, base + r * stride, colsb), 0);
        }
        te::tilezero(1);
        for (int r = 0; r < 16; ++r) {
          for (int b = 0; b < 64; ++b) ASSERT_EQ(raw(1, r, b), 0);
        }
      }
    }
  }
}

// The scalar model: C[m][n] += sum_k sum_i A[m][4k+i] * B[k][4n+i], in int64,
// reduced mod 2^32.
template <bool A_SIGNED>
void model_dp(std::vector<int32_t>& C, const std::vector<uint8_t>& A, const std::vector<uint8_t>& B, int M, int N,
              int K) {
  for (int m = 0; m < M; ++m) {
    for (int n = 0; n < N; ++n) {
      int64_t s = C[m * N + n];
      for (int k = 0; k < K; ++k) {
        for (int i = 0; i < 4; ++i) {
          const int a = A_SIGNED ? static_cast<int8_t>(A[m * 4 * K + 4 * k + i]) : A[m * 4 * K + 4 * k + i];
          s += int64_t{a} * static_cast<int8_t>(B[k * 4 * N + 4 * n + i]);
        }
      }
      C[m * N + n] = static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(s)));
    }
  }
}

// One tdp* of shape M x N x K on tiles 0 (C), 1 (A), 2 (B), checked against
// the model and the zeroing rules. Returns false on the first mismatch.
template <bool A_SIGNED>
::testing::AssertionResult check_dp(int M, int N, int K, std::mt19937& rng, bool extremes) {
  const TileConfig c = config({{M, 4 * N}, {M, 4 * K}, {K, 4 * N}});
  te::ldtilecfg(&c);
  auto pick = [&](size_t n) {
    std::vector<uint8_t> v = random_bytes(n, rng);
    if (extremes) {
      for (uint8_t& b : v) b = (rng() & 1) ? 0x80 : (rng() & 1 ? 0x7F : 0xFF);
    }
    return v;
  };
  const std::vector<uint8_t> A = pick(static_cast<size_t>(M) * 4 * K), B = pick(static_cast<size_t>(K) * 4 * N);
  std::vector<int32_t> C(static_cast<size_t>(M) * N);
  for (int32_t& v : C) {
    // Start near the int32 limits so that accumulation wraps.
    v = static_cast<int32_t>(rng() % 3 == 0 ? INT32_MAX - (rng() % 1000) : rng());
  }
  te::tileloadd(0, C.data(), 4 * N);
  te::tileloadd(1, A.data(), 4 * K);
  te::tileloadd(2, B.data(), 4 * N);
  if (A_SIGNED) {
    te::tdpbssd(0, 1, 2);
  } else {
    te::tdpbusd(0, 1, 2);
  }
  model_dp<A_SIGNED>(C, A, B, M, N, K);
  std::vector<int32_t> got(C.size(), 0x5A5A5A5A);
  te::tilestored(0, got.data(), 4 * N);
  for (size_t i = 0; i < C.size(); ++i) {
    if (got[i] != C[i]) {
      return ::testing::AssertionFailure() << "M " << M << " N " << N << " K " << K << " element " << i << ": "
                                           << got[i] << " vs model " << C[i];
    }
  }
  for (int r = 0; r < 16; ++r) {
    for (int b = 0; b < 64; ++b) {
      if ((r >= M || b >= 4 * N) && raw(0, r, b) != 0) {
        return ::testing::AssertionFailure() << "dst byte " << r << "," << b << " outside M x N not zeroed";
      }
    }
  }
  return ::testing::AssertionSuccess();
}

TEST_F(TileEmuTest, DotProductsEveryShape) {
  std::mt19937 rng(11);
  for (int M = 1; M <= 16; ++M) {
    for (int N : {1, 2, 5, 15, 16}) {
      for (int K : {1, 3, 8, 16}) {
        ASSERT_TRUE(check_dp<false>(M, N, K, rng, false));
        ASSERT_TRUE(check_dp<true>(M, N, K, rng, false));
        ASSERT_TRUE(check_dp<false>(M, N, K, rng, true));
        ASSERT_TRUE(check_dp<true>(M, N, K, rng, true));
      }
    }
  }
}

TEST_F(TileEmuTest, SignednessAndWrap) {
  // One 1 x 1 x 1 product: A = 0x80 x 4, B = 0xFF x 4 (-1).
  const TileConfig c = config({{1, 4}, {1, 4}, {1, 4}});
  te::ldtilecfg(&c);
  const uint8_t a[4] = {0x80, 0x80, 0x80, 0x80}, b[4] = {0xFF, 0xFF, 0xFF, 0xFF};
  int32_t acc = 0;
  te::tileloadd(1, a, 4);
  te::tileloadd(2, b, 4);
  te::tdpbusd(0, 1, 2);  // u8: 4 * 128 * -1
  te::tilestored(0, &acc, 4);
  EXPECT_EQ(acc, -512);
  te::tilezero(0);
  te::tdpbssd(0, 1, 2);  // s8: 4 * -128 * -1
  te::tilestored(0, &acc, 4);
  EXPECT_EQ(acc, 512);
  // INT32_MAX + 512 wraps to INT32_MIN + 511.
  acc = INT32_MAX;
  te::tileloadd(0, &acc, 4);
  te::tdpbssd(0, 1, 2);
  te::tilestored(0, &acc, 4);
  EXPECT_EQ(acc, INT32_MIN + 511);
  // 0xFF as u8 (255) times 0x80 as s8 (-128), and back the other way.
  te::tilezero(0);
  te::tileloadd(1, b, 4);
  te::tileloadd(2, a, 4);
  te::tdpbusd(0, 1, 2);
  te::tilestored(0, &acc, 4);
  EXPECT_EQ(acc, 4 * 255 * -128);
}

// Threads with different configurations at once: each its own tile file.
TEST_F(TileEmuTest, ThreadsWithDifferentConfigurations) {
  const int kThreads = 4;
  std::atomic<int> ready{0};
  std::vector<int> failures(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t, &ready, &failures] {
      std::mt19937 rng(100 + t);
      // Configure, then wait until every thread has: the configurations coexist.
      const int M = 16 - 3 * t, N = 4 + 3 * t, K = 16 - t;
      const TileConfig c = config({{M, 4 * N}, {M, 4 * K}, {K, 4 * N}});
      te::ldtilecfg(&c);
      ready.fetch_add(1);
      while (ready.load() < kThreads) std::this_thread::yield();
      TileConfig seen;
      te::sttilecfg(&seen);
      if (std::memcmp(&seen, &c, 64) != 0) ++failures[t];
      for (int i = 0; i < 200; ++i) {
        if (!(t % 2 ? check_dp<true>(M, N, K, rng, i % 3 == 0) : check_dp<false>(M, N, K, rng, i % 3 == 0))) {
          ++failures[t];
        }
        if (t == 0 && i % 10 == 0) te::tilerelease();  // never touches the others' state
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(failures[t], 0) << "thread " << t;
}

}  // namespace
}  // namespace octet::x86
