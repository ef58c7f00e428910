// Test buffers that sit flush against inaccessible guard pages, so that a
// kernel reading or writing even one byte outside the caller's buffer faults
// at once (SIMD tails included).
//
// GuardedBuffer<T> b(n, Guard::kAfter);  // bytes [data, data+n*sizeof(T)) end at a guard page
// GuardedBuffer<T> b(n, Guard::kBefore); // ... start right after a guard page
// Tests run every operator twice, once with each placement.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace octet::test {

enum class Guard { kBefore, kAfter };

class GuardedRegion {
 public:
  GuardedRegion(size_t bytes, Guard guard);
  ~GuardedRegion();
  GuardedRegion(const GuardedRegion&) = delete;
  GuardedRegion& operator=(const GuardedRegion&) = delete;
  void* data() const { return data_; }
  size_t bytes() const { return bytes_; }

 private:
  void* map_ = nullptr;
  size_t map_bytes_ = 0;
  void* data_ = nullptr;
  size_t bytes_ = 0;
};

template <class T>
class GuardedBuffer {
 public:
  explicit GuardedBuffer(size_t count, Guard guard = Guard::kAfter) : region_(count * sizeof(T), guard) {}
  GuardedBuffer(const std::vector<T>& init, Guard guard) : region_(init.size() * sizeof(T), guard) {
    if (!init.empty()) std::memcpy(data(), init.data(), init.size() * sizeof(T));
  }
  T* data() const { return static_cast<T*>(region_.data()); }
  size_t size() const { return region_.bytes() / sizeof(T); }
  T& operator[](size_t i) const { return data()[i]; }
  std::vector<T> to_vector() const { return std::vector<T>(data(), data() + size()); }

 private:
  GuardedRegion region_;
};

}  // namespace octet::test
