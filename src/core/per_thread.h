// Runs a path as exactly one task per pool thread: task t of `tasks` gets its
// own slice of the workspace and a contiguous range of output rows, so the
// workspace size is known from the thread count and results never depend on it.
#pragma once

#include <pthreadpool.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "src/core/conv_config.h"

namespace octet {

// Workspaces and packed buffers are aligned to cache lines.
constexpr size_t kAlign = 64;

constexpr size_t round_up(size_t v, size_t m) { return (v + m - 1) / m * m; }

inline char* align_ptr(void* p) {
  return reinterpret_cast<char*>(round_up(reinterpret_cast<uintptr_t>(p), kAlign));
}

// Path must have `void run_task(const ConvRunArgs&, size_t t, size_t tasks) const`.
template <class Path>
void run_one_task_per_thread(const Path* self, const ConvRunArgs& a) {
  const size_t threads = a.threadpool ? pthreadpool_get_threads_count(a.threadpool) : 1;
  struct Ctx {
    const Path* self;
    const ConvRunArgs* a;
    size_t tasks;
  } ctx{self, &a, std::max<size_t>(threads, 1)};
  pthreadpool_parallelize_1d(
      a.threadpool,
      [](void* raw, size_t t) {
        const Ctx* c = static_cast<const Ctx*>(raw);
        c->self->run_task(*c->a, t, c->tasks);
      },
      &ctx, ctx.tasks, 0);
}

}  // namespace octet
