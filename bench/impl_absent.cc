// The stand-ins of the peers configure did not find: no implementation, and
// "absent: <why>" for the report's header and column. bench/CMakeLists.txt
// defines OCTET_BENCH_<PEER>_ABSENT for each absent peer (oneDNN's and
// XNNPACK's hold the reason configure gave).
#include "bench/layer.h"

namespace octet_bench {

#ifdef OCTET_BENCH_ONEDNN_ABSENT
std::unique_ptr<Impl> make_onednn_impl() { return nullptr; }
std::string onednn_version() { return std::string("absent: ") + OCTET_BENCH_ONEDNN_ABSENT; }
std::string onednn_isa() { return std::string(); }
#endif

#ifdef OCTET_BENCH_XNNPACK_ABSENT
std::unique_ptr<Impl> make_xnnpack_impl() { return nullptr; }
std::string xnnpack_status() { return std::string("absent: ") + OCTET_BENCH_XNNPACK_ABSENT; }
#endif

#ifdef OCTET_BENCH_FBGEMM_ABSENT
std::unique_ptr<Impl> make_fbgemm_impl() { return nullptr; }
std::string fbgemm_status() {
  return "absent: not installed (the project never builds FBGEMM; tools/bench.sh --fbgemm-root PREFIX "
         "for an installed one)";
}
#endif

}  // namespace octet_bench
