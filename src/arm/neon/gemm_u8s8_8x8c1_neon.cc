// GEMM microkernel, 8 x 8 tile, one reduction element per group (c1), ARMv8.0
// NEON (no dot product): exact widening multiply-accumulate.
//
// Activations are taken as u8 (s8 input has its sign bit flipped, x + 128,
// with x_zp_eff = x_zp + 128 folded at packing, as for every u8 x s8 kernel),
// widened to int16 like the weights, and smlal/smlal2 by element multiply
// int16 x int16 into int32 accumulators: no intermediate ever saturates,
// whatever the values.
//
// Panel weights, c1: for each reduction element, the 8 weights of the 8
// columns (8 bytes). Registers: 16 accumulators (8 rows x 2 halves), 8
// activation vectors (8 elements of each row, int16), the widened weights.
// Main loop: 8 reduction elements per iteration = 128 smlal(2).
#include <arm_neon.h>

#include <cstring>

#include "src/arm/gemm_driver.h"
#include "src/arm/gemm_kernels.h"

namespace octet::arm {

namespace {

constexpr size_t MR = 8, NR = 8;

// 8 activations as u8 (sign bit flipped for s8 input), widened to int16.
template <bool kFlip>
inline int16x8_t widen8(const int8_t* p) {
  uint8x8_t v = vld1_u8(reinterpret_cast<const uint8_t*>(p));
  if (kFlip) v = veor_u8(v, vdup_n_u8(0x80));
  return vreinterpretq_s16_u16(vmovl_u8(v));
}

template <bool kFlip>
inline int16_t widen1(const int8_t* p) {
  const uint8_t v = *reinterpret_cast<const uint8_t*>(p);
  return static_cast<int16_t>(kFlip ? v ^ 0x80u : v);
}

#define OCTET_SMLAL_ELEMENT(J)                                               \
  {                                                                          \
    const int16x8_t wj = vmovl_s8(vld1_s8(wp + 8 * (J)));                    \
    const int16x4_t wlo = vget_low_s16(wj);                                  \
    for (size_t m = 0; m < MR; ++m) {                                        \
      lo[m] = vmlal_laneq_s16(lo[m], wlo, x[m], J);                          \
      hi[m] = vmlal_high_laneq_s16(hi[m], wj, x[m], J);                      \
    }                                                                        \
  }

// The kernel for the entry point (src/arm/gemm_driver.h): its 8 rows keep
// their accumulators in registers, so it has loops of its own.
struct Neon8x8c1 {
  template <bool kFlip>
  static void run(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, const void* w, void* c,
                  size_t cm_stride, const GemmParams* params) {
    const PanelHeader<> h(w, NR);
    int32x4_t lo[MR], hi[MR];
    {
      const int32x4_t f0 = vld1q_s32(h.folded), f1 = vld1q_s32(h.folded + 4);
      for (size_t m = 0; m < MR; ++m) {
        lo[m] = f0;
        hi[m] = f1;
      }
    }
    const int8_t* wp = h.weights_as<int8_t>();
    for (size_t t = 0; t < ks; ++t) {
      const int8_t* ap[MR];
      for (size_t m = 0; m < MR; ++m) ap[m] = static_cast<const int8_t*>(a[t * mr + (m < mr ? m : mr - 1)]);
      size_t k = kc;
      for (; k >= 8; k -= 8) {
#ifdef OCTET_MCA_MARKERS
        // Region names (bench/arm/mca.sh): kernel / input type.
        if constexpr (kFlip) {
          __asm__ volatile("// LLVM-MCA-BEGIN gemm_u8s8_8x8c1_neon/s8");
        } else {
          __asm__ volatile("// LLVM-MCA-BEGIN gemm_u8s8_8x8c1_neon/u8");
        }
#endif
        int16x8_t x[MR];
        for (size_t m = 0; m < MR; ++m) {
          x[m] = widen8<kFlip>(ap[m]);
          ap[m] += 8;
        }
        OCTET_SMLAL_ELEMENT(0)
        OCTET_SMLAL_ELEMENT(1)
        OCTET_SMLAL_ELEMENT(2)
        OCTET_SMLAL_ELEMENT(3)
        OCTET_SMLAL_ELEMENT(4)
        OCTET_SMLAL_ELEMENT(5)
        OCTET_SMLAL_ELEMENT(6)
        OCTET_SMLAL_ELEMENT(7)
        wp += 8 * NR;
#ifdef OCTET_MCA_MARKERS
        __asm__ volatile("// LLVM-MCA-END");
#endif
      }
      for (; k != 0; --k) {
        const int16x8_t wj = vmovl_s8(vld1_s8(wp));
        const int16x4_t wlo = vget_low_s16(wj);
        for (size_t m = 0; m < MR; ++m) {
          const int16_t xm = widen1<kFlip>(ap[m]++);
          lo[m] = vmlal_n_s16(lo[m], wlo, xm);
          hi[m] = vmlal_high_n_s16(hi[m], wj, xm);
        }
        wp += NR;
      }
    }
    for (size_t m = 0; m < mr; ++m) {
      int32x4_t row[2] = {lo[m], hi[m]};
      finish_row<NR>(row, h, params->a_sums, m, nc, params, static_cast<char*>(c) + m * cm_stride);
    }
  }
};

#undef OCTET_SMLAL_ELEMENT

}  // namespace
}  // namespace octet::arm

// Multiplies u8 activations (u8act true).
OCTET_ARM_GEMM_KERNEL(gemm_u8s8_8x8c1_neon, true, Neon8x8c1)
