// AVX-512BW (no VNNI) exact GEMM microkernel: 4 rows x 64 columns on zmm (half
// the activation shuffles per multiply-add of 8x32: 16 accumulators, 8 weight
// vectors). The AVX2 int16 scheme widened (Int16Pairs, src/x86/gemm_driver.h):
// vpshufb zero-extends the activation pairs, vpmaddwd + vpaddd accumulate; no
// vpmaddubsw, so no int16 saturation.
#include "src/x86/avx512bw/output_avx512.h"
#include "src/x86/gemm_driver.h"

OCTET_X86_GEMM_KERNEL(gemm_u8s8_4x64c4_avx512bw, C4Step<Int16Pairs<Zmm>>, OutputStageZmm, 4, 4)
