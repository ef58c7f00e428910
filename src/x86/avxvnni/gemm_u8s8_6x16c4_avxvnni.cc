// AVX-VNNI GEMM microkernel: 6 rows x 16 columns (two ymm of 8 channels),
// VEX vpdpbusd u8 x s8 -> s32, exact by construction. Panels are int8 [NR][4].
// The epilogue is the shared AVX2 one (gemm_epilogue_avx2), reached through a
// spill of the accumulators.
#include <cstring>

#include "src/x86/emulation.h"
#include "src/x86/avx2/gemm_epilogue_avx2.h"

namespace octet::x86 {

namespace {

template <size_t MR, size_t NV, bool S8>
__attribute__((always_inline)) inline void step(__m256i (&acc)[MR][NV], const uint32_t (&xs)[MR],
                                              const int8_t* wp) {
  constexpr size_t NR = NV * 8;
  (void)NR;
  const __m256i flip = _mm256_set1_epi32(static_cast<int32_t>(0x80808080u));
  __m256i wv[NV];
#pragma GCC unroll 16
  for (size_t v = 0; v < NV; ++v) wv[v] = _mm256_load_si256(reinterpret_cast<const __m256i*>(wp + v * 32));
#pragma GCC unroll 16
  for (size_t m = 0; m < MR; ++m) {
    __m256i x = _mm256_set1_epi32(static_cast<int32_t>(xs[m]));
    if (S8) x = _mm256_xor_si256(x, flip);  // s8 -> u8 (x + 128)
#pragma GCC unroll 16
    for (size_t v = 0; v < NV; ++v) acc[m][v] = OCTET_DPBUSD_YMM(acc[m][v], x, wv[v]);
  }
}

template <size_t MR, size_t NV, bool S8>
void kernel(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, const void* w, void* c,
            size_t cm_stride, const GemmParams* params) {
  constexpr size_t NR = NV * 8;
  const char* header = static_cast<const char*>(w);
  const int8_t* wp = reinterpret_cast<const int8_t*>(header + 16 * NR);
  __m256i acc[MR][NV];
#pragma GCC unroll 16
  for (size_t m = 0; m < MR; ++m) {
#pragma GCC unroll 16
    for (size_t v = 0; v < NV; ++v) acc[m][v] = _mm256_setzero_si256();
  }
  const size_t kfull = kc / 4, ktail = kc % 4;

  for (size_t t = 0; t < ks; ++t) {
    const uint8_t* row[MR];
#pragma GCC unroll 16
    for (size_t m = 0; m < MR; ++m) row[m] = static_cast<const uint8_t*>(a[t * mr + (m < mr ? m : mr - 1)]);
    for (size_t b = 0; b < kfull; ++b) {
      uint32_t xs[MR];
#pragma GCC unroll 16
      for (size_t m = 0; m < MR; ++m) std::memcpy(&xs[m], row[m] + 4 * b, 4);
      step<MR, NV, S8>(acc, xs, wp);
      wp += NR * 4;
    }
    if (ktail) {
      uint32_t xs[MR];
#pragma GCC unroll 16
      for (size_t m = 0; m < MR; ++m) {
        xs[m] = 0;
        std::memcpy(&xs[m], row[m] + 4 * kfull, ktail);
      }
      step<MR, NV, S8>(acc, xs, wp);
      wp += NR * 4;
    }
  }

  alignas(64) int32_t spill[MR * NR];
#pragma GCC unroll 16
  for (size_t m = 0; m < MR; ++m) {
#pragma GCC unroll 16
    for (size_t v = 0; v < NV; ++v) _mm256_store_si256(reinterpret_cast<__m256i*>(spill + m * NR + v * 8), acc[m][v]);
  }
  gemm_epilogue_avx2(spill, mr, nc, w, NR, c, cm_stride, params);
}

}  // namespace

void OCTET_UKERNEL_NAME(gemm_u8s8_6x16c4_avxvnni)(size_t mr, size_t nc, size_t kc, size_t ks,
                                                     const void* const* a, const void* w, void* c,
                                                     size_t cm_stride, const GemmParams* params) {
  if (params->input_s8) {
    kernel<6, 2, true>(mr, nc, kc, ks, a, w, c, cm_stride, params);
  } else {
    kernel<6, 2, false>(mr, nc, kc, ks, a, w, c, cm_stride, params);
  }
}

}  // namespace octet::x86
