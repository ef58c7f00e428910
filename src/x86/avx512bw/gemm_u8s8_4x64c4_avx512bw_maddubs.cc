// AVX-512BW GEMM microkernel, 4 rows x 64 columns, int8 [NR][4] panels, using
// vpmaddubsw (u8 x s8 pair sums in int16, saturating) + vpmaddwd(1) + vpaddd:
// the zmm counterpart of gemm_u8s8_3x32c4_avx2_maddubs. Exact ONLY for
// weights whose packed pairs satisfy |w_a| + |w_b| <= 128 (255 * 128 < 2^15);
// the convolution path selects it only after gemm_weights_fit_pair_limit()
// has checked every pair (GemmKernel::pair_abs_limit), or per run when the u8
// activations lie in 0..127 (range kernel of the 4x64 exact tile).
//
// Why 4x64: the loop is bound by its multiplies, 2 per accumulator (vpmaddubsw,
// vpmaddwd), one zmm a cycle on both targets, whatever the tile. llvm-mca-19
// on the compiled loop, cycles per group of 4 reduction elements:
//                     4x64 maddubs  6x64 maddubs  4x64 exact (vpmaddwd)
//   -mcpu=znver4          32            49            39
//   -mcpu=sapphirerapids  32            48            39
// i.e. 32 MACs a cycle for 4x64 and 6x64 alike (the bound: 32 multiplies on
// znver4 FP0/FP3, on SPR port 0), 1.22x the exact tile. 6x64 buys nothing, so
// the tile is 4x64: 16 accumulators + 4 hoisted weights + ones + broadcast +
// temporaries (23 zmm), and the same tile as the exact 4x64, so plan_gemm can
// pack it beside that one as its per-run range kernel.
#include "src/x86/avx512bw/output_avx512.h"
#include "src/x86/gemm_maddubs.h"

OCTET_X86_GEMM_KERNEL(gemm_u8s8_4x64c4_avx512bw_maddubs, C4Step<Maddubs<Zmm>>, OutputStageZmm, 4, 4)
