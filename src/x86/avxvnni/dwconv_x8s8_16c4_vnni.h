// The x86 half of the dot-product depthwise step (src/core/dwconv_dot_impl.h)
// shared by the AVX-VNNI (ymm) and AVX-512 VNNI (zmm) kernel files: the
// quad-row prep (vpdpbusd reads u8: s8 input is flipped) and VnniStep, the
// step over one vpdpbusd register type. A kernel file defines its register's
// operations R (Reg, load(p), dp(acc, x, w)) and derives its step from
// VnniStep<R>, adding the epilogues of its output stage. Include only from
// those files, after src/x86/emulation.h. Everything here is in an anonymous
// namespace (see src/core/dwconv_dot_impl.h).
#pragma once

#include <immintrin.h>

#include "src/core/dwconv_dot_impl.h"
#include "src/x86/dwconv_expand.h"

namespace octet::dwdot {
namespace {

// kBlocks (1 or 2) 16-channel blocks of the four rows a..d -> 64 bytes each,
// channel k's 4 bytes (a[k], b[k], c[k], d[k]) at 4k. kFlip (s8 input):
// x ^ 0x80 = x + 128 as u8. The unpacks act on each 128-bit lane of a ymm
// (lane L: block L), so two blocks cost the shuffles of one: q[i], lane L,
// holds channels 16L + 4i .. 16L + 4i + 3.
template <bool kFlip, size_t kBlocks>
OCTET_DWDOT_INLINE void quad_lanes(const uint8_t* a, const uint8_t* b, const uint8_t* c, const uint8_t* d,
                                   __m256i q[4]) {
  auto load = [](const uint8_t* p) {
    if constexpr (kBlocks == 2) return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    return _mm256_castsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
  };
  __m256i r[4] = {load(a), load(b), load(c), load(d)};
  if (kFlip) {
    for (__m256i& v : r) v = _mm256_xor_si256(v, _mm256_set1_epi8(-128));
  }
  const __m256i ab0 = _mm256_unpacklo_epi8(r[0], r[1]), ab1 = _mm256_unpackhi_epi8(r[0], r[1]);
  const __m256i cd0 = _mm256_unpacklo_epi8(r[2], r[3]), cd1 = _mm256_unpackhi_epi8(r[2], r[3]);
  q[0] = _mm256_unpacklo_epi16(ab0, cd0);
  q[1] = _mm256_unpackhi_epi16(ab0, cd0);
  q[2] = _mm256_unpacklo_epi16(ab1, cd1);
  q[3] = _mm256_unpackhi_epi16(ab1, cd1);
}

// The lanes stored apart.
template <bool kFlip, size_t kBlocks>
OCTET_DWDOT_INLINE void prep_block(const uint8_t* a, const uint8_t* b, const uint8_t* c, const uint8_t* d,
                                   int8_t* dst) {
  __m256i q[4];
  quad_lanes<kFlip, kBlocks>(a, b, c, d, q);
  __m128i* o = reinterpret_cast<__m128i*>(dst);
  for (int i = 0; i < 4; ++i) {
    _mm_storeu_si128(o + i, _mm256_castsi256_si128(q[i]));
    if constexpr (kBlocks == 2) _mm_storeu_si128(o + 4 + i, _mm256_extracti128_si256(q[i], 1));
  }
}

// Two blocks stored as two whole zmm blocks (AVX-512 files only): the lanes
// gathered by two inserts and two 128-bit lane shuffles instead of eight
// 16-byte stores, four of them extracts.
template <bool kFlip>
OCTET_DWDOT_INLINE void prep_block2_zmm(const uint8_t* a, const uint8_t* b, const uint8_t* c, const uint8_t* d,
                                        int8_t* dst) {
  __m256i q[4];
  quad_lanes<kFlip, 2>(a, b, c, d, q);
  const __m512i t0 = _mm512_inserti64x4(_mm512_castsi256_si512(q[0]), q[1], 1);  // q0 L0, q0 L1, q1 L0, q1 L1
  const __m512i t1 = _mm512_inserti64x4(_mm512_castsi256_si512(q[2]), q[3], 1);  // q2 L0, q2 L1, q3 L0, q3 L1
  _mm512_storeu_si512(dst, _mm512_shuffle_i64x2(t0, t1, 0x88));       // q0..q3 lane 0
  _mm512_storeu_si512(dst + 64, _mm512_shuffle_i64x2(t0, t1, 0xDD));  // lane 1
}

// Four blocks (64 channels) at once on zmm, for AVX-512 files only. The
// unpacks act within 128-bit lanes, so each source is first permuted by
// dwords (a 4 x 4 transpose: lane L gets channels 16i + 4L .. 16i + 4L + 3,
// i = 0..3): quad register i then holds block i whole, in channel order, and
// is stored as it is (one vpermd per source instead of eight 128-bit lane
// shuffles after the unpacks).
template <bool kFlip>
OCTET_DWDOT_INLINE void prep_block4(const uint8_t* a, const uint8_t* b, const uint8_t* c, const uint8_t* d,
                                    int8_t* dst) {
  const __m512i idx = _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
  auto load = [&](const uint8_t* p) { return _mm512_permutexvar_epi32(idx, _mm512_loadu_si512(p)); };
  __m512i r[4] = {load(a), load(b), load(c), load(d)};
  if (kFlip) {
    for (__m512i& v : r) v = _mm512_xor_si512(v, _mm512_set1_epi8(-128));
  }
  const __m512i ab0 = _mm512_unpacklo_epi8(r[0], r[1]), ab1 = _mm512_unpackhi_epi8(r[0], r[1]);
  const __m512i cd0 = _mm512_unpacklo_epi8(r[2], r[3]), cd1 = _mm512_unpackhi_epi8(r[2], r[3]);
  _mm512_storeu_si512(dst, _mm512_unpacklo_epi16(ab0, cd0));        // block 0
  _mm512_storeu_si512(dst + 64, _mm512_unpackhi_epi16(ab0, cd0));   // block 1
  _mm512_storeu_si512(dst + 128, _mm512_unpacklo_epi16(ab1, cd1));  // block 2
  _mm512_storeu_si512(dst + 192, _mm512_unpackhi_epi16(ab1, cd1));  // block 3
}

// The step of register type R: one register holds a whole group (16
// channels in a zmm, 8 in a ymm, i.e. one half of a 16c4 block, 32
// contiguous bytes), and the zmm files prep four blocks per step.
template <class R>
struct VnniStep {
  using Acc = typename R::Reg;
  using Bytes = Acc;
  static constexpr size_t kLanes = sizeof(Acc) / 4, kVecs = 1;
  static constexpr bool kU8Form = true;
  static OCTET_DWDOT_INLINE Acc load_acc(const int32_t* p) { return R::load(p); }
  static OCTET_DWDOT_INLINE Bytes load_bytes(const int8_t* p) { return R::load(p); }
  static OCTET_DWDOT_INLINE Acc dot4(const Acc& acc, const Bytes& x, const Bytes& w) { return R::dp(acc, x, w); }
  static void expand2(const uint8_t* src, uint8_t* dst, size_t C) { x86::expand2(src, dst, C); }

  template <bool kFlip>
  static OCTET_DWDOT_INLINE void prep_blocks(const uint8_t* const* s, int8_t* d, size_t n) {
    size_t b = 0;
    if constexpr (kLanes == 16) {
      for (; b + 4 <= n; b += 4) {
        prep_block4<kFlip>(s[0] + 16 * b, s[1] + 16 * b, s[2] + 16 * b, s[3] + 16 * b, d + 64 * b);
      }
      if (b + 2 <= n) {
        prep_block2_zmm<kFlip>(s[0] + 16 * b, s[1] + 16 * b, s[2] + 16 * b, s[3] + 16 * b, d + 64 * b);
        b += 2;
      }
    }
    for (; b + 2 <= n; b += 2) {
      prep_block<kFlip, 2>(s[0] + 16 * b, s[1] + 16 * b, s[2] + 16 * b, s[3] + 16 * b, d + 64 * b);
    }
    if (b < n) prep_block<kFlip, 1>(s[0] + 16 * b, s[1] + 16 * b, s[2] + 16 * b, s[3] + 16 * b, d + 64 * b);
  }
};

}  // namespace
}  // namespace octet::dwdot
