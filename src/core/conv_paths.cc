#include "src/core/conv_paths.h"

#include "src/core/gemm_conv_path.h"
#include "src/core/isa.h"
#include "src/core/smallgroup.h"

namespace octet {

namespace {

// Most specialised first. Kernel families add their factory here.
const ConvPathFactory kFactories[] = {
    make_dwconv_dot_path,  // sdot / vpdpbusd; declines layers whose w - w_zp do not fit int8
    make_dwconv_path,
    make_smallgroup_path,
    make_gemm_path,
    make_ref_path,
};

}  // namespace

std::unique_ptr<ConvPath> select_conv_path(const ConvConfig& cfg, octet_isa max_isa) {
  const octet_isa isa = best_isa_under(max_isa);
  for (ConvPathFactory f : kFactories) {
    if (auto path = f(cfg, isa)) return path;
  }
  return make_ref_path(cfg, isa);
}

}  // namespace octet
