// How paths split a run over threads. A RowRing path runs exactly one task per
// pool thread: task t gets its own slice of the workspace and a contiguous
// range of output rows or pixels, so the workspace size is known from the
// thread count and octet_conv2d_run_thread's share t is the same task t.
// Results never depend on the split.
#pragma once

#include <pthreadpool.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>

#include "src/core/conv_config.h"

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define OCTET_HAS_TSAN_FEATURE 1
#endif
#endif
#ifndef OCTET_HAS_TSAN_FEATURE
#define OCTET_HAS_TSAN_FEATURE 0
#endif
#if defined(__SANITIZE_THREAD__) || OCTET_HAS_TSAN_FEATURE
#include <sanitizer/tsan_interface.h>
#endif

namespace octet {

// Workspaces and packed buffers are aligned to cache lines.
constexpr size_t kAlign = 64;

constexpr size_t div_up(size_t v, size_t by) { return (v + by - 1) / by; }
constexpr size_t round_up(size_t v, size_t m) { return div_up(v, m) * m; }

inline char* align_ptr(void* p) {
  return reinterpret_cast<char*>(round_up(reinterpret_cast<uintptr_t>(p), kAlign));
}

// Per-thread slices of a workspace lie kSliceGap bytes apart. Measured on Zen 4
// (2 cores, depthwise 3x3 on 112x112x32): with adjacent slices, two tasks run
// together took 1.9x as long as either alone, although no byte is shared (the
// cores' prefetchers fetch the neighbour's hot rows, and their lines bounce);
// 16 KB apart recovered most of it, 64 KB all of it for every layer measured.
constexpr size_t kSliceGap = 64 * 1024;

// Offset of slice t, for slices of `bytes` each.
constexpr size_t slice_offset(size_t bytes, size_t t) { return t * (round_up(bytes, kAlign) + kSliceGap); }

// A workspace holding `threads` slices of `bytes` each, at any alignment.
constexpr size_t slices_workspace_bytes(size_t bytes, size_t threads) {
  return threads == 0 || bytes == 0 ? 0 : slice_offset(bytes, threads - 1) + bytes + kAlign;
}

// Units [begin, end) of task t of `tasks`, over `total` units (output rows,
// GEMM tiles): contiguous, and their counts differ by at most one.
struct TaskRows {
  size_t begin, end;
  TaskRows(size_t total, size_t t, size_t tasks) : begin(total * t / tasks), end(total * (t + 1) / tasks) {}
};

// Output pixels [begin, end) of task t of `tasks`, over `pixels` consecutive
// output pixels `pixel_bytes` apart (rows of a batch, split anywhere, so that
// 7 rows on 2 threads are 24 and 25 pixels, not 3 and 4 rows). The split is in
// grains of pixels that fill whole cache lines (from the output's start), so
// that no two tasks write one line, wherever a share holds 16 grains or more
// (shares then differ by less than an eighth of one); else in pixels. Share
// sizes differ by less than two grains (whole grains, but the last share ends
// at `pixels`).
struct TaskPixels {
  size_t begin, end, grain;
  TaskPixels(size_t pixels, size_t t, size_t tasks, size_t pixel_bytes) {
    const size_t line = kAlign / std::gcd(pixel_bytes, kAlign);
    grain = line * 16 <= pixels / tasks ? line : 1;
    const size_t grains = (pixels + grain - 1) / grain;
    begin = std::min(pixels, grains * t / tasks * grain);
    end = std::min(pixels, grains * (t + 1) / tasks * grain);
  }
  // f(row, c0, c1) for each output row the share meets, with its columns
  // [c0, c1) of `cols`.
  template <class F>
  void for_each_row(size_t cols, F&& f) const {
    for (size_t p = begin; p < end;) {
      const size_t row = p / cols, c0 = p % cols, c1 = std::min(cols, c0 + (end - p));
      f(row, c0, c1);
      p += c1 - c0;
    }
  }
};

// ThreadSanitizer cannot see pthreadpool's synchronisation (Debian's library
// is not instrumented, and it waits on futexes), so the TSan build
// (OCTET_TSAN, tools/test-tsan.sh) states pthreadpool's documented contract
// and nothing more: a parallelize call happens before each of its tasks, and
// each task before the call returns. Tasks of one call stay unordered, so a
// race between them is still reported.
class PoolOrder {
 public:
#if defined(__SANITIZE_THREAD__) || OCTET_HAS_TSAN_FEATURE
  void before_tasks() { __tsan_release(&start_); }
  void task_begins() { __tsan_acquire(&start_); }
  void task_ends() { __tsan_release(&done_); }
  void after_tasks() { __tsan_acquire(&done_); }

 private:
  char start_ = 0, done_ = 0;
#else
  void before_tasks() {}
  void task_begins() {}
  void task_ends() {}
  void after_tasks() {}
#endif
};

// pthreadpool_parallelize_1d over f(i), i in [0, range).
template <class F>
void parallelize_1d(pthreadpool_t pool, size_t range, const F& f) {
  struct Ctx {
    const F* f;
    PoolOrder order;
  } ctx{&f, {}};
  ctx.order.before_tasks();
  pthreadpool_parallelize_1d(
      pool,
      [](void* raw, size_t i) {
        Ctx* c = static_cast<Ctx*>(raw);
        c->order.task_begins();
        (*c->f)(i);
        c->order.task_ends();
      },
      &ctx, range, 0);
  ctx.order.after_tasks();
}

// pthreadpool_parallelize_3d_tile_2d over f(i, j0, k0, j_count, k_count).
template <class F>
void parallelize_3d_tile_2d(pthreadpool_t pool, size_t range_i, size_t range_j, size_t range_k, size_t tile_j,
                            size_t tile_k, const F& f) {
  struct Ctx {
    const F* f;
    PoolOrder order;
  } ctx{&f, {}};
  ctx.order.before_tasks();
  pthreadpool_parallelize_3d_tile_2d(
      pool,
      [](void* raw, size_t i, size_t j, size_t k, size_t nj, size_t nk) {
        Ctx* c = static_cast<Ctx*>(raw);
        c->order.task_begins();
        (*c->f)(i, j, k, nj, nk);
        c->order.task_ends();
      },
      &ctx, range_i, range_j, range_k, tile_j, tile_k, 0);
  ctx.order.after_tasks();
}

// Path must have `void run_task(const ConvRunArgs&, size_t t, size_t tasks) const`.
template <class Path>
void run_one_task_per_thread(const Path* self, const ConvRunArgs& a) {
  const size_t threads = a.threadpool ? pthreadpool_get_threads_count(a.threadpool) : 1;
  const size_t tasks = std::max<size_t>(threads, 1);
  parallelize_1d(a.threadpool, tasks, [&](size_t t) { self->run_task(a, t, tasks); });
}

}  // namespace octet
