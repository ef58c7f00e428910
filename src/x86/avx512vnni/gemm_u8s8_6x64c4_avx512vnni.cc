// AVX-512 VNNI GEMM microkernel: 6 rows x 64 columns (4 zmm of 16 channels),
// vpdpbusd u8 x s8 -> s32 (Dpbusd, src/x86/gemm_driver.h); the accumulators
// stay in registers through the AVX-512 output stage.
#include "src/x86/avx512bw/output_avx512.h"
#include "src/x86/gemm_driver.h"

OCTET_X86_GEMM_KERNEL(gemm_u8s8_6x64c4_avx512vnni, C4Step<Dpbusd<Zmm>>, OutputStageZmm, 6, 4)

// The multi-panel entry <name>_panels: the halves' software pipeline.
#define OCTET_PIPE_MR 6
#define OCTET_PIPE_KERNEL gemm_u8s8_6x64c4_avx512vnni
#include "src/x86/avx512vnni/gemm_x64c4_pipeline.h"
