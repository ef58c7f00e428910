// AVX-512 VNNI GEMM microkernel: 7 rows x 64 columns (4 zmm of 16 channels),
// vpdpbusd u8 x s8 -> s32 as gemm_u8s8_6x64c4_avx512vnni. ResNet-style
// layers have a multiple of 7 output pixels (7x7, 14x14, 28x28, 56x56), which
// 7-row tiles cover without padding rows (49 pixels: 7 tiles instead of 9 of
// 6, 54 rows computed); the path picks 6 or 7 rows per run
// (GemmConvPath::start).
//
// Registers: 28 accumulators leave 4 of the 32 zmm. C4Step would hold the
// group's 4 weight vectors and the row's broadcast (33: GCC spills an
// accumulator). vpdpbusd's memory operand is its signed (weight) operand, so
// the broadcast u8 activations cannot be folded as {1to16}; instead 3 weight
// vectors stay in registers and the 4th is vpdpbusd's memory operand, read
// once per row from L1: per group 3 zmm loads, 7 vpbroadcastd from memory and
// 7 folded loads for 28 vpdpbusd. The empty asm gives each row its own copy of
// the pointer, so that GCC does not merge the 7 loads into one register.
// s8 input flips the sign bits in the general register before the broadcast
// (no constant register).
#include "src/x86/avx512bw/output_avx512.h"
#include "src/x86/gemm_driver.h"

namespace octet::x86 {
namespace {

struct Dpbusd4thFromMemory : Dpbusd<Zmm> {
  template <size_t MR, size_t NV>
  static constexpr bool has_loop = false;

  template <size_t MR, size_t NV, bool S8>
  __attribute__((always_inline)) static void group(__m512i (&acc)[MR][NV], const uint32_t (&xs)[MR],
                                                   const int8_t* wp) {
    static_assert(NV == 4, "3 weight vectors in registers + 1 from memory");
    const __m512i w0 = load(wp), w1 = load(wp + 64), w2 = load(wp + 128);
#pragma GCC unroll 16
    for (size_t m = 0; m < MR; ++m) {
      const __m512i x = set1(S8 ? xs[m] ^ 0x80808080u : xs[m]);
      const int8_t* w3 = wp + 192;
      __asm__ volatile("" : "+r"(w3));
      acc[m][0] = dpbusd(acc[m][0], x, w0);
      acc[m][1] = dpbusd(acc[m][1], x, w1);
      acc[m][2] = dpbusd(acc[m][2], x, w2);
      acc[m][3] = dpbusd(acc[m][3], x, load(w3));
    }
  }
};

}  // namespace
}  // namespace octet::x86

OCTET_X86_GEMM_KERNEL(gemm_u8s8_7x64c4_avx512vnni, Dpbusd4thFromMemory, OutputStageZmm, 7, 4)

// The multi-panel entry <name>_panels: the halves' software pipeline.
#define OCTET_PIPE_MR 7
#define OCTET_PIPE_KERNEL gemm_u8s8_7x64c4_avx512vnni
#include "src/x86/avx512vnni/gemm_x64c4_pipeline.h"
