// One zero-filled allocation cut into arrays that each start on a cache line:
// how the depthwise and small-group paths hold their packed weights and
// per-channel constants.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <vector>

#include "src/core/per_thread.h"

namespace octet {

class PackedBuffer {
 public:
  PackedBuffer() = default;
  // bytes: the size of each array, in order.
  explicit PackedBuffer(std::initializer_list<size_t> bytes) {
    size_t total = 0;
    for (size_t b : bytes) {
      offsets_.push_back(total);
      total += round_up(b, kAlign);
    }
    storage_.assign(total + kAlign, 0);
  }
  template <class T>
  T* at(size_t i) {
    return reinterpret_cast<T*>(align_ptr(storage_.data()) + offsets_[i]);
  }

 private:
  std::vector<char> storage_;
  std::vector<size_t> offsets_;
};

}  // namespace octet
