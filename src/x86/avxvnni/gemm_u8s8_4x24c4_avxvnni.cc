// AVX-VNNI GEMM microkernel: 4 rows x 24 columns (three ymm of 8 channels;
// 12 accumulators, 3 weight vectors and a broadcast fill the 16 ymm
// registers), VEX vpdpbusd u8 x s8 -> s32 (Dpbusd, src/x86/gemm_driver.h).
#include "src/x86/avx2/gemm_out_ymm.h"
#include "src/x86/gemm_driver.h"

OCTET_X86_GEMM_KERNEL(gemm_u8s8_4x24c4_avxvnni, C4Step<Dpbusd<Ymm>>, OutputStageYmm, 4, 3)
