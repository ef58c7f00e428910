// The lane operations of the output stage (src/core/output_stage.h) on x86,
// one struct for both widths: OutLanes<32> (ymm, AVX2) and OutLanes<64>
// (zmm, AVX-512BW). Most operations are the same instruction at either width
// (OCTET_OUT_W names it once); the rest differ where AVX-512 has mask
// registers (compares, selects, masked stores) or other shuffles.
//
// Include from output_avx2.h / output_avx512.h only. Everything has internal
// linkage: each translation unit keeps its own copy, so the linker can never
// hand one ISA's copy to another. A width is instantiated only by files built
// with its flags (the zmm branches are discarded in ymm code and back).
#pragma once

#include <immintrin.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "src/core/output_stage.h"

// The body of an operation: its zmm form, its ymm form.
#define OCTET_OUT_EITHER(zmm, ymm) \
  if constexpr (kZmm) {            \
    return zmm;                    \
  } else {                         \
    return ymm;                    \
  }
// An operation that is one instruction at both widths: _mm512_<op> on zmm,
// _mm256_<op> on ymm.
#define OCTET_OUT_W(op, ...) OCTET_OUT_EITHER(_mm512_##op(__VA_ARGS__), _mm256_##op(__VA_ARGS__))

namespace octet::x86 {
namespace {

// Stores the first n bytes of v through a buffer (the tails below).
OCTET_OUT_INLINE void store_first(__m256i v, size_t n, void* dst) {
  alignas(32) uint8_t tmp[32];
  _mm256_store_si256(reinterpret_cast<__m256i*>(tmp), v);
  std::memcpy(dst, tmp, n);
}

// Stores the first n bytes of `b` (n <= 32).
OCTET_OUT_INLINE void store_bytes(__m256i b, size_t n, void* dst) {
  if (n == 32) {
    _mm256_storeu_si256(static_cast<__m256i*>(dst), b);
  } else if (n == 16) {
    _mm_storeu_si128(static_cast<__m128i*>(dst), _mm256_castsi256_si128(b));
  } else if (n == 8) {
    _mm_storel_epi64(static_cast<__m128i*>(dst), _mm256_castsi256_si128(b));
  } else {
    store_first(b, n, dst);
  }
}

// Stores the first n (<= 16) bytes of `b`.
OCTET_OUT_INLINE void store_bytes16(__m128i b, size_t n, void* dst) {
  if (n == 16) return _mm_storeu_si128(static_cast<__m128i*>(dst), b);
  store_first(_mm256_castsi128_si256(b), n, dst);
}

// Stores the first n (<= 8) int32 of `v`.
OCTET_OUT_INLINE void store_s32(__m256i v, size_t n, void* dst) {
  if (n == 8) return _mm256_storeu_si256(static_cast<__m256i*>(dst), v);
  store_first(v, n * sizeof(int32_t), dst);
}

OCTET_OUT_INLINE __mmask16 lane_mask(size_t n) { return n >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << n) - 1); }
OCTET_OUT_INLINE __mmask64 byte_mask(size_t n) { return n >= 64 ? ~__mmask64(0) : __mmask64((uint64_t{1} << n) - 1); }

// The vector types of a width in bytes (a specialisation rather than a
// template argument: GCC drops the vector types' attributes there). M: what
// a compare gives (a vector on ymm, a mask register on zmm).
template <size_t Bytes>
struct OutVec;
template <>
struct OutVec<32> {
  using I = __m256i;
  using F = __m256;
  using M = __m256i;
};
template <>
struct OutVec<64> {
  using I = __m512i;
  using F = __m512;
  using M = __mmask16;
};

template <size_t Bytes>
struct OutLanes {
  static constexpr bool kZmm = Bytes == 64;
  static constexpr size_t kLanes = Bytes / 4;
  using I = typename OutVec<Bytes>::I;
  using F = typename OutVec<Bytes>::F;
  using M = typename OutVec<Bytes>::M;
  using W = I;  // 2 * kLanes int16
  using B = I;  // 4 * kLanes bytes
  using Fixed = simd::FixedByCompare<OutLanes>;

  // int32 lanes.
  static OCTET_OUT_INLINE I set1(int32_t x) { OCTET_OUT_W(set1_epi32, x) }
  static OCTET_OUT_INLINE I zero() { return set1(0); }
  static OCTET_OUT_INLINE I loadu(const int32_t* p) {
    OCTET_OUT_EITHER(_mm512_loadu_si512(p), _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)))
  }
  static OCTET_OUT_INLINE I add(I a, I b) { OCTET_OUT_W(add_epi32, a, b) }
  static OCTET_OUT_INLINE I sub(I a, I b) { OCTET_OUT_W(sub_epi32, a, b) }
  static OCTET_OUT_INLINE I mullo(I a, I b) { OCTET_OUT_W(mullo_epi32, a, b) }
  static OCTET_OUT_INLINE I max(I a, I b) { OCTET_OUT_W(max_epi32, a, b) }
  static OCTET_OUT_INLINE I sllv(I a, I n) { OCTET_OUT_W(sllv_epi32, a, n) }
  static OCTET_OUT_INLINE I srav(I a, I n) { OCTET_OUT_W(srav_epi32, a, n) }
  template <int N>
  static OCTET_OUT_INLINE I srl(I a) {
    OCTET_OUT_W(srli_epi32, a, N)
  }
  static OCTET_OUT_INLINE I and_(I a, I b) { OCTET_OUT_EITHER(_mm512_and_si512(a, b), _mm256_and_si256(a, b)) }

  // Compares and what they select.
  static OCTET_OUT_INLINE M eq(I a, I b) { OCTET_OUT_EITHER(_mm512_cmpeq_epi32_mask(a, b), _mm256_cmpeq_epi32(a, b)) }
  static OCTET_OUT_INLINE M gt(I a, I b) { OCTET_OUT_EITHER(_mm512_cmpgt_epi32_mask(a, b), _mm256_cmpgt_epi32(a, b)) }
  // INT32_MIN where v < 0, else INT32_MAX (what a left shift saturates to).
  static OCTET_OUT_INLINE I saturated(I v) {
    OCTET_OUT_EITHER(_mm512_mask_blend_epi32(gt(zero(), v), set1(INT32_MAX), set1(INT32_MIN)),
                     _mm256_xor_si256(_mm256_srai_epi32(v, 31), set1(INT32_MAX)))
  }
  // m ? t : f per lane.
  static OCTET_OUT_INLINE I select(M m, I t, I f) {
    OCTET_OUT_EITHER(_mm512_mask_blend_epi32(m, f, t), _mm256_blendv_epi8(f, t, m))
  }
  // x + 1 where m (a ymm compare is -1 there).
  static OCTET_OUT_INLINE I add_one_if(I x, M m) {
    OCTET_OUT_EITHER(_mm512_mask_add_epi32(x, m, x, set1(1)), _mm256_sub_epi32(x, m))
  }

  // 64-bit lanes.
  static OCTET_OUT_INLINE I set1_64(int64_t x) { OCTET_OUT_EITHER(_mm512_set1_epi64(x), _mm256_set1_epi64x(x)) }
  static OCTET_OUT_INLINE I add64(I a, I b) { OCTET_OUT_W(add_epi64, a, b) }
  static OCTET_OUT_INLINE I mul_even(I a, I b) { OCTET_OUT_W(mul_epi32, a, b) }
  template <int N>
  static OCTET_OUT_INLINE I srl64(I a) {
    OCTET_OUT_W(srli_epi64, a, N)
  }
  template <int N>
  static OCTET_OUT_INLINE I sll64(I a) {
    OCTET_OUT_W(slli_epi64, a, N)
  }
  // The even 32-bit lanes of e, the odd ones of o.
  static OCTET_OUT_INLINE I blend_odd(I e, I o) {
    OCTET_OUT_EITHER(_mm512_mask_blend_epi32(0xAAAA, e, o), _mm256_blend_epi32(e, o, 0xAA))
  }

  // Float lanes. cvtps2dq gives INT32_MIN out of range, as the reference.
  static OCTET_OUT_INLINE F set1_f(float x) { OCTET_OUT_W(set1_ps, x) }
  static OCTET_OUT_INLINE F loadu_f(const float* p) { OCTET_OUT_W(loadu_ps, p) }
  static OCTET_OUT_INLINE F add_f(F a, F b) { OCTET_OUT_W(add_ps, a, b) }
  static OCTET_OUT_INLINE F mul_f(F a, F b) { OCTET_OUT_W(mul_ps, a, b) }
  static OCTET_OUT_INLINE F min_f(F a, F b) { OCTET_OUT_W(min_ps, a, b) }
  static OCTET_OUT_INLINE F max_f(F a, F b) { OCTET_OUT_W(max_ps, a, b) }
  static OCTET_OUT_INLINE F cvt_f(I a) { OCTET_OUT_W(cvtepi32_ps, a) }
  static OCTET_OUT_INLINE I round(F a) { OCTET_OUT_W(cvtps_epi32, a) }
  static OCTET_OUT_INLINE I round_in_range(F a) { return round(a); }
  static OCTET_OUT_INLINE I as_int(F a) { OCTET_OUT_EITHER(_mm512_castps_si512(a), _mm256_castps_si256(a)) }

  // Narrowing (packs work within 128-bit lanes) and bytes.
  static OCTET_OUT_INLINE W packs32(I a, I b) { OCTET_OUT_W(packs_epi32, a, b) }
  static OCTET_OUT_INLINE W adds16(W a, W b) { OCTET_OUT_W(adds_epi16, a, b) }
  static OCTET_OUT_INLINE W set1_16(int32_t x) { OCTET_OUT_W(set1_epi16, static_cast<int16_t>(x)) }
  static OCTET_OUT_INLINE B packs16(W a, W b) { OCTET_OUT_W(packs_epi16, a, b) }
  static OCTET_OUT_INLINE B packus16(W a, W b) { OCTET_OUT_W(packus_epi16, a, b) }
  static OCTET_OUT_INLINE B set1_8(int32_t x) { OCTET_OUT_W(set1_epi8, static_cast<char>(x)) }
  static OCTET_OUT_INLINE B min_u8(B a, B b) { OCTET_OUT_W(min_epu8, a, b) }
  static OCTET_OUT_INLINE B max_u8(B a, B b) { OCTET_OUT_W(max_epu8, a, b) }
  static OCTET_OUT_INLINE B min_s8(B a, B b) { OCTET_OUT_W(min_epi8, a, b) }
  static OCTET_OUT_INLINE B max_s8(B a, B b) { OCTET_OUT_W(max_epi8, a, b) }
  // Dword j of 128-bit lane i of four packed vectors holds four channels of
  // vector j, lane i: this transpose puts them in channel order.
  static OCTET_OUT_INLINE B to_channel_order(B b) {
    OCTET_OUT_EITHER(
        _mm512_permutexvar_epi32(_mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15), b),
        _mm256_permutevar8x32_epi32(b, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7)))
  }

  // The first n int32 / bytes (n past the vector: all of it).
  static OCTET_OUT_INLINE void store_i32(int32_t* dst, I v, size_t n) {
    OCTET_OUT_EITHER(_mm512_mask_storeu_epi32(dst, lane_mask(n), v), store_s32(v, n < 8 ? n : 8, dst))
  }
  static OCTET_OUT_INLINE void store_bytes(void* dst, B b, size_t n) {
    OCTET_OUT_EITHER(_mm512_mask_storeu_epi8(dst, byte_mask(n), b), x86::store_bytes(b, n < 32 ? n : 32, dst))
  }
};

}  // namespace
}  // namespace octet::x86
