// Depthwise kernels for AVX2: src/core/dwconv_impl.h instantiated for
// xsimd::avx2, with the three AVX2 primitives it needs.
#include "src/x86/avx2/dwconv_avx2_direct.h"
#include "src/x86/avx2/dwconv_avx2_prims.h"
#include "src/x86/conv_kernels.h"

namespace octet::dw {

void dwconv_prep_avx2(const PrepArgs& p) { prep_row<xsimd::avx2>(p); }
void dwconv_3x3_avx2(const RowArgs& a) { dw_row<xsimd::avx2, 2, 3>(a); }
void dwconv_5x5_avx2(const RowArgs& a) { dw_row<xsimd::avx2, 3, 5>(a); }
void dwconv_rxs_avx2(const RowArgs& a) { dw_row<xsimd::avx2, 0, 0>(a); }
void dwconv_3x3s1_direct_avx2(const DirectArgs& a) { direct::row<direct::MacAvx2, 1>(a); }
void dwconv_3x3s2_direct_avx2(const DirectArgs& a) { direct::row<direct::MacAvx2, 2>(a); }
void dwconv_3x3s2b_direct_avx2(const DirectArgs& a) { direct::row<direct::MacAvx2, 4>(a); }

const Kernels kKernelsAvx2 = {octet_isa_avx2, 8, dwconv_prep_avx2, dwconv_3x3_avx2, dwconv_5x5_avx2,
                              dwconv_rxs_avx2, dwconv_3x3s1_direct_avx2, dwconv_3x3s2_direct_avx2,
                              dwconv_3x3s2b_direct_avx2};

}  // namespace octet::dw
