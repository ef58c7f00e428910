// Owning pointers for the C handles the layer implementations hold (an octet
// operator, an XNNPACK operator, a pthreadpool): each is released once, by its
// library's own function, when it is replaced, reset or goes out of scope.
#pragma once

#include <pthreadpool.h>

#include <cstddef>
#include <memory>

namespace octet_bench {

template <auto kRelease>
struct Release {
  template <class T>
  void operator()(T* handle) const {
    kRelease(handle);
  }
};

// Handle<struct octet_conv2d, octet_conv2d_destroy> holds an octet_conv2d_t.
template <class T, auto kRelease>
using Handle = std::unique_ptr<T, Release<kRelease>>;

using ThreadPool = Handle<pthreadpool, pthreadpool_destroy>;

// No pool for one thread: the libraries then run on the caller's thread.
inline ThreadPool make_thread_pool(int threads) {
  return ThreadPool(threads > 1 ? pthreadpool_create(static_cast<size_t>(threads)) : nullptr);
}

}  // namespace octet_bench
