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
  // Whole-width u8 / s8 rows go four at a time (quad): one narrowing of four
  // rows per half instead of one per row and half, which on a 24-column
  // tile halves the output stage's shuffles.
  template <size_t MR, size_t NV, bool AddFolded = true, class Vec>
  __attribute__((always_inline)) void tile(const Vec (&acc)[MR][NV], size_t mr, size_t nc, void* c,
                                           size_t cm_stride) const {
    static_assert(NV == 1, "a split tile is one split vector per row");
    const GemmParams& p = wide.p;
    const size_t narrow_offset = kWide * (p.out_type == octet_datatype_s32 ? sizeof(int32_t) : 1);
    const size_t quad_rows = nc == kWide + kNarrow && p.out_type != octet_datatype_s32 ? mr / 4 * 4 : 0;
#pragma GCC unroll 16
    for (size_t m = 0; m + 4 <= MR; m += 4) {
      if (m >= quad_rows) break;
      quad<AddFolded>(acc, m, static_cast<char*>(c) + m * cm_stride, cm_stride);
    }
#pragma GCC unroll 16
    for (size_t m = 0; m < MR; ++m) {
      if (m >= mr) break;
      if (m < quad_rows) continue;
      const int32_t* a_sum = p.a_sums ? p.a_sums + m : nullptr;
      char* dst = static_cast<char*>(c) + m * cm_stride;
      wide.row<1, AddFolded>(&acc[m][0].wide, nc < kWide ? nc : kWide, a_sum, dst);
      if (nc > kWide) narrow.row<1, AddFolded>(&acc[m][0].narrow, nc - kWide, a_sum, dst + narrow_offset);
    }
  }

 private:
  static constexpr size_t kNarrow = OutLanes<32>::kLanes;

  // Rows m0..m0 + 3, all 24 columns, as bytes: each half's four rows packed
  // into one vector (bytes4: row after row in channel order), then stored a
  // row's part at a time.
  template <bool AddFolded, size_t MR, class Vec>
  __attribute__((always_inline)) void quad(const Vec (&acc)[MR][1], size_t m0, char* dst, size_t cm_stride) const {
    const GemmParams& p = wide.p;
    __m512i rw[4];
    __m256i rn[4];
#pragma GCC unroll 4
    for (size_t i = 0; i < 4; ++i) {
      const int32_t* a_sum = p.a_sums ? p.a_sums + m0 + i : nullptr;
      __m512i xw[1], r1w[1];
      __m256i xn[1], r1n[1];
      wide.sums<1, AddFolded>(&acc[m0 + i][0].wide, a_sum, xw);
      narrow.sums<1, AddFolded>(&acc[m0 + i][0].narrow, a_sum, xn);
      wide.ints<1>(xw, r1w);
      narrow.ints<1>(xn, r1n);
      rw[i] = r1w[0];
      rn[i] = r1n[0];
    }
    const __m512i bw = wide.bytes4(rw[0], rw[1], rw[2], rw[3]);
    const __m256i bn = narrow.bytes4(rn[0], rn[1], rn[2], rn[3]);
    const __m128i n01 = _mm256_castsi256_si128(bn), n23 = _mm256_extracti128_si256(bn, 1);
    char* const d1 = dst + cm_stride;
    char* const d2 = d1 + cm_stride;
    char* const d3 = d2 + cm_stride;
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst), _mm512_castsi512_si128(bw));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(d1), _mm512_extracti32x4_epi32(bw, 1));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(d2), _mm512_extracti32x4_epi32(bw, 2));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(d3), _mm512_extracti32x4_epi32(bw, 3));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(dst + kWide), n01);
    _mm_storeh_pi(reinterpret_cast<__m64*>(d1 + kWide), _mm_castsi128_ps(n01));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(d2 + kWide), n23);
    _mm_storeh_pi(reinterpret_cast<__m64*>(d3 + kWide), _mm_castsi128_ps(n23));
  }
};

}  // namespace
}  // namespace octet::x86
