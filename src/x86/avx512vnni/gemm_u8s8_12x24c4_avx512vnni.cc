// AVX-512 VNNI GEMM microkernel: 12 rows x 24 columns, each row one zmm (16
// channels) and one EVEX ymm (8 channels) of vpdpbusd (ZmmYmm,
// src/x86/gemm_driver.h), so a 24-channel layer has no padding column. 24
// accumulators, 2 weight halves and the broadcast: 27 of 32 registers.
#include "src/x86/avx512bw/output_zmm_ymm.h"
#include "src/x86/gemm_driver.h"

OCTET_X86_GEMM_KERNEL(gemm_u8s8_12x24c4_avx512vnni, C4Step<Dpbusd<ZmmYmm>>, OutputStageZmmYmm, 12, 1)
