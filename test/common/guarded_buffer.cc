#include "test/common/guarded_buffer.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>

namespace octet::test {

GuardedRegion::GuardedRegion(size_t bytes, Guard guard) : bytes_(bytes) {
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  const size_t body = (bytes + page - 1) / page * page;
  // [guard page][body pages][guard page]; the data is flush against one guard.
  map_bytes_ = body + 2 * page;
  map_ = mmap(nullptr, map_bytes_, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (map_ == MAP_FAILED) std::abort();
  char* base = static_cast<char*>(map_);
  if (body > 0 && mprotect(base + page, body, PROT_READ | PROT_WRITE) != 0) std::abort();
  data_ = guard == Guard::kBefore ? base + page : base + page + body - bytes;
  // Poison the bytes so tests never depend on zero-filled memory.
  for (size_t i = 0; i < bytes; ++i) static_cast<unsigned char*>(data_)[i] = static_cast<unsigned char>(0xA5 ^ i);
}

GuardedRegion::~GuardedRegion() { munmap(map_, map_bytes_); }

}  // namespace octet::test
