#include "src/core/gemm_strided_plan.h"

#include <algorithm>

#include "src/core/gemm_ukernel.h"

namespace octet {

namespace {

// A run of output rows (or columns) whose windows keep kernel rows [k0, k1)
// inside the input (k0 == k1: none).
struct Band {
  size_t o0, o1, k0, k1;
};

// The bands of one axis: output positions o in [0, out), window start
// o * stride - pad, taps k * dil for k < taps, inside [0, in).
std::vector<Band> bands(size_t out, size_t in, size_t stride, size_t pad, size_t taps, size_t dil) {
  std::vector<Band> b;
  for (size_t o = 0; o < out; ++o) {
    const long start = static_cast<long>(o * stride) - static_cast<long>(pad);
    size_t k0 = 0, k1 = 0;
    for (size_t k = 0; k < taps; ++k) {
      const long i = start + static_cast<long>(k * dil);
      if (i < 0) k0 = k + 1;
      if (i >= 0 && i < static_cast<long>(in)) k1 = k + 1;
    }
    if (k1 < k0) k1 = k0;
    if (!b.empty() && b.back().k0 == k0 && b.back().k1 == k1) {
      b.back().o1 = o + 1;
    } else {
      b.push_back({o, o + 1, k0, k1});
    }
  }
  return b;
}

}  // namespace

std::vector<StridedCut> cut_strided_run(size_t L, size_t mr0, size_t mr1) {
  // best[l]: the fewest rows computed on l pixels (a tile of q pixels computes
  // gemm_tile_rows(MR, q)), then the fewest short tiles (those computing
  // fewer rows than their kernel's MR: their weight loads serve fewer rows; on
  // dil_3x3_d2, 24 pixels as 7+7+6+4 ran 1.3% slower than as 4 x 6), then the
  // fewest tiles; the last tile's pixels and kernel.
  struct Best {
    size_t rows, shorts, tiles, last;
    uint32_t kernel;
    bool operator<(const Best& o) const {
      return rows != o.rows ? rows < o.rows : shorts != o.shorts ? shorts < o.shorts : tiles < o.tiles;
    }
  };
  std::vector<Best> best(L + 1, {0, 0, 0, 0, 0});
  const size_t mrs[2] = {mr0, mr1};
  for (size_t l = 1; l <= L; ++l) {
    bool found = false;
    for (uint32_t k = 0; k < 2; ++k) {
      for (size_t q = 1; q <= std::min(mrs[k], l); ++q) {
        const size_t rows = gemm_tile_rows(mrs[k], q);
        const Best& rest = best[l - q];
        const Best b{rest.rows + rows, rest.shorts + (rows < mrs[k] ? 1 : 0), rest.tiles + 1, q, k};
        if (!found || b < best[l]) {
          best[l] = b;
          found = true;
        }
      }
    }
  }
  std::vector<StridedCut> cuts;
  for (size_t l = L; l > 0; l -= best[l].last) {
    cuts.push_back({static_cast<uint32_t>(best[l].last), best[l].kernel});
  }
  return cuts;
}

StridedPlan plan_strided_tiles(const ref::ConvShape& s, size_t N, size_t H, size_t W, size_t mr0, size_t mr1,
                               size_t classic_mr) {
  StridedPlan p;
  const size_t OH = s.output_height(H), OW = s.output_width(W);
  const size_t M = N * OH * OW, RS = s.R * s.S;
  p.classic_cost = (M + classic_mr - 1) / classic_mr * classic_mr * RS;
  for (size_t r = 0; r < s.R; ++r) {
    for (size_t q = 0; q < s.S; ++q) p.tap_px.push_back(static_cast<long>(r * s.dil_h * W + q * s.dil_w));
  }
  p.prefix.assign(1, 0);
  if (M == 0) return p;
  const std::vector<Band> rows = bands(OH, H, s.stride_h, s.pad_top, s.R, s.dil_h);
  const std::vector<Band> cols = bands(OW, W, s.stride_w, s.pad_left, s.S, s.dil_w);
  p.rect_begin.push_back(0);
  for (const Band& v : rows) {
    for (const Band& h : cols) {
      for (size_t r = v.k0; r < v.k1; ++r) {
        for (size_t q = h.k0; q < h.k1; ++q) p.taps.push_back(static_cast<uint32_t>(r * s.S + q));
      }
      p.rect_begin.push_back(static_cast<uint32_t>(p.taps.size()));
    }
  }
  // The same cuts serve every image and every band of the same length.
  auto tile_rows = [&](const StridedCut& c) { return gemm_tile_rows(c.kernel == 0 ? mr0 : mr1, c.rows); };
  // runs x (rows computed, short tiles, tiles) of runs of L pixels, compared
  // in that order (cut_strided_run's): a 24 x 2 strip computes 48 rows either
  // way, but as 24 two-pixel tiles it ran its weights from L2 for 2 rows each.
  struct Work {
    size_t rows = 0, shorts = 0, tiles = 0;
    bool operator<=(const Work& o) const {
      return rows != o.rows ? rows < o.rows : shorts != o.shorts ? shorts < o.shorts : tiles <= o.tiles;
    }
  };
  auto work = [&](size_t runs, size_t L) {
    Work w;
    for (const StridedCut& c : cut_strided_run(L, mr0, mr1)) {
      const size_t computed = tile_rows(c);
      w.rows += runs * computed;
      w.shorts += computed < (c.kernel == 0 ? mr0 : mr1) ? runs : 0;
      w.tiles += runs;
    }
    return w;
  };
  // Per rectangle class, once for every image: its direction and cuts.
  struct Rect {
    bool along_rows;
    std::vector<StridedCut> cuts;
  };
  std::vector<Rect> rects;
  for (const Band& v : rows) {
    for (const Band& h : cols) {
      const size_t height = v.o1 - v.o0, width = h.o1 - h.o0;
      // Along rows: height runs of width pixels; along columns: the transpose.
      const bool along_rows = work(height, width) <= work(width, height);
      rects.push_back({along_rows, cut_strided_run(along_rows ? width : height, mr0, mr1)});
    }
  }
  for (size_t n = 0; n < N; ++n) {
    for (size_t vi = 0; vi < rows.size(); ++vi) {
      const Band& v = rows[vi];
      for (size_t hi = 0; hi < cols.size(); ++hi) {
        const Band& h = cols[hi];
        const uint32_t rect = static_cast<uint32_t>(vi * cols.size() + hi);
        const size_t ntaps = (v.k1 - v.k0) * (h.k1 - h.k0);
        const bool along_rows = rects[rect].along_rows;
        const std::vector<StridedCut>& cuts = rects[rect].cuts;
        const size_t runs = along_rows ? v.o1 - v.o0 : h.o1 - h.o0;
        for (size_t run = 0; run < runs; ++run) {
          size_t at = 0;
          for (const StridedCut& c : cuts) {
            const size_t oh = v.o0 + (along_rows ? run : at), ow = h.o0 + (along_rows ? at : run);
            StridedTile t;
            t.in_px = (static_cast<long>(n * H) + static_cast<long>(oh * s.stride_h) - static_cast<long>(s.pad_top)) *
                          static_cast<long>(W) +
                      static_cast<long>(ow * s.stride_w) - static_cast<long>(s.pad_left);
            t.in_step = along_rows ? s.stride_w : s.stride_h * W;
            t.out_px = (n * OH + oh) * OW + ow;
            t.out_step = along_rows ? 1 : OW;
            t.mr = c.rows;
            t.kernel = c.kernel;
            t.rect = rect;
            p.tiles.push_back(t);
            p.cost += tile_rows(c) * ntaps;
            at += c.rows;
          }
        }
      }
    }
  }
  // Raster order of first pixels: a contiguous run of tiles writes nearby output rows.
  std::stable_sort(p.tiles.begin(), p.tiles.end(),
                   [](const StridedTile& a, const StridedTile& b) { return a.out_px < b.out_px; });
  // A tile with no tap still runs its output stage: it costs as one tap.
  for (const StridedTile& t : p.tiles) {
    const size_t ntaps = p.rect_begin[t.rect + 1] - p.rect_begin[t.rect];
    p.prefix.push_back(p.prefix.back() + gemm_tile_rows(t.kernel == 0 ? mr0 : mr1, t.mr) * std::max<size_t>(ntaps, 1));
  }
  return p;
}

}  // namespace octet
