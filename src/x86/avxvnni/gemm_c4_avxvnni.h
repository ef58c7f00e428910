// The ymm vector traits of the vpdpbusd GEMM template (src/x86/gemm_c4_dpbusd.h),
// AVX-VNNI (VEX): each gemm_u8s8_<MR>x<NR>c4_avxvnni.cc instantiates one tile
// with them. Include only from AVX-VNNI translation units.
#pragma once

#include "src/x86/avx2/output_avx2.h"
#include "src/x86/emulation.h"

namespace octet::x86 {
namespace {

struct YmmVnni {
  using vec = __m256i;
  static constexpr size_t lanes = 8;
  static vec zero() { return _mm256_setzero_si256(); }
  static vec load(const int8_t* p) { return _mm256_load_si256(reinterpret_cast<const __m256i*>(p)); }
  static vec set1(int32_t v) { return _mm256_set1_epi32(v); }
  static vec bitwise_xor(vec a, vec b) { return _mm256_xor_si256(a, b); }
  static vec dpbusd(vec acc, vec a, vec b) { return OCTET_DPBUSD_YMM(acc, a, b); }
  // The AVX2 epilogue, inline, on the register-resident rows. (It has only
  // AVX2 instructions: compiled here with AVX-VNNI flags it is the same code.)
  template <size_t MR, size_t NV>
  __attribute__((always_inline)) static void output(const vec (&acc)[MR][NV], size_t mr, size_t nc, const void* w,
                                                    void* c, size_t cm_stride, const GemmParams& params) {
    const char* header = static_cast<const char*>(w);
#pragma GCC unroll 16
    for (size_t m = 0; m < MR; ++m) {
      if (m >= mr) break;
      epilogue_row_avx2<NV>(acc[m], nc, header, NV * lanes, params.a_sums ? params.a_sums + m : nullptr,
                            static_cast<char*>(c) + m * cm_stride, params);
    }
  }
};

}  // namespace
}  // namespace octet::x86

#include "src/x86/gemm_c4_dpbusd.h"
