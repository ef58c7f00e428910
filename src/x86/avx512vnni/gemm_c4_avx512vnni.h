// The zmm vector traits of the vpdpbusd GEMM template (src/x86/gemm_c4_dpbusd.h):
// each gemm_u8s8_<MR>x<NR>c4_avx512vnni.cc instantiates one tile with them.
// The accumulators stay in registers through the AVX-512 output stage.
// Include only from AVX-512 VNNI translation units.
#pragma once

#include "src/x86/avx512bw/output_avx512.h"
#include "src/x86/emulation.h"

namespace octet::x86 {
namespace {

struct ZmmVnni {
  using vec = __m512i;
  static constexpr size_t lanes = 16;
  static vec zero() { return _mm512_setzero_si512(); }
  static vec load(const int8_t* p) { return _mm512_load_si512(reinterpret_cast<const void*>(p)); }
  static vec set1(int32_t v) { return _mm512_set1_epi32(v); }
  static vec bitwise_xor(vec a, vec b) { return _mm512_xor_si512(a, b); }
  static vec dpbusd(vec acc, vec a, vec b) { return _mm512_dpbusd_epi32(acc, a, b); }
  template <size_t MR, size_t NV>
  __attribute__((always_inline)) static void output(const vec (&acc)[MR][NV], size_t mr, size_t nc, const void* w,
                                                    void* c, size_t cm_stride, const GemmParams& params) {
    OutputStageZmm(params, w, NV * lanes).tile<MR, NV>(acc, mr, nc, c, cm_stride);
  }
};

}  // namespace
}  // namespace octet::x86

#include "src/x86/gemm_c4_dpbusd.h"
