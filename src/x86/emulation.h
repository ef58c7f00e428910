// Lets an AVX-512 / AVX-VNNI kernel source be compiled a second time, for the
// tests, on a CPU without those instructions: with OCTET_GEMM_EMULATE defined
// (test/x86/CMakeLists.txt does it, with AVX2 flags only) the intrinsics come
// from SIMDe and every kernel name gets an `_emu` suffix, so the emulated copy
// links beside the real one. The library never defines OCTET_GEMM_EMULATE.
#pragma once

#if defined(OCTET_GEMM_EMULATE)
#define SIMDE_ENABLE_NATIVE_ALIASES
#include <immintrin.h>

#include <cstdint>
#include <cstring>
#include <simde/x86/avx512.h>
#define OCTET_UKERNEL_NAME(name) name##_emu
// SIMDe 0.7.4 aliases _mm512_madd_epi16 to its 4-argument masked form.
#undef _mm512_madd_epi16
#define _mm512_madd_epi16(a, b) simde_mm512_madd_epi16(a, b)
// AVX-VNNI's VEX vpdpbusd has the EVEX (AVX512-VL VNNI) semantics.
#define OCTET_DPBUSD_YMM(acc, a, b) simde_mm256_dpbusd_epi32(acc, a, b)
// SIMDe 0.7.4 has no 512-bit int <-> float conversions nor masked stores:
// the conversions run as two native ymm halves (cvtps2dq keeps its rounding
// and INT32_MIN for out-of-range values), the stores byte by byte.
inline simde__m512 octet_emu_cvtepi32_ps(simde__m512i a) {
  simde__m512i_private ap = simde__m512i_to_private(a);
  simde__m512_private r;
  for (int h = 0; h < 2; ++h) r.m256[h] = simde_mm256_cvtepi32_ps(ap.m256i[h]);
  return simde__m512_from_private(r);
}
inline simde__m512i octet_emu_cvtps_epi32(simde__m512 a) {
  simde__m512_private ap = simde__m512_to_private(a);
  simde__m512i_private r;
  for (int h = 0; h < 2; ++h) r.m256i[h] = simde_mm256_cvtps_epi32(ap.m256[h]);
  return simde__m512i_from_private(r);
}
inline void octet_emu_mask_storeu_epi8(void* p, simde__mmask64 k, simde__m512i a) {
  simde__m512i_private ap = simde__m512i_to_private(a);
  for (int i = 0; i < 64; ++i) {
    if ((k >> i) & 1) static_cast<int8_t*>(p)[i] = ap.i8[i];
  }
}
inline void octet_emu_mask_storeu_epi32(void* p, simde__mmask16 k, simde__m512i a) {
  simde__m512i_private ap = simde__m512i_to_private(a);
  for (int i = 0; i < 16; ++i) {
    const int32_t v = ap.i32[i];  // (clang's SIMDe lanes are vector elements: no address)
    if ((k >> i) & 1) std::memcpy(static_cast<char*>(p) + 4 * i, &v, 4);
  }
}
// Nor the masked byte loads: the first n (< 32) bytes through memory, so
// that no byte past them is read (guard pages in the tests).
inline simde__m256i octet_emu_loadu_bytes_ymm(const void* p, size_t n) {
  simde__m256i v = simde_mm256_setzero_si256();
  std::memcpy(&v, p, n);
  return v;
}
#define OCTET_LOADU_BYTES_YMM(p, n) octet_emu_loadu_bytes_ymm(p, n)
// Nor the 512-bit byte to word zero extension: two native ymm halves.
inline simde__m512i octet_emu_cvtepu8_epi16(simde__m256i a) {
  simde__m256i_private ap = simde__m256i_to_private(a);
  simde__m512i_private r;
  for (int h = 0; h < 2; ++h) r.m256i[h] = simde_mm256_cvtepu8_epi16(ap.m128i[h]);
  return simde__m512i_from_private(r);
}
// Nor the 128-bit lane shuffle.
inline simde__m512i octet_emu_shuffle_i64x2(simde__m512i a, simde__m512i b, int imm) {
  simde__m512i_private ap = simde__m512i_to_private(a), bp = simde__m512i_to_private(b), r;
  r.m128i[0] = ap.m128i[imm & 3];
  r.m128i[1] = ap.m128i[(imm >> 2) & 3];
  r.m128i[2] = bp.m128i[(imm >> 4) & 3];
  r.m128i[3] = bp.m128i[(imm >> 6) & 3];
  return simde__m512i_from_private(r);
}
// Nor the variable arithmetic shift.
inline simde__m512i octet_emu_srav_epi32(simde__m512i a, simde__m512i n) {
  simde__m512i_private ap = simde__m512i_to_private(a), np = simde__m512i_to_private(n), r;
  for (int i = 0; i < 16; ++i) {
    const uint32_t s = static_cast<uint32_t>(np.i32[i]);
    r.i32[i] = ap.i32[i] >> (s > 31 ? 31 : s);
  }
  return simde__m512i_from_private(r);
}
// (clang's immintrin.h defines some of these names as macros whatever the flags.)
#undef _mm512_srav_epi32
#undef _mm512_shuffle_i64x2
#undef _mm512_cvtepi32_ps
#undef _mm512_cvtps_epi32
#undef _mm512_mask_storeu_epi8
#undef _mm512_mask_storeu_epi32
#undef _mm512_cvtepu8_epi16
#define _mm512_srav_epi32(a, n) octet_emu_srav_epi32(a, n)
#define _mm512_shuffle_i64x2(a, b, imm) octet_emu_shuffle_i64x2(a, b, imm)
#define _mm512_cvtepi32_ps(a) octet_emu_cvtepi32_ps(a)
#define _mm512_cvtps_epi32(a) octet_emu_cvtps_epi32(a)
#define _mm512_mask_storeu_epi8(p, k, a) octet_emu_mask_storeu_epi8(p, k, a)
#define _mm512_mask_storeu_epi32(p, k, a) octet_emu_mask_storeu_epi32(p, k, a)
#define _mm512_cvtepu8_epi16(a) octet_emu_cvtepu8_epi16(a)
#else
#include <immintrin.h>
#define OCTET_UKERNEL_NAME(name) name
#if defined(__AVX512VNNI__) && defined(__AVX512VL__)
// The EVEX form in AVX-512 files (ymm16-31 usable; no AVX-VNNI flag there).
#define OCTET_DPBUSD_YMM(acc, a, b) _mm256_dpbusd_epi32(acc, a, b)
#else
#define OCTET_DPBUSD_YMM(acc, a, b) _mm256_dpbusd_avx_epi32(acc, a, b)
#endif
// The first n (< 32) bytes at p, zeros after them; nothing past them is read
// (AVX512-BW + VL: a masked load suppresses faults on masked-off bytes).
#define OCTET_LOADU_BYTES_YMM(p, n) _mm256_maskz_loadu_epi8(static_cast<__mmask32>((1u << (n)) - 1), p)
#endif
