// The GEMM output stage of the mixed-width tiles (SplitOps<Zmm, Ymm>,
// src/x86/gemm_driver.h): each row's zmm through the zmm stage (columns
// 0..15), its ymm through the ymm stage reading the panel header from column
// 16 on. Both are src/core/output_stage.h's GemmOutput: no arithmetic here.
//
// Include only from AVX-512 translation units (or SIMDe-emulated ones,
// src/x86/emulation.h): everything here has internal linkage.
#pragma once

#include <cstddef>

#include "src/x86/avx512bw/output_avx512.h"

namespace octet::x86 {
namespace {

struct OutputStageZmmYmm {
  static constexpr size_t kWide = ZmmLanes::kLanes;  // the columns of the zmm half
  simd::GemmOutput<ZmmLanes> wide;
  simd::GemmOutput<OutLanes<32>> narrow;

  OutputStageZmmYmm(const GemmParams& params, const void* panel, size_t nr)
      : wide(params, panel, nr), narrow(params, panel, nr) {
    // The narrow half's channels start kWide columns into every header field.
    narrow.h.folded += kWide;
    narrow.h.w_zp += kWide;
    narrow.h.a += kWide;
    narrow.h.b += kWide;
  }

  // Rows m < mr of acc (MR x 1 split vectors), nc <= 24 valid columns.
  template <size_t MR, size_t NV, bool AddFolded = true, class Vec>
  __attribute__((always_inline)) void tile(const Vec (&acc)[MR][NV], size_t mr, size_t nc, void* c,
                                           size_t cm_stride) const {
    static_assert(NV == 1, "a split tile is one split vector per row");
    const GemmParams& p = wide.p;
    const size_t narrow_offset = kWide * (p.out_type == octet_datatype_s32 ? sizeof(int32_t) : 1);
#pragma GCC unroll 16
    for (size_t m = 0; m < MR; ++m) {
      if (m >= mr) break;
      const int32_t* a_sum = p.a_sums ? p.a_sums + m : nullptr;
      char* dst = static_cast<char*>(c) + m * cm_stride;
      wide.row<1, AddFolded>(&acc[m][0].wide, nc < kWide ? nc : kWide, a_sum, dst);
      if (nc > kWide) narrow.row<1, AddFolded>(&acc[m][0].narrow, nc - kWide, a_sum, dst + narrow_offset);
    }
  }
};

}  // namespace
}  // namespace octet::x86
