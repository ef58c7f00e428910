#include "src/x86/avx2/gemm_epilogue_avx2.h"

namespace octet::x86 {

void gemm_epilogue_avx2(const int32_t* acc, size_t mr, size_t nc, const void* panel, size_t nr, void* c,
                        size_t cm_stride, const GemmParams* params) {
  __m256i row[16];  // nr <= 128
  const size_t nv = nr / 8;
  for (size_t m = 0; m < mr; ++m) {
    for (size_t v = 0; v < nv; ++v) {
      row[v] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(acc + m * nr + v * 8));
    }
    epilogue_row_avx2(row, nv, nc, static_cast<const char*>(panel), nr,
                      params->a_sums ? params->a_sums + m : nullptr, static_cast<char*>(c) + m * cm_stride,
                      *params);
  }
}

}  // namespace octet::x86
