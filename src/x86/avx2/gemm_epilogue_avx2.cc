#include "src/x86/avx2/gemm_epilogue_avx2.h"

namespace octet::x86 {

void gemm_epilogue_avx2(const int32_t* acc, size_t mr, size_t nc, const void* panel, size_t nr, void* c,
                        size_t cm_stride, const GemmParams* params) {
  const char* header = static_cast<const char*>(panel);
  for (size_t m = 0; m < mr; ++m) {
    __m256i row[4] = {};
    const size_t nv = nr / 8;
    for (size_t v = 0; v < nv && v < 4; ++v) {
      row[v] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(acc + m * nr + v * 8));
    }
    const int32_t* a_sum = params->a_sums ? params->a_sums + m : nullptr;
    void* cm = static_cast<char*>(c) + m * cm_stride;
    switch (nv) {
      case 1: epilogue_row_avx2<1>(row, nc, header, nr, a_sum, cm, *params); break;
      case 2: epilogue_row_avx2<2>(row, nc, header, nr, a_sum, cm, *params); break;
      case 3: epilogue_row_avx2<3>(row, nc, header, nr, a_sum, cm, *params); break;
      default: epilogue_row_avx2<4>(row, nc, header, nr, a_sum, cm, *params); break;
    }
  }
}

}  // namespace octet::x86
