// The pair-limited arithmetic of the x86 GEMM driver (src/x86/gemm_driver.h),
// one template for ymm and zmm: vpmaddubsw (u8 x s8 pair sums in int16,
// saturating) + vpmaddwd by ones + vpaddd. Exact only when every packed pair
// has |w_a| + |w_b| <= 128 (255 * 128 < 2^15; GemmKernel::pair_abs_limit),
// which the convolution path checks before it runs such a kernel.
#pragma once

#include "src/x86/gemm_driver.h"

namespace octet::x86 {
namespace {

template <class V>
struct Maddubs : Int8Quads<V> {
  using vec = typename V::vec;
  static vec mac(vec acc, vec x, vec w) {
    vec pairs;  // exact under the pair limit
    if constexpr (V::kZmm)
      pairs = _mm512_maddubs_epi16(x, w);
    else
      pairs = _mm256_maddubs_epi16(x, w);
    return V::add(acc, V::madd16(pairs, V::set1(0x00010001u)));  // int16 ones
  }
};

}  // namespace
}  // namespace octet::x86
