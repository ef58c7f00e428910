// AVX2 exact GEMM microkernel, 3 rows x 32 columns (see gemm_c4_avx2.h).
// Chosen by measurement on Zen 3 among 4x8, 4x16, 5x16, 6x16, 8x8, 4x24, 2x32
// and 3x32: the widest row (4 ymm) amortises the two vpshufb per row best.
#include "src/x86/avx2/gemm_c4_avx2.h"

OCTET_X86_GEMM_KERNEL(gemm_u8s8_3x32c4_avx2, Avx2Int16Step, OutputStageYmm, 3, 4)
