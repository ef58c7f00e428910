// AVX2 exact GEMM microkernel, 4 rows x 24 columns (see gemm_c4_avx2.h): for
// output channel counts that are multiples of 24 but not of 32 (MobileNet's
// 24 and 144), where the 3x32 tile would compute 25% padding.
#include "src/x86/avx2/gemm_c4_avx2.h"

OCTET_X86_GEMM_KERNEL(gemm_u8s8_4x24c4_avx2, Avx2Int16Step, OutputStageYmm, 4, 3)
