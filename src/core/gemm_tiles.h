// How a GEMM run is cut into tasks: tiles of rows (output pixels) and of
// panels (output channels, kernel.nr each), per group, in (group, row tile,
// panel tile) order, the order pthreadpool's parallelize_3d_tile_2d walks and
// splits into one contiguous share per thread (and octet_conv2d_run_thread's
// share t takes). Results never depend on the tiling.
#pragma once

#include <cstddef>
#include <mutex>

namespace octet {

struct GemmTiles {
  size_t m, p, m_tiles, p_tiles;  // rows and panels per tile; tiles per group
  size_t count(size_t groups) const { return groups * m_tiles * p_tiles; }
};

// The geometry a tiling must respect: M rows and P panels per group, tiles
// of whole mr-row kernel tiles up to `max_rows` rows (a task's buffers),
// panel tiles of whole `line_panels` (so that two tasks on the same rows
// write no common cache line where pixels start on a line) unless one tile
// takes every panel.
struct GemmTileLimits {
  size_t M, P, groups, mr, max_rows, line_panels;
};

// Tasks [begin, end) of share t of `threads`: pthreadpool's first split of
// a parallelize call (the first count % threads shares take one task more).
struct GemmShare {
  size_t begin, end;
  GemmShare(size_t count, size_t t, size_t threads)
      : begin(count / threads * t + (t < count % threads ? t : count % threads)),
        end(begin + count / threads + (t < count % threads ? 1 : 0)) {}
};

// Work in the tasks [0, i) of a tiling, in row x panel units.
size_t gemm_tasks_work(const GemmTileLimits& l, const GemmTiles& t, size_t i);

// The largest share of `threads` contiguous shares of the tasks, in row x
// panel units.
size_t gemm_largest_share(const GemmTileLimits& l, const GemmTiles& t, size_t threads);

// One thread: row tiles as tall as the buffers allow (up to 64 rows), every
// panel. Several: among tilings of at least one task per thread, the one
// whose largest share is smallest, each task counted with an overhead of
// half a kernel tile on one panel; ties go to fewer tasks. Shares then differ
// by a few percent where the old rule (halve tiles until 4 tasks per thread)
// left 14x14 layers 61 / 39 between 2 threads.
GemmTiles plan_gemm_tiles(const GemmTileLimits& l, size_t threads);

// The last plans of a path, whose limits differ between runs only in M and
// the tile height (a run compares two heights, GemmConvPath::run_kernel): the
// search costs 1-2 us on 2 threads (a 14x14 1x1 layer runs in ~30 us), and
// runs repeat their sizes. Safe for concurrent runs.
class GemmTilesCache {
 public:
  GemmTiles get(const GemmTileLimits& l, size_t threads) const;

 private:
  struct Entry {
    size_t M = 0, mr = 0, threads = 0;  // threads 0: empty
    GemmTiles tiles{};
  };
  static constexpr size_t kEntries = 4;
  mutable std::mutex mu_;
  mutable Entry entries_[kEntries];
  mutable size_t next_ = 0;  // the entry replaced next
};

}  // namespace octet
