// The strided tile plan (src/core/gemm_strided_plan.h) over many small
// geometries (kernel sizes, strides, dilations, asymmetric and oversized
// padding, batches): every output pixel is in exactly one tile; a tile's rows
// are equally spaced in the input and the output as its steps say; the taps
// of its class are exactly those inside the input for every one of its rows;
// the costs add up; and the cuts of a run compute the fewest rows.
#include "src/core/gemm_strided_plan.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "src/core/gemm_ukernel.h"

namespace octet {
namespace {

// Every check of one plan; false (with gtest failures) on the first problem.
void check_plan(const ref::ConvShape& s, size_t N, size_t H, size_t W, size_t mr0, size_t mr1, const std::string& what) {
  const StridedPlan p = plan_strided_tiles(s, N, H, W, mr0, mr1, mr0);
  const size_t OH = s.output_height(H), OW = s.output_width(W);
  std::vector<int> covered(N * OH * OW, 0);
  ASSERT_EQ(p.prefix.size(), p.tiles.size() + 1) << what;
  size_t cost = 0;
  for (size_t i = 0; i < p.tiles.size(); ++i) {
    const StridedTile& t = p.tiles[i];
    const size_t MR = t.kernel == 0 ? mr0 : mr1;
    ASSERT_TRUE(t.mr >= 1 && t.mr <= MR) << what;
    ASSERT_LT(t.rect, p.rects()) << what;
    std::vector<bool> runs(s.R * s.S, false);
    for (size_t j = p.rect_begin[t.rect]; j < p.rect_begin[t.rect + 1]; ++j) runs[p.taps[j]] = true;
    const size_t ntaps = p.rect_begin[t.rect + 1] - p.rect_begin[t.rect];
    cost += gemm_tile_rows(MR, t.mr) * ntaps;
    EXPECT_EQ(p.prefix[i + 1] - p.prefix[i], gemm_tile_rows(MR, t.mr) * std::max<size_t>(ntaps, 1)) << what;
    for (size_t m = 0; m < t.mr; ++m) {
      const size_t px = t.out_px + m * t.out_step;
      ASSERT_LT(px, covered.size()) << what;
      ++covered[px];
      const size_t n = px / (OH * OW), oh = px % (OH * OW) / OW, ow = px % OW;
      // The window corner of this pixel is the tile's plus m steps.
      const long corner = (static_cast<long>(n * H) + static_cast<long>(oh * s.stride_h) -
                           static_cast<long>(s.pad_top)) * static_cast<long>(W) +
                          static_cast<long>(ow * s.stride_w) - static_cast<long>(s.pad_left);
      ASSERT_EQ(corner, t.in_px + static_cast<long>(m * t.in_step)) << what << " tile " << i << " row " << m;
      for (size_t r = 0; r < s.R; ++r) {
        for (size_t q = 0; q < s.S; ++q) {
          const long ih = static_cast<long>(oh * s.stride_h + r * s.dil_h) - static_cast<long>(s.pad_top);
          const long iw = static_cast<long>(ow * s.stride_w + q * s.dil_w) - static_cast<long>(s.pad_left);
          const bool inside = ih >= 0 && iw >= 0 && ih < static_cast<long>(H) && iw < static_cast<long>(W);
          ASSERT_EQ(inside, runs[r * s.S + q]) << what << " tile " << i << " row " << m << " tap " << r << "," << q;
          if (inside) {
            ASSERT_EQ(corner + p.tap_px[r * s.S + q], static_cast<long>((n * H + ih) * W + iw)) << what;
          }
        }
      }
    }
  }
  EXPECT_EQ(cost, p.cost) << what;
  for (size_t px = 0; px < covered.size(); ++px) ASSERT_EQ(covered[px], 1) << what << " pixel " << px;
}

TEST(GemmStridedPlan, EveryPixelOnceWithExactlyItsTaps) {
  std::mt19937 rng(3);
  auto pick = [&](size_t lo, size_t hi) { return std::uniform_int_distribution<size_t>(lo, hi)(rng); };
  for (int i = 0; i < 400; ++i) {
    ref::ConvShape s;
    s.R = pick(1, 5);
    s.S = pick(1, 5);
    s.stride_h = pick(1, 3);
    s.stride_w = pick(1, 3);
    s.dil_h = pick(1, 3);
    s.dil_w = pick(1, 3);
    s.pad_top = pick(0, 5);
    s.pad_bottom = pick(0, 5);
    s.pad_left = pick(0, 5);
    s.pad_right = pick(0, 5);
    const size_t N = pick(1, 2), H = pick(1, 20), W = pick(1, 20);
    if (s.output_height(H) == 0 || s.output_width(W) == 0) continue;
    const size_t mrs[][2] = {{7, 6}, {4, 0}, {3, 0}, {12, 0}};
    for (const auto& mr : mrs) {
      check_plan(s, N, H, W, mr[0], mr[1], "case " + std::to_string(i) + " mr " + std::to_string(mr[0]));
      if (HasFatalFailure()) return;
    }
  }
}

// No cut of L pixels into the two heights computes fewer rows (brute force
// over the cuts' row counts), and the cut covers L exactly.
TEST(GemmStridedPlan, CutsComputeTheFewestRows) {
  for (const auto& mr : {std::pair<size_t, size_t>{7, 6}, {4, 0}, {3, 0}, {12, 0}}) {
    std::vector<size_t> fewest(61, 0);  // fewest[l] by dynamic programming over single tiles
    for (size_t l = 1; l <= 60; ++l) {
      fewest[l] = static_cast<size_t>(-1);
      for (size_t MR : {mr.first, mr.second}) {
        for (size_t q = 1; MR != 0 && q <= std::min(MR, l); ++q) {
          fewest[l] = std::min(fewest[l], fewest[l - q] + gemm_tile_rows(MR, q));
        }
      }
      size_t covered = 0, rows = 0;
      for (const StridedCut& c : cut_strided_run(l, mr.first, mr.second)) {
        covered += c.rows;
        rows += gemm_tile_rows(c.kernel == 0 ? mr.first : mr.second, c.rows);
      }
      EXPECT_EQ(covered, l);
      EXPECT_EQ(rows, fewest[l]) << "L " << l << " mr " << mr.first;
    }
  }
  // Taller tiles over short ones at equal rows: 24 pixels as four 6-row tiles.
  const std::vector<StridedCut> c = cut_strided_run(24, 7, 6);
  ASSERT_EQ(c.size(), 4u);
  for (const StridedCut& t : c) EXPECT_EQ(t.rows, 6u);
}

// The layers the path takes it for: dil_3x3_d2 (28x28, pad 2, dilation 2)
// computes 7.5% less than raster 7-row tiles; a 7x7 3x3 layer more.
TEST(GemmStridedPlan, CostsOfTheBenchmarkLayers) {
  ref::ConvShape s;
  s.R = s.S = 3;
  s.pad_top = s.pad_left = s.pad_bottom = s.pad_right = 2;
  s.dil_h = s.dil_w = 2;
  StridedPlan p = plan_strided_tiles(s, 1, 28, 28, 7, 6, 7);
  EXPECT_LT(p.cost * 100, p.classic_cost * 93);
  s.pad_top = s.pad_left = s.pad_bottom = s.pad_right = 1;
  s.dil_h = s.dil_w = 1;
  p = plan_strided_tiles(s, 1, 7, 7, 7, 6, 7);
  EXPECT_GT(p.cost, p.classic_cost);
}

}  // namespace
}  // namespace octet
