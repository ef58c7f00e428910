// The GEMM task tiling (src/core/gemm_tiles.h), exhaustively over small
// geometries: tiles respect the kernel tile, buffer and cache-line limits;
// the task work adds up; the shares are pthreadpool's; the plan is the best
// of every admissible tiling by its own cost; and the 14x14 / 28x28 layers
// that ran 61 / 39 between two threads now split within 3%.
#include "src/core/gemm_tiles.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>
#include <vector>

#include "src/core/per_thread.h"

namespace octet {
namespace {

size_t plan_cost(const GemmTileLimits& l, const GemmTiles& t, size_t threads) {
  return 2 * gemm_largest_share(l, t, threads) + l.mr * div_up(t.count(l.groups), threads);
}

TEST(GemmTiles, SharesArePthreadpoolsSplit) {
  for (size_t count = 0; count <= 40; ++count) {
    for (size_t threads = 1; threads <= 9; ++threads) {
      size_t next = 0;
      for (size_t t = 0; t < threads; ++t) {
        const GemmShare s(count, t, threads);
        EXPECT_EQ(s.begin, next);
        EXPECT_EQ(s.end - s.begin, count / threads + (t < count % threads ? 1 : 0));
        next = s.end;
      }
      EXPECT_EQ(next, count);
    }
  }
}

TEST(GemmTiles, ExhaustiveSmallGeometries) {
  size_t checked = 0;
  for (size_t mr : {1, 4, 6, 7, 8, 32}) {
    for (size_t max_rows : {size_t{20}, size_t{64}, size_t{256}}) {
      for (size_t line_panels : {1, 2, 8}) {
        for (size_t groups : {1, 3}) {
          for (size_t M = 1; M <= 130; M += (M < 50 ? 1 : 7)) {
            for (size_t P = 1; P <= 12; ++P) {
              for (size_t threads = 1; threads <= 5; ++threads) {
                const GemmTileLimits l{M, P, groups, mr, max_rows, line_panels};
                const GemmTiles t = plan_gemm_tiles(l, threads);
                const size_t g = std::min(mr, max_rows);  // row granularity
                const size_t tallest = std::min(div_up(M, mr) * mr, std::min(max_rows / g * g, std::max(mr, 64 / mr * mr)));
                ASSERT_GE(t.m, 1u);
                ASSERT_LE(t.m, tallest);
                ASSERT_TRUE(t.m % g == 0 || t.m == M) << M << " " << mr << " " << t.m;
                ASSERT_GE(t.p, 1u);
                ASSERT_LE(t.p, P);
                ASSERT_TRUE(t.p % line_panels == 0 || t.p == P);
                ASSERT_EQ(t.m_tiles, div_up(M, t.m));
                ASSERT_EQ(t.p_tiles, div_up(P, t.p));
                const size_t count = t.count(groups);
                ASSERT_EQ(gemm_tasks_work(l, t, 0), 0u);
                ASSERT_EQ(gemm_tasks_work(l, t, count), groups * M * P);
                for (size_t i = 0; i < count; ++i) ASSERT_LT(gemm_tasks_work(l, t, i), gemm_tasks_work(l, t, i + 1));
                if (threads == 1) {
                  ASSERT_EQ(t.m, tallest);
                  ASSERT_EQ(t.p, P);
                  continue;
                }
                // Every admissible tiling: as many tasks as threads where any
                // has, and none cheaper by the plan's own cost.
                const size_t cost = plan_cost(l, t, threads);
                for (size_t m = g; m <= tallest; m += g) {
                  for (size_t p = 1; p <= P; ++p) {
                    if (p % line_panels != 0 && p != P) continue;
                    const GemmTiles o{m, p, div_up(M, m), div_up(P, p)};
                    if (o.count(groups) < threads) continue;
                    ASSERT_GE(count, threads) << M << " " << P << " " << mr;
                    // The plan tries evenly cut row tiles, a bounded number: allow 3%.
                    ASSERT_LE(cost * 100, plan_cost(l, o, threads) * 103)
                        << "M " << M << " P " << P << " mr " << mr << " rows " << max_rows << " lines " << line_panels
                        << " groups " << groups << " threads " << threads << ": plan m " << t.m << " p " << t.p
                        << ", better m " << m << " p " << p;
                  }
                }
                ++checked;
              }
            }
          }
        }
      }
    }
  }
  EXPECT_GT(checked, 10000u);
}

// ResNet-50 / MobileNetV2 layers on 2 threads (mr 6, 64-wide panels).
TEST(GemmTiles, LayersSplitEvenlyOnTwoThreads) {
  struct Case {
    const char* name;
    size_t M, P;
  } cases[] = {{"res4 14x14 K=256", 196, 4}, {"mbv2_pw_14 K=576", 196, 9}, {"dil 28x28 K=256", 784, 4},
               {"res5 7x7 K=512", 49, 8},   {"res3 28x28 K=128", 784, 2}, {"res2 56x56 K=64", 3136, 1}};
  for (const Case& c : cases) {
    const GemmTileLimits l{c.M, c.P, 1, 6, 256, 1};
    const GemmTiles t = plan_gemm_tiles(l, 2);
    const double ideal = static_cast<double>(c.M * c.P) / 2;
    EXPECT_LE(static_cast<double>(gemm_largest_share(l, t, 2)), ideal * 1.03) << c.name;
  }
}

// Runs of one path on other sizes and pool sizes, at once: each gets the plan
// of its own size.
TEST(GemmTilesThreads, CacheServesConcurrentRunsTheirOwnPlan) {
  const GemmTilesCache cache;
  std::vector<std::thread> workers;
  std::vector<int> wrong(4, 0);
  for (size_t w = 0; w < 4; ++w) {
    workers.emplace_back([&, w] {
      for (size_t i = 0; i < 2000; ++i) {
        const GemmTileLimits l{49 + 49 * ((i + w) % 4), 9, 1, 6 + (i / 3 + w) % 2, 256, 1};
        const size_t threads = 1 + (i + 2 * w) % 3;
        const GemmTiles got = cache.get(l, threads), want = plan_gemm_tiles(l, threads);
        if (got.m != want.m || got.p != want.p || got.m_tiles != want.m_tiles || got.p_tiles != want.p_tiles) {
          ++wrong[w];
        }
      }
    });
  }
  for (std::thread& t : workers) t.join();
  for (size_t w = 0; w < 4; ++w) EXPECT_EQ(wrong[w], 0) << "worker " << w;
}

}  // namespace
}  // namespace octet
