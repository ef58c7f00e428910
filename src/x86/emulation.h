// Lets an AVX-512 / AVX-VNNI kernel source be compiled a second time, for the
// tests, on a CPU without those instructions: with OCTET_GEMM_EMULATE defined
// (test/x86/CMakeLists.txt does it, with AVX2 flags only) the intrinsics come
// from SIMDe and every kernel name gets an `_emu` suffix, so the emulated copy
// links beside the real one. The library never defines OCTET_GEMM_EMULATE.
#pragma once

#if defined(OCTET_GEMM_EMULATE)
#define SIMDE_ENABLE_NATIVE_ALIASES
#include <immintrin.h>
#include <simde/x86/avx512.h>
#define OCTET_UKERNEL_NAME(name) name##_emu
// SIMDe 0.7.4 aliases _mm512_madd_epi16 to its 4-argument masked form.
#undef _mm512_madd_epi16
#define _mm512_madd_epi16(a, b) simde_mm512_madd_epi16(a, b)
// AVX-VNNI's VEX vpdpbusd has the EVEX (AVX512-VL VNNI) semantics.
#define OCTET_DPBUSD_YMM(acc, a, b) simde_mm256_dpbusd_epi32(acc, a, b)
#else
#include <immintrin.h>
#define OCTET_UKERNEL_NAME(name) name
#define OCTET_DPBUSD_YMM(acc, a, b) _mm256_dpbusd_avx_epi32(acc, a, b)
#endif
