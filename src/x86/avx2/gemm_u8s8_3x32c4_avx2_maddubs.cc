// AVX2 GEMM microkernel, 3 rows x 32 columns, int8 [NR][4] panels, using
// vpmaddubsw (u8 x s8 pair sums in int16, saturating) + vpmaddwd(1) + vpaddd.
// About 4/3 the throughput of the exact int16 kernel, and exact ONLY for
// weights whose packed pairs satisfy |w_a| + |w_b| <= 128 (then
// |x_a*w_a + x_b*w_b| <= 255 * 128 < 2^15 and nothing saturates). The
// convolution path selects it only after gemm_weights_fit_pair_limit() has
// checked every pair of the operator's weights (GemmKernel::pair_abs_limit).
#include <immintrin.h>

#include <cstring>

#include "src/x86/avx2/output_avx2.h"
#include "src/x86/gemm_tail.h"
#include "src/x86/gemm_kernels.h"

namespace octet::x86 {

namespace {

template <size_t MR, size_t NV, bool S8>
__attribute__((always_inline)) inline void step(__m256i (&acc)[MR][NV], const uint32_t (&x32)[MR],
                                                const int8_t* wp) {
  const __m256i ones = _mm256_set1_epi16(1);
#pragma GCC unroll 16
  for (size_t m = 0; m < MR; ++m) {
    __m256i x = _mm256_set1_epi32(static_cast<int32_t>(x32[m]));
    if (S8) x = _mm256_xor_si256(x, _mm256_set1_epi8(static_cast<char>(0x80)));  // s8 -> u8 (x + 128)
#pragma GCC unroll 16
    for (size_t v = 0; v < NV; ++v) {
      const __m256i w = _mm256_load_si256(reinterpret_cast<const __m256i*>(wp + v * 32));
      const __m256i pairs = _mm256_maddubs_epi16(x, w);  // exact under the pair limit
      acc[m][v] = _mm256_add_epi32(acc[m][v], _mm256_madd_epi16(pairs, ones));
    }
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
      uint32_t x32[MR];
#pragma GCC unroll 16
      for (size_t m = 0; m < MR; ++m) std::memcpy(&x32[m], row[m] + 4 * b, 4);
      step<MR, NV, S8>(acc, x32, wp);
      wp += NR * 4;
    }
    if (ktail != 0) {
      uint32_t x32[MR];
#pragma GCC unroll 16
      for (size_t m = 0; m < MR; ++m) x32[m] = load_tail(row[m] + 4 * kfull, ktail);
      step<MR, NV, S8>(acc, x32, wp);
      wp += NR * 4;
    }
  }
#pragma GCC unroll 16
  for (size_t m = 0; m < MR; ++m) {
    if (m < mr) {
      __m256i out[NV];
#pragma GCC unroll 16
      for (size_t v = 0; v < NV; ++v) out[v] = acc[m][v];
      epilogue_row_avx2<NV>(out, nc, header, NR, params->a_sums ? params->a_sums + m : nullptr,
                            static_cast<char*>(c) + m * cm_stride, *params);
    }
  }
}

}  // namespace

void gemm_u8s8_3x32c4_avx2_maddubs(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, const void* w,
                                   void* c, size_t cm_stride, const GemmParams* params) {
  if (params->input_s8) {
    kernel<3, 4, true>(mr, nc, kc, ks, a, w, c, cm_stride, params);
  } else {
    kernel<3, 4, false>(mr, nc, kc, ks, a, w, c, cm_stride, params);
  }
}

}  // namespace octet::x86
