// Built instead of impl_fbgemm.cc when CMake finds no installed FBGEMM: the
// report's FBGEMM column and header then say "absent" and why.
#include "bench/layer.h"

namespace octet_bench {

std::unique_ptr<Impl> make_fbgemm_impl() { return nullptr; }

std::string fbgemm_status() {
  return "absent: not installed (the project never builds FBGEMM; tools/bench.sh --fbgemm-root PREFIX "
         "for an installed one)";
}

}  // namespace octet_bench
