// AVX2 exact GEMM microkernel, 4 rows x 16 columns (see gemm_c4_avx2.h).
#include "src/x86/avx2/gemm_c4_avx2.h"
#include "src/x86/gemm_kernels.h"

OCTET_DEFINE_GEMM_C4_AVX2(4, 2, gemm_u8s8_4x16c4_avx2)
