// The pthreadpool octet runs on, sized like torch's intra-op pool
// (torch.set_num_threads), shared by every octet op of the process.
#pragma once

#include <cstddef>
#include <memory>

#include <octet/octet.h>

namespace octet_torch {

struct PoolRef {
  std::shared_ptr<struct pthreadpool> pool;  // null: run on the calling thread
  size_t threads = 1;
  pthreadpool_t get() const { return pool.get(); }
};

// The pool for at::get_num_threads() threads, made again when that changes.
PoolRef thread_pool();

}  // namespace octet_torch
