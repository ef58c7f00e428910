// Built instead of impl_fbgemm.cc when CMake finds no installed FBGEMM: the
// report's FBGEMM column then says "not found".
#include "bench/layer.h"

namespace octet_bench {

std::unique_ptr<Impl> make_fbgemm_impl() { return nullptr; }

std::string fbgemm_status() { return "not found"; }

}  // namespace octet_bench
