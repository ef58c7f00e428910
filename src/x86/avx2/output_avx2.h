// The output stage on ymm (AVX2): the arithmetic of src/core/output_stage.h
// on the ymm lanes of src/x86/output_lanes.h. GEMM, depthwise and grouped
// kernels of AVX2, and the AVX-VNNI ones (whose flags add no instruction to
// this code), all requantize here; the kernels keep only their lane orders
// and stores. What is ymm-only: the xmm narrowing of one vector (narrow8)
// and the byte / int32 stores with tails (output_lanes.h).
//
// Everything has internal linkage: each translation unit that includes this
// keeps its own copy, so the linker can never hand one ISA's copy to another.
#pragma once

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "src/core/gemm_ukernel.h"
#include "src/core/output_stage.h"
#include "src/x86/output_lanes.h"

namespace octet::x86 {
namespace {

using YmmLanes = OutLanes<32>;

// The single-vector arithmetic on ymm (Consts, load_words, to_int, words2,
// narrow_words, narrow_bytes, clamp_bytes: src/core/output_stage.h), used
// like a namespace: ymm::to_int<K>(...).
struct ymm : simd::OutputOps<YmmLanes> {
  // One vector of r -> 8 bytes in lane order, on xmm.
  template <bool AddZp, bool U8, bool Clamp>
  static OCTET_OUT_INLINE __m128i narrow8(__m256i r, __m128i zp16, __m128i min8, __m128i max8) {
    __m128i w = _mm_packs_epi32(_mm256_castsi256_si128(r), _mm256_extracti128_si256(r, 1));
    if (AddZp) w = _mm_adds_epi16(w, zp16);
    __m128i b = U8 ? _mm_packus_epi16(w, w) : _mm_packs_epi16(w, w);
    if (Clamp) b = U8 ? _mm_min_epu8(_mm_max_epu8(b, min8), max8) : _mm_min_epi8(_mm_max_epi8(b, min8), max8);
    return b;
  }
};

// One GEMM row: NV vectors of 8 accumulators, nc (<= 8*NV) valid columns,
// header: the panel (src/core/gemm_ukernel.h) of nr columns.
template <size_t NV, bool AddFolded = true>
OCTET_OUT_INLINE void epilogue_row_avx2(const __m256i* acc, size_t nc, const char* header, size_t nr,
                                        const int32_t* a_sum, void* c, const GemmParams& p) {
  simd::GemmOutput<YmmLanes>(p, header, nr).row<NV, AddFolded>(acc, nc, a_sum, c);
}

}  // namespace
}  // namespace octet::x86
