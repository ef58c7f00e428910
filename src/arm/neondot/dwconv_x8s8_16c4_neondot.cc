// Depthwise kernels with the ARMv8.2 dot product (sdot): u8 or s8 input (x8,
// read as s8), s8 weights, 16-channel blocks of 4-byte groups (16c4: one
// group = 4 kernel rows of one channel). The prep and row loops are
// src/core/dwconv_dot_impl.h (arithmetic, quad-row layout:
// src/core/dwconv_dot.h); this file holds the sdot step: a group is a whole
// block, 4 accumulator vectors (channel order) per pixel, walked one vector
// at a time by the column-reuse loops so that only S weight vectors are live.
// Requantization: the NEON output stage (src/arm/neon/output_neon.h), then
// one 16-byte store.
#include <arm_neon.h>

#include "src/arm/conv_kernels.h"
#include "src/arm/dwconv_expand.h"
#include "src/arm/neon/output_neon.h"
#include "src/core/dwconv_dot_impl.h"

namespace octet::dwdot {

namespace {

// 16 channels of the four rows a..d -> four quad vectors (channels 0-3, 4-7,
// 8-11, 12-15), each channel's 4 bytes in row order: exactly st4's
// interleave (one store instead of eight zips and four stores; llvm-mca,
// Neoverse N1: 5.1 instead of 8.6 cycles per block).
template <bool kFlip>
OCTET_DWDOT_INLINE void prep_block(const uint8_t* a, const uint8_t* b, const uint8_t* c, const uint8_t* d,
                                   int8_t* dst) {
  uint8x16x4_t q = {{vld1q_u8(a), vld1q_u8(b), vld1q_u8(c), vld1q_u8(d)}};
  if (kFlip) {
    // u8 input: x ^ 0x80 is x - 128 as int8 (the path folds the 128 into the init).
    for (size_t i = 0; i < 4; ++i) q.val[i] = veorq_u8(q.val[i], vdupq_n_u8(0x80));
  }
  vst4q_u8(reinterpret_cast<uint8_t*>(dst), q);
}

struct Sdot {
  static constexpr size_t kLanes = 4, kVecs = 4;
  static constexpr bool kU8Form = false;
  using Acc = int32x4_t;
  using Bytes = int8x16_t;
  static OCTET_DWDOT_INLINE Acc load_acc(const int32_t* p) { return vld1q_s32(p); }
  static OCTET_DWDOT_INLINE Bytes load_bytes(const int8_t* p) { return vld1q_s8(p); }
  static OCTET_DWDOT_INLINE Acc dot4(Acc acc, Bytes x, Bytes w) { return vdotq_s32(acc, x, w); }

  template <bool kFlip>
  static void prep_blocks(const uint8_t* const* s, int8_t* d, size_t n) {
    for (size_t b = 0; b < n; ++b) {
      prep_block<kFlip>(s[0] + 16 * b, s[1] + 16 * b, s[2] + 16 * b, s[3] + 16 * b, d + 64 * b);
    }
  }

  static void expand2(const uint8_t* src, uint8_t* dst, size_t C) { arm::expand2(src, dst, C); }

  // s32 output: the accumulators (init included) as they are.
  struct RawEpi {
    RawEpi(const RowArgs&, size_t) {}
    OCTET_DWDOT_INLINE void operator()(const int32x4_t* acc, char* dst, size_t n) const {
      if (n == 16) {
        for (size_t v = 0; v < 4; ++v) vst1q_s32(reinterpret_cast<int32_t*>(dst) + 4 * v, acc[v]);
        return;
      }
      int32_t tmp[16];
      for (size_t v = 0; v < 4; ++v) vst1q_s32(tmp + 4 * v, acc[v]);
      std::memcpy(dst, tmp, n * sizeof(int32_t));
    }
  };

  // u8 / s8 output in mode K: the NEON output stage
  // (src/arm/neon/output_neon.h) on the 16 channels from k0, constants held
  // per block; it always clamps (Clamp is true: simd::dispatch_output<false>).
  template <simd::OutKind K, bool kU8, bool Clamp>
  struct Epi {
    float32x4_t wa[4], wb[4];
    arm::q4::Consts c;
    Epi(const RowArgs& a, size_t k0) : c(a.out) {
      for (size_t v = 0; v < 4; ++v) {
        wa[v] = arm::q4::load_words(a.wa + k0 + 4 * v);
        wb[v] = arm::q4::load_words(a.wb + k0 + 4 * v);
      }
    }
    OCTET_DWDOT_INLINE void operator()(const int32x4_t* acc, char* dst, size_t n) const {
      int32x4_t r[4];
#pragma GCC unroll 4
      for (size_t v = 0; v < 4; ++v) r[v] = arm::q4::to_int<K>(acc[v], wa[v], wb[v], c);
      const uint8x16_t bytes = arm::q4::bytes16<K, kU8>(r, c);
      if (n == 16) {
        vst1q_u8(reinterpret_cast<uint8_t*>(dst), bytes);
        return;
      }
      arm::store_bytes_partial(reinterpret_cast<uint8_t*>(dst), bytes, n);
    }
  };
};

}  // namespace

const Kernels kKernelsNeondot = kernels<Sdot>(octet_isa_neondot);

}  // namespace octet::dwdot
