#include "src/core/gemm_tiles.h"

#include <algorithm>

#include "src/core/per_thread.h"

namespace octet {

namespace {

// The tallest row tile: what the buffers allow, up to 64 rows of whole
// kernel tiles (the rows a task keeps warm across its panels), and no more
// than M needs.
size_t tallest_rows(const GemmTileLimits& l) {
  const size_t fit = l.max_rows >= l.mr ? l.max_rows / l.mr * l.mr : l.max_rows;
  return std::min(round_up(l.M, l.mr), std::min(fit, std::max(l.mr, 64 / l.mr * l.mr)));
}

GemmTiles make(const GemmTileLimits& l, size_t m, size_t p) { return {m, p, div_up(l.M, m), div_up(l.P, p)}; }

}  // namespace

size_t gemm_tasks_work(const GemmTileLimits& l, const GemmTiles& t, size_t i) {
  const size_t per_group = t.m_tiles * t.p_tiles;
  const size_t g = i / per_group, r = i % per_group, mi = r / t.p_tiles, pj = r % t.p_tiles;
  const size_t rows_before = std::min(mi * t.m, l.M);
  const size_t rows = std::min(t.m, l.M - rows_before);
  return (g * l.M + rows_before) * l.P + rows * std::min(pj * t.p, l.P);
}

size_t gemm_largest_share(const GemmTileLimits& l, const GemmTiles& t, size_t threads) {
  size_t largest = 0;
  for (size_t th = 0; th < threads; ++th) {
    const GemmShare s(t.count(l.groups), th, threads);
    largest = std::max(largest, gemm_tasks_work(l, t, s.end) - gemm_tasks_work(l, t, s.begin));
  }
  return largest;
}

GemmTiles plan_gemm_tiles(const GemmTileLimits& l, size_t threads) {
  const size_t tallest = tallest_rows(l);
  GemmTiles best = make(l, tallest, l.P);
  if (threads <= 1 || l.M == 0 || l.P == 0) return best;
  // Row tiles: from the tallest down to 16 per thread more, each as even as
  // whole kernel tiles allow. Panel tiles: every distinct count, whole lines.
  const size_t min_m_tiles = div_up(l.M, tallest);
  const size_t max_m_tiles = std::min(div_up(l.M, std::min(l.mr, tallest)), min_m_tiles + 16 * threads);
  GemmTiles finest = best;
  size_t best_cost = 0;
  bool found = false;
  size_t last_m = 0;
  for (size_t mt = min_m_tiles; mt <= max_m_tiles; ++mt) {
    const size_t m = std::min(tallest, round_up(div_up(l.M, mt), std::min(l.mr, tallest)));
    if (m == last_m) continue;
    last_m = m;
    size_t last_p = 0;
    for (size_t pt = 1; pt <= l.P; ++pt) {
      size_t p = div_up(l.P, pt);
      if (p < l.P) p = std::min(l.P, round_up(p, l.line_panels));
      if (p == last_p) continue;
      last_p = p;
      const GemmTiles t = make(l, m, p);
      const size_t count = t.count(l.groups);
      if (count > finest.count(l.groups)) finest = t;
      if (count < threads) continue;
      // Twice the largest share, plus half a kernel tile on one panel per
      // task of the fullest share (a task's fixed cost: pointers, checks).
      const size_t cost = 2 * gemm_largest_share(l, t, threads) + l.mr * div_up(count, threads);
      if (!found || cost < best_cost || (cost == best_cost && count < best.count(l.groups))) {
        best = t;
        best_cost = cost;
        found = true;
      }
    }
  }
  // Fewer tasks than threads whatever the tiling: as many as there can be.
  return found ? best : finest;
}

GemmTiles GemmTilesCache::get(const GemmTileLimits& l, size_t threads) const {
  if (threads <= 1) return plan_gemm_tiles(l, threads);  // no search
  {
    const std::lock_guard<std::mutex> lock(mu_);
    for (const Entry& e : entries_) {
      if (e.threads == threads && e.M == l.M && e.mr == l.mr) return e.tiles;
    }
  }
  const GemmTiles t = plan_gemm_tiles(l, threads);
  const std::lock_guard<std::mutex> lock(mu_);
  entries_[next_] = {l.M, l.mr, threads, t};
  next_ = (next_ + 1) % kEntries;
  return t;
}

}  // namespace octet
