// AVX-VNNI GEMM microkernel: 6 rows x 16 columns (two ymm of 8 channels),
// VEX vpdpbusd (as gemm_u8s8_4x24c4_avxvnni).
#include "src/x86/avx2/gemm_out_ymm.h"
#include "src/x86/gemm_driver.h"

OCTET_X86_GEMM_KERNEL(gemm_u8s8_6x16c4_avxvnni, C4Step<Dpbusd<Ymm>>, OutputStageYmm, 6, 2)
