// AVX-512 VNNI GEMM microkernel: 4 rows x 32 columns (two zmm of 16
// channels), vpdpbusd (as gemm_u8s8_8x32c4_avx512vnni, for few output rows).
#include "src/x86/avx512bw/output_avx512.h"
#include "src/x86/gemm_driver.h"

OCTET_X86_GEMM_KERNEL(gemm_u8s8_4x32c4_avx512vnni, C4Step<Dpbusd<Zmm>>, OutputStageZmm, 4, 2)
