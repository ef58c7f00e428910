// Depthwise kernels for AArch64 NEON: src/core/dwconv_impl.h instantiated for
// xsimd::neon64. NEON has no vpmaddwd; smull + smull2 + addp does the same
// pair sum exactly.
#include <arm_neon.h>

#include "src/arm/neon/output_neon.h"
#include "src/core/dwconv_impl.h"
#include "src/arm/conv_kernels.h"
#include "src/arm/dwconv_expand.h"

namespace octet::dw {

template <>
struct DwPrims<xsimd::neon64> {
  using i16 = xsimd::batch<int16_t, xsimd::neon64>;
  using i32 = xsimd::batch<int32_t, xsimd::neon64>;

  static i32 madd(const i16& x, const i16& w) {
    const int16x8_t a = x, b = w;
    return vpaddq_s32(vmull_s16(vget_low_s16(a), vget_low_s16(b)), vmull_high_s16(a, b));
  }
  // u8 / s8 output in mode K: the NEON output stage (src/arm/neon/output_neon.h)
  // on (lo, hi) = channels 0-3, 4-7 of the block; constants held per block.
  template <simd::OutKind K, bool U8, bool Clamp>
  struct Epilogue {
    static constexpr bool kOneDnn = K == simd::OutKind::kOneDnn;
    float32x4_t a0, a1, b0, b1;
    arm::q4::Consts c;
    Epilogue(const RowArgs& a, size_t blk) : c(a.out) {
      a0 = arm::q4::load_words(a.wa + blk * 8);
      a1 = arm::q4::load_words(a.wa + blk * 8 + 4);
      b0 = arm::q4::load_words(a.wb + blk * 8);
      b1 = arm::q4::load_words(a.wb + blk * 8 + 4);
    }
    void operator()(const i32& lo, const i32& hi, void* dst, size_t n) const {
      const int16x8_t w = arm::q4::narrow_words<!kOneDnn>(arm::q4::to_int<K>(lo, a0, b0, c),
                                                           arm::q4::to_int<K>(hi, a1, b1, c), c.zp16);
      uint8x16_t b = arm::q4::narrow_bytes<U8>(w, w);
      if (!kOneDnn) b = arm::q4::clamp_bytes<U8>(b, c.min8, c.max8);
      if (n == 8) {
        vst1_u8(static_cast<uint8_t*>(dst), vget_low_u8(b));
      } else {
        arm::store_bytes_partial(static_cast<uint8_t*>(dst), b, n);
      }
    }
  };
  static void expand2(const void* src, uint8_t* dst, size_t C) { arm::expand2(src, dst, C); }
  static int16x8_t zero_point(int32_t zp) { return vdupq_n_s16(static_cast<int16_t>(zp)); }

  // 8 channels of rows a and b -> 4 int16 pairs (lo: channels 0-3) and 4 (hi: 4-7).
  template <bool S8>
  static void prep_block(const void* pa, const void* pb, int16x8_t zp, int16_t* dst) {
    int16x8_t a, b;
    if (S8) {
      a = vmovl_s8(vld1_s8(static_cast<const int8_t*>(pa)));
      b = vmovl_s8(vld1_s8(static_cast<const int8_t*>(pb)));
    } else {
      a = vreinterpretq_s16_u16(vmovl_u8(vld1_u8(static_cast<const uint8_t*>(pa))));
      b = vreinterpretq_s16_u16(vmovl_u8(vld1_u8(static_cast<const uint8_t*>(pb))));
    }
    a = vsubq_s16(a, zp);
    b = vsubq_s16(b, zp);
    vst1q_s16(dst, vzip1q_s16(a, b));
    vst1q_s16(dst + 8, vzip2q_s16(a, b));
  }

  static void store_raw(const i32& lo, const i32& hi, void* dst, size_t n) {
    const int32x4_t l = lo, h = hi;
    if (n == 8) {
      vst1q_s32(static_cast<int32_t*>(dst), l);
      vst1q_s32(static_cast<int32_t*>(dst) + 4, h);
    } else {
      int32_t tmp[8];
      vst1q_s32(tmp, l);
      vst1q_s32(tmp + 4, h);
      std::memcpy(dst, tmp, n * sizeof(int32_t));
    }
  }
};

void dwconv_prep_neon(const PrepArgs& p) { prep_row<xsimd::neon64>(p); }
void dwconv_3x3_neon(const RowArgs& a) { dw_row<xsimd::neon64, 2, 3>(a); }
void dwconv_5x5_neon(const RowArgs& a) { dw_row<xsimd::neon64, 3, 5>(a); }
void dwconv_rxs_neon(const RowArgs& a) { dw_row<xsimd::neon64, 0, 0>(a); }

const Kernels kKernelsNeon = {octet_isa_neon, 4, dwconv_prep_neon, dwconv_3x3_neon, dwconv_5x5_neon,
                              dwconv_rxs_neon, nullptr, nullptr, nullptr};

}  // namespace octet::dw
