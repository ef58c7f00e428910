// AVX-512BW (no VNNI) exact GEMM microkernel: 8 rows x 32 columns on zmm,
// int16 pairs by vpmaddwd (as gemm_u8s8_4x64c4_avx512bw).
#include "src/x86/avx512bw/output_avx512.h"
#include "src/x86/gemm_driver.h"

OCTET_X86_GEMM_KERNEL(gemm_u8s8_8x32c4_avx512bw, C4Step<Int16Pairs<Zmm>>, OutputStageZmm, 8, 2)
