// Built instead of impl_onednn.cc when configure finds no usable oneDNN
// (cmake/OctetChecks.cmake, octet_find_onednn): the report's oneDNN column
// and header then say "absent" and why.
#include "bench/layer.h"

#ifndef OCTET_BENCH_ONEDNN_ABSENT
#define OCTET_BENCH_ONEDNN_ABSENT "not built in"
#endif

namespace octet_bench {

std::unique_ptr<Impl> make_onednn_impl() { return nullptr; }

std::string onednn_version() { return std::string("absent: ") + OCTET_BENCH_ONEDNN_ABSENT; }

std::string onednn_isa() { return std::string(); }

}  // namespace octet_bench
