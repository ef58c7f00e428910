// AVX2 GEMM microkernel, 3 rows x 32 columns, int8 [NR][4] panels, using
// vpmaddubsw (u8 x s8 pair sums in int16, saturating) + vpmaddwd(1) + vpaddd.
// About 4/3 the throughput of the exact int16 kernel, and exact ONLY for
// weights whose packed pairs satisfy |w_a| + |w_b| <= 128 (then
// |x_a*w_a + x_b*w_b| <= 255 * 128 < 2^15 and nothing saturates). The
// convolution path selects it only after gemm_weights_fit_pair_limit() has
// checked every pair of the operator's weights (GemmKernel::pair_abs_limit).
#include "src/x86/avx2/gemm_out_ymm.h"
#include "src/x86/gemm_driver.h"

namespace octet::x86 {
namespace {

struct Maddubs : Int8Quads<Ymm> {
  static __m256i mac(__m256i acc, __m256i x, __m256i w) {
    const __m256i pairs = _mm256_maddubs_epi16(x, w);  // exact under the pair limit
    return _mm256_add_epi32(acc, _mm256_madd_epi16(pairs, _mm256_set1_epi16(1)));
  }
};

// 12 accumulators leave no registers for a row of weights: loaded per row.
using MaddubsStep = C4Step<Maddubs, false>;

}  // namespace
}  // namespace octet::x86

OCTET_X86_GEMM_KERNEL(gemm_u8s8_3x32c4_avx2_maddubs, MaddubsStep, OutputStageYmm, 3, 4)
