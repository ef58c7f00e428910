// The Step of the exact AVX2 GEMM kernels (u8 activations x s8 weights) for
// the driver (src/x86/gemm_driver.h): Int16Pairs on ymm. Each
// gemm_u8s8_<MR>x<NR>c4_avx2.cc instantiates one tile; include only from
// AVX2 translation units.
//
// Exactness: weights are packed as int16 ([KR/2][NR][2] within each group of
// 4 reduction elements, see src/core/gemm_ukernel.h) and multiplied with
// vpmaddwd: each int32 lane receives x0*w0 + x1*w1 with |.| <= 2*255*128,
// which never saturates (unlike vpmaddubsw's int16 pair sums).
//
// Per row and per 4 reduction elements: one 32-bit broadcast of x0..x3, two
// vpshufb that zero-extend the pairs (x0,x1) and (x2,x3) into every 32-bit
// lane, then per 8 columns two vpmaddwd + two vpaddd. The full groups of the
// production tiles (3x32, 4x24) run in assembly (gemm_c4_avx2_loop.h).
#pragma once

#include "src/x86/avx2/gemm_c4_avx2_loop.h"
#include "src/x86/avx2/gemm_out_ymm.h"
#include "src/x86/gemm_driver.h"

namespace octet::x86 {
namespace {

struct Avx2Int16Step : Int16Pairs<Ymm> {
  template <size_t MR, size_t NV>
  static constexpr bool has_loop = kC4LoopAsm<MR, NV>;

  template <size_t MR, size_t NV, bool S8>
  __attribute__((always_inline)) static void loop(__m256i (&acc)[MR][NV], const uint8_t* const* row, const int16_t*& wp,
                                                  size_t n) {
    c4_loop_asm_avx2<MR, NV, S8>(acc, row, wp, n);
  }

  // All columns for pair (0,1), then for pair (2,3) (not C4Step's
  // per-column order): one temporary register, so a 3x32 tile (12
  // accumulators) fits the 16 ymm registers without spills.
  template <size_t MR, size_t NV, bool S8>
  __attribute__((always_inline)) static void group(__m256i (&acc)[MR][NV], const uint32_t (&xs)[MR],
                                                   const int16_t* wp) {
    constexpr size_t NR = NV * 8;
#pragma GCC unroll 16
    for (size_t m = 0; m < MR; ++m) {
      const X x = load_x<S8>(xs[m]);
#pragma GCC unroll 16
      for (size_t v = 0; v < NV; ++v) {
        acc[m][v] = add(acc[m][v], madd16(x.x01, load(wp + v * 16)));
        // Keeps GCC from reassociating the two adds into (p01 + p23) + acc,
        // which needs a second temporary and spills accumulators.
        __asm__("" : "+x"(acc[m][v]));
      }
#pragma GCC unroll 16
      for (size_t v = 0; v < NV; ++v) acc[m][v] = add(acc[m][v], madd16(x.x23, load(wp + NR * 2 + v * 16)));
    }
  }
};

}  // namespace
}  // namespace octet::x86
