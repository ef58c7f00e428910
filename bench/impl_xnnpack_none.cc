// Built instead of impl_xnnpack.cc when configure finds no XNNPACK
// (cmake/OctetChecks.cmake, octet_find_xnnpack): the report's XNNPACK column
// and header then say "absent" and why.
#include "bench/layer.h"

#ifndef OCTET_BENCH_XNNPACK_ABSENT
#define OCTET_BENCH_XNNPACK_ABSENT "not built in"
#endif

namespace octet_bench {

std::unique_ptr<Impl> make_xnnpack_impl() { return nullptr; }

std::string xnnpack_status() { return std::string("absent: ") + OCTET_BENCH_XNNPACK_ABSENT; }

}  // namespace octet_bench
