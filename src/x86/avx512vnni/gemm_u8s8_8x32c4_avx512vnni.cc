// AVX-512 VNNI GEMM microkernel: 8 rows x 32 columns (two zmm of 16 channels),
// vpdpbusd u8 x s8 -> s32 (src/x86/gemm_c4_dpbusd.h).
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
  static void store(int32_t* p, vec v) { _mm512_store_si512(reinterpret_cast<void*>(p), v); }
};

}  // namespace
}  // namespace octet::x86

#include "src/x86/gemm_c4_dpbusd.h"

namespace octet::x86 {

void OCTET_UKERNEL_NAME(gemm_u8s8_8x32c4_avx512vnni)(size_t mr, size_t nc, size_t kc, size_t ks,
                                                       const void* const* a, const void* w, void* c,
                                                       size_t cm_stride, const GemmParams* params) {
  dpbusd_dispatch<ZmmVnni, 8, 2>(mr, nc, kc, ks, a, w, c, cm_stride, params);
}

}  // namespace octet::x86
