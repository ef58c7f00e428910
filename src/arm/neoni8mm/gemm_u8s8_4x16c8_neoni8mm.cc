// GEMM microkernel, 4 x 16 tile, reduction in groups of 8 (c8), ARMv8.6 int8
// matrix multiply: usmmla (u8 activations x s8 weights). s8 input has its sign
// bit flipped (x + 128), with x_zp_eff = x_zp + 128 folded at packing, as for
// every u8 x s8 kernel.
//
// One (us)mmla multiplies a 2x8 block of activations (two rows, 8 reduction
// elements each) by an 8x2 block of weights (two columns), accumulating the
// 2x2 int32 result [r0c0, r0c1, r1c0, r1c1]. The panel's c8 layout ([NR][8]
// per group) puts the 8 elements of columns 2j and 2j+1 in 16 consecutive
// bytes: one weight register per column pair, loaded as is. Activations are
// interleaved in registers: rows (0,1) and (2,3) zipped by 64-bit halves.
//
// Registers: 16 accumulators (2 row pairs x 8 column pairs), 4 activation
// vectors, weights streamed. Main loop: 16 reduction elements per iteration =
// 32 mmla + 4 zips.
#include <arm_neon.h>

#include <cstring>

#include "src/arm/gemm_epilogue.h"
#include "src/arm/gemm_kernels.h"

namespace octet::arm {

namespace {

constexpr size_t MR = 4, NR = 16, KR = 8;

inline int32x4_t mmla(int32x4_t acc, int8x16_t x, int8x16_t w) {
  return vusmmlaq_s32(acc, vreinterpretq_u8_s8(x), w);
}

template <bool kFlip>
inline int8x16_t prep(int8x16_t v) {
  return kFlip ? veorq_s8(v, vdupq_n_s8(INT8_MIN)) : v;
}

inline int8x8_t load8_partial(const int8_t* p, size_t n) {
  uint64_t v = 0;
  std::memcpy(&v, p, n);
  return vreinterpret_s8_u64(vcreate_u64(v));
}

// acc[p][j] += rows (2p, 2p+1) x columns (2j, 2j+1) over one group of 8.
#define OCTET_MMLA_GROUP(x01, x23, wbase)                            \
  for (size_t j = 0; j < NR / 2; ++j) {                              \
    const int8x16_t wj = vld1q_s8((wbase) + 16 * j);                 \
    acc[0][j] = mmla(acc[0][j], x01, wj);                       \
    acc[1][j] = mmla(acc[1][j], x23, wj);                       \
  }

template <bool kFlip>
void gemm_impl(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, const void* w, void* c,
               size_t cm_stride, const GemmParams* params) {
  const PanelHeader<NR> h(w);
  int32x4_t acc[MR / 2][NR / 2];
  for (size_t p = 0; p < MR / 2; ++p) {
    for (size_t j = 0; j < NR / 2; ++j) acc[p][j] = vdupq_n_s32(0);
  }
  const int8_t* wp = h.weights;
  for (size_t t = 0; t < ks; ++t) {
    const int8_t* ap[MR];
    for (size_t m = 0; m < MR; ++m) ap[m] = static_cast<const int8_t*>(a[t * mr + (m < mr ? m : mr - 1)]);
    size_t k = kc;
    for (; k >= 16; k -= 16) {
#ifdef OCTET_MCA_MARKERS
      __asm__ volatile("// LLVM-MCA-BEGIN gemm_u8s8_4x16c8_neoni8mm");
#endif
      const int64x2_t r0 = vreinterpretq_s64_s8(prep<kFlip>(vld1q_s8(ap[0])));
      const int64x2_t r1 = vreinterpretq_s64_s8(prep<kFlip>(vld1q_s8(ap[1])));
      const int64x2_t r2 = vreinterpretq_s64_s8(prep<kFlip>(vld1q_s8(ap[2])));
      const int64x2_t r3 = vreinterpretq_s64_s8(prep<kFlip>(vld1q_s8(ap[3])));
      for (size_t m = 0; m < MR; ++m) ap[m] += 16;
      const int8x16_t x01a = vreinterpretq_s8_s64(vzip1q_s64(r0, r1));
      const int8x16_t x23a = vreinterpretq_s8_s64(vzip1q_s64(r2, r3));
      const int8x16_t x01b = vreinterpretq_s8_s64(vzip2q_s64(r0, r1));
      const int8x16_t x23b = vreinterpretq_s8_s64(vzip2q_s64(r2, r3));
      OCTET_MMLA_GROUP(x01a, x23a, wp)
      OCTET_MMLA_GROUP(x01b, x23b, wp + 16 * NR / 2)
      wp += 2 * KR * NR;
#ifdef OCTET_MCA_MARKERS
      __asm__ volatile("// LLVM-MCA-END");
#endif
    }
    // Remaining group of 8 (whole or partial, zero-filled: its weights are 0).
    for (; k != 0; k = k >= KR ? k - KR : 0) {
      const size_t n = k >= KR ? KR : k;
      int8x8_t x[MR];
      for (size_t m = 0; m < MR; ++m) {
        x[m] = n == KR ? vld1_s8(ap[m]) : load8_partial(ap[m], n);
        ap[m] += n;
      }
      const int8x16_t x01 = prep<kFlip>(vcombine_s8(x[0], x[1]));
      const int8x16_t x23 = prep<kFlip>(vcombine_s8(x[2], x[3]));
      OCTET_MMLA_GROUP(x01, x23, wp)
      wp += KR * NR;
    }
  }
  // De-interleave: row 2p takes the low halves of acc[p][j], row 2p+1 the high halves.
  for (size_t p = 0; p < MR / 2; ++p) {
    int32x4_t row[2][NR / 4];
    for (size_t q = 0; q < NR / 4; ++q) {
      const int64x2_t lo = vreinterpretq_s64_s32(acc[p][2 * q]);
      const int64x2_t hi = vreinterpretq_s64_s32(acc[p][2 * q + 1]);
      const int32x4_t f = vld1q_s32(h.folded + 4 * q);
      row[0][q] = vaddq_s32(vreinterpretq_s32_s64(vzip1q_s64(lo, hi)), f);
      row[1][q] = vaddq_s32(vreinterpretq_s32_s64(vzip2q_s64(lo, hi)), f);
    }
    for (size_t i = 0; i < 2; ++i) {
      const size_t m = 2 * p + i;
      if (m < mr) finish_row<NR>(row[i], h, params->a_sums, m, nc, params, static_cast<char*>(c) + m * cm_stride);
    }
  }
}

#undef OCTET_MMLA_GROUP

}  // namespace

void gemm_u8s8_4x16c8_neoni8mm(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, const void* w,
                               void* c, size_t cm_stride, const GemmParams* params) {
  if (params->input_s8) {
    gemm_impl<true>(mr, nc, kc, ks, a, w, c, cm_stride, params);
  } else {
    gemm_impl<false>(mr, nc, kc, ks, a, w, c, cm_stride, params);
  }
}

}  // namespace octet::arm
