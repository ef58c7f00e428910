#include "thread_pool.h"

#include <mutex>

#include <ATen/Parallel.h>
#include <pthreadpool.h>

namespace octet_torch {

PoolRef thread_pool() {
  static std::mutex mutex;
  static PoolRef current;
  const int want = at::get_num_threads();
  const size_t threads = want > 1 ? static_cast<size_t>(want) : 1;
  std::lock_guard<std::mutex> lock(mutex);
  if (current.threads != threads || (threads > 1 && !current.pool)) {
    current.threads = threads;
    // Runs still holding the old pool keep it alive until they finish.
    current.pool = threads > 1 ? std::shared_ptr<struct pthreadpool>(pthreadpool_create(threads), pthreadpool_destroy)
                               : nullptr;
  }
  return current;
}

}  // namespace octet_torch
