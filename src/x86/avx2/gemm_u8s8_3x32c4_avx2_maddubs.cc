// AVX2 GEMM microkernel, 3 rows x 32 columns, int8 [NR][4] panels, using
// vpmaddubsw (u8 x s8 pair sums in int16, saturating) + vpmaddwd(1) + vpaddd.
// About 4/3 the throughput of the exact int16 kernel, and exact ONLY for
// weights whose packed pairs satisfy |w_a| + |w_b| <= 128 (then
// |x_a*w_a + x_b*w_b| <= 255 * 128 < 2^15 and nothing saturates). The
// convolution path selects it only after gemm_weights_fit_pair_limit() has
// checked every pair of the operator's weights (GemmKernel::pair_abs_limit).
#include "src/x86/avx2/gemm_out_ymm.h"
#include "src/x86/gemm_maddubs.h"

namespace octet::x86 {
namespace {

// 12 accumulators leave no registers for a row of weights: loaded per row.
using MaddubsStep = C4Step<Maddubs<Ymm>, false>;

}  // namespace
}  // namespace octet::x86

OCTET_X86_GEMM_KERNEL(gemm_u8s8_3x32c4_avx2_maddubs, MaddubsStep, OutputStageYmm, 3, 4)
