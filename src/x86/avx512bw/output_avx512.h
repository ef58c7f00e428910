// The output stage on zmm (AVX-512BW): the arithmetic of
// src/core/output_stage.h on the zmm lanes of src/x86/output_lanes.h. The
// GEMM kernels use OutputStageZmm (the whole tile, built once per tile so its
// constants stay in registers); the depthwise kernels use zmm:: (and their
// own stores). What is zmm-only: narrow16_words, the narrowing by vpmovsdw.
//
// Include only from AVX-512 translation units (or SIMDe-emulated ones,
// src/x86/emulation.h): everything here has internal linkage, so each ISA's
// file keeps its own copy.
#pragma once

#include <cstddef>
#include <cstdint>

#include "src/x86/emulation.h"

// GCC 12's AVX-512 intrinsics start from _mm512_undefined_*(), a
// self-initialised variable that -Wmaybe-uninitialized reports when inlined.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include "src/core/gemm_ukernel.h"
#include "src/core/output_stage.h"
#include "src/x86/output_lanes.h"

namespace octet::x86 {
namespace {

using ZmmLanes = OutLanes<64>;

// The single-vector arithmetic on zmm (src/core/output_stage.h), used like a
// namespace: zmm::to_int<K>(...).
struct zmm : simd::OutputOps<ZmmLanes> {
  // One vector of r -> 16 int16 in lane order by vpmovsdw, + zero point
  // (AddZp) and the clamp (Clamp) in saturating int16; vpmovwb after it is
  // exact (the values are in the byte range by then). min16 / max16: the
  // clamp bounds as int16. The clamp is what brings the words into the byte
  // range, so Clamp is false only for onednn (r in range already).
  template <bool AddZp, bool Clamp>
  static OCTET_OUT_INLINE __m256i narrow16_words(__m512i r, __m256i zp16, __m256i min16, __m256i max16) {
    __m256i w = _mm512_cvtsepi32_epi16(r);
    if (AddZp) w = _mm256_adds_epi16(w, zp16);
    if (Clamp) w = _mm256_min_epi16(_mm256_max_epi16(w, min16), max16);
    return w;
  }
};

// The GEMM output stage: OutputStageZmm(params, panel, NR).tile<MR, NV>(...)
// or .row<NV>(...).
using OutputStageZmm = simd::GemmOutput<ZmmLanes>;

}  // namespace
}  // namespace octet::x86
