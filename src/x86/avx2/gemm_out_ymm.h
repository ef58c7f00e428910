// The GEMM output stage on ymm, as the driver (src/x86/gemm_driver.h) calls
// it: the AVX2 epilogue (output_avx2.h), inline, row by row on the
// register-resident accumulators. For the AVX2 kernels and the AVX-VNNI ones
// (the epilogue has only AVX2 instructions: compiled with AVX-VNNI flags it
// is the same code).
#pragma once

#include "src/core/gemm_ukernel.h"
#include "src/x86/avx2/output_avx2.h"

namespace octet::x86 {
namespace {

struct OutputStageYmm {
  const GemmParams& p;
  const char* header;  // the panel
  size_t nr;

  OutputStageYmm(const GemmParams& params, const void* panel, size_t nr_)
      : p(params), header(static_cast<const char*>(panel)), nr(nr_) {}

  // Rows m < mr of acc (MR x NV).
  template <size_t MR, size_t NV, bool AddFolded = true>
  __attribute__((always_inline)) void tile(const __m256i (&acc)[MR][NV], size_t mr, size_t nc, void* c,
                                           size_t cm_stride) const {
#pragma GCC unroll 16
    for (size_t m = 0; m < MR; ++m) {
      if (m < mr) {
        __m256i row[NV];  // a copy: passing acc itself by address would keep it in memory
#pragma GCC unroll 16
        for (size_t v = 0; v < NV; ++v) row[v] = acc[m][v];
        epilogue_row_avx2<NV, AddFolded>(row, nc, header, nr, p.a_sums ? p.a_sums + m : nullptr,
                              static_cast<char*>(c) + m * cm_stride, p);
      }
    }
  }
};

}  // namespace
}  // namespace octet::x86
